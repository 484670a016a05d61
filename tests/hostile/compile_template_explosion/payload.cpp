namespace {
// Each level instantiates two new, distinct templates: 2^40 instantiations in all.
template <int N, unsigned long long M>
struct Explode {
  static constexpr unsigned long long value = Explode<N - 1, 2 * M>::value + Explode<N - 1, 2 * M + 1>::value;
};
template <unsigned long long M>
struct Explode<0, M> {
  static constexpr unsigned long long value = M;
};
[[maybe_unused]] constexpr unsigned long long explosion = Explode<40, 0>::value;
}  // namespace
