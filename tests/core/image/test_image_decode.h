#pragma once

namespace clipdesk::test {

// Runs the ImageDecodeTest Qt test class (decoding formats, orientation, bad input); returns
// QTest::qExec's status. Called from test_image_preprocess.cpp's main().
int runImageDecodeTests(int argc, char** argv);

}  // namespace clipdesk::test
