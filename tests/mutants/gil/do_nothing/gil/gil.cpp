// The old GIL (Python 2: release and take again every check interval) and the new one (CPython 3.2+).
#include "gil.hpp"

namespace lab {

void OldGil::take(gil::ThreadState&) {}
void OldGil::drop(gil::ThreadState&) {}
bool OldGil::eval_breaker(gil::ThreadState&) { return false; }

void NewGil::take(gil::ThreadState&) {}
void NewGil::drop(gil::ThreadState&) {}
bool NewGil::eval_breaker(gil::ThreadState&) { return false; }

}  // namespace lab
