#pragma once
// `clipdesk-cli train --nproc-per-node N`: this machine's N ranks of a data-parallel run,
// started the way torchrun starts them: the same command line again, N times, each with the
// torch.distributed environment (MASTER_ADDR=127.0.0.1, a free MASTER_PORT, RANK, LOCAL_RANK,
// WORLD_SIZE).

namespace clipdesk::cli {

// Starts the ranks, waits for all of them and returns 0 when all succeeded, else the exit
// status of the first that failed (reported on stderr with its rank). Ctrl-C reaches the
// ranks, which stop together after saving a checkpoint.
int runLocalRanks(int count);

}  // namespace clipdesk::cli
