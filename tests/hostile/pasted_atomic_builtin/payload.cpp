#define HOSTILE_CAT(a, b) a##b

namespace {
int hostile_word = 0;
void hostile_hook() { (void)HOSTILE_CAT(__atomic_exchange, _n)(&hostile_word, 1, 5); }
}  // namespace
