// lab::usage_error: how student code reports misuse of its primitive (e.g. unlock of an unlocked lock).
#pragma once

#include "lab/source_location.hpp"

namespace lab {

// Reports that the caller misused a primitive, e.g. unlock() of a lock that is not locked. It does not
// abort: the harness records the message and the caller's file:line, the current test fails with it,
// and the primitive must return leaving its state unchanged (still usable).
void usage_error(const char* what, lab::source_location where = lab::source_location::current()) noexcept;

}  // namespace lab
