#pragma once

namespace clipdesk {

// A TCP port of 127.0.0.1 that nothing listens on now, for the rendezvous of ranks started
// on this machine (a moment later: another program could take it in between, then joining
// fails with a message). Throws std::runtime_error when no socket can be opened.
int freeLoopbackPort();

}  // namespace clipdesk
