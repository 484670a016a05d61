// Test data for the static checks: forbidden names hide in comments and literals; three are real.
// std::mutex in a line comment \
   and std::mutex continued onto this line, still a comment
#include "locks.hpp"
#include <lab/lab.hpp>

/* std::mutex m; syscall(1); asm("pause"); */
static const char* doc = "use std::mutex and syscall";
static const char* raw = R"lock(
  std::mutex m;   )" still inside: "
  asm("pause");
)lock";
static const char quote = '"';
static const int million = 1'000'000;
static lab::atomic<int> my_atomic_flag_word{0};

int sneaky() {
  std::
      mutex* m = nullptr;  // a real use (line 18), split over two lines
  (void)m;
  return million + quote + doc[0] + raw[0];
}

long sneakier() { return sys\
call(0); }  // a real use (line 24), joined by a continuation

#define PAUSE() __asm__("pause")
