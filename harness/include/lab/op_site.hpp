// Describes one lab:: operation at its call site, for the harness's hooks (perturbation, watchdog, evidence).
#pragma once

#include <atomic>
#include <cstdint>
#include "lab/source_location.hpp"

namespace lab::detail {

// What kind of lab:: operation a thread is performing. Kept small: it is stored per thread on every
// operation in instrumented builds.
enum class OpKind : std::uint8_t {
  none,
  load,
  store,
  exchange,
  compare_exchange,
  fetch_modify,  // fetch_add, fetch_sub, fetch_and, fetch_or, fetch_xor and the compound operators
  futex_wait,
  futex_wake,
  cpu_relax,
  yield,
  plain_read,   // a plain (non-atomic) load in student code (controlled builds, docs/controlled.md)
  plain_write,  // a plain (non-atomic) store in student code
};

// Printable name of an operation kind ("load", "futex_wait", ...).
const char* op_name(OpKind kind) noexcept;

// One operation at one call site. `file` may be null when the site is unknown (operators such as ++
// cannot carry a source location). `value` is the futex expected value or the stored/desired value
// where that is cheap to record (the access size for plain accesses); 0 otherwise. `pc`: the code address
// of a plain access, for which no source location exists (the trace maps it to a line); null otherwise.
struct OpSite {
  OpKind kind = OpKind::none;
  std::memory_order order = std::memory_order_seq_cst;
  const void* address = nullptr;
  const char* file = nullptr;
  std::uint32_t line = 0;
  std::uint64_t value = 0;
  const void* pc = nullptr;
};

inline OpSite make_site(OpKind kind, std::memory_order order, const void* address,
                        const lab::source_location& loc, std::uint64_t value = 0) noexcept {
  return OpSite{kind, order, address, loc.file_name(), loc.line(), value, nullptr};
}

// Called by instrumented lab::atomic before every operation (a scheduling point): records the site for
// the watchdog and sanitizer evidence and, in perturbation builds, may yield or delay. Thread-safe.
void before_atomic(const OpSite& site) noexcept;

}  // namespace lab::detail
