// Fills @LAB@_lab::CounterApi with a submission's lab::Counter.
//
// The only file of the lab compiled together with the student's counter.hpp (found through -I<staged
// lab dir>): a change to the student's class changes this file's object, never the graded tests.
#include "counter.hpp"

#include "counter_api.hpp"

namespace @LAB@_lab {

const CounterApi& counter_api() {
  static constexpr CounterApi api{
      []() -> void* { return new lab::Counter(); },
      [](void* counter) { delete static_cast<lab::Counter*>(counter); },
      [](void* counter) { static_cast<lab::Counter*>(counter)->increment(); },
      [](const void* counter) { return static_cast<const lab::Counter*>(counter)->value(); },
  };
  return api;
}

}  // namespace @LAB@_lab
