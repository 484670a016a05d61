#include <lab/lab.hpp>  // brings <atomic>, which the lab forbids to include directly

namespace hidden {
using namespace std;
template <template <class> class Cell>
struct Box {
  Cell<int> value{0};
};
typedef Box<atomic> counter_box;
}  // namespace hidden

namespace {
hidden::counter_box box;
void hostile_hook() { box.value.fetch_add(1); }
}  // namespace
