// Hostile: includes itself without an include guard.
#include "locks.hpp"
