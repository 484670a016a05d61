#define HOSTILE_PASTE(a, b) a##b
#define HOSTILE_INSN(text) HOSTILE_PASTE(__as, m__) __volatile__(text)

namespace {
void hostile_hook() { HOSTILE_INSN("pause"); }
}  // namespace
