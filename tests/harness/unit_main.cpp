// GoogleTest's ordinary main for the harness's own tests (the harness archive's main is for graded tests).
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
