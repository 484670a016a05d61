// The old GIL (Python 2: release and take again every check interval) and the new one (CPython 3.2+).
#include "gil.hpp"

namespace lab {

void OldGil::take(gil::ThreadState&) { lab::todo("OldGil::take"); }

void OldGil::drop(gil::ThreadState&) { lab::todo("OldGil::drop"); }

bool OldGil::eval_breaker(gil::ThreadState&) { lab::todo("OldGil::eval_breaker"); }

void NewGil::take(gil::ThreadState&) { lab::todo("NewGil::take"); }

void NewGil::drop(gil::ThreadState&) { lab::todo("NewGil::drop"); }

bool NewGil::eval_breaker(gil::ThreadState&) { lab::todo("NewGil::eval_breaker"); }

}  // namespace lab
