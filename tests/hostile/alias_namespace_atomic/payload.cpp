#include <lab/lab.hpp>  // brings <atomic>, which the lab forbids to include directly

namespace s_t_d = std;

namespace {
s_t_d::atomic<bool> hostile_flag{false};
void hostile_hook() { hostile_flag.exchange(true); }
}  // namespace
