#include "../../../../solutions/mutex/locks.cpp"
