#include "/work/main/harness/labs/mutex/futex_mutex_test.cpp"
