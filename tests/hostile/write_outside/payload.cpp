namespace {
// Inside the sandbox the writes fail or land in its private /tmp; the test checks the host for sentinels.
void hostile_hook() { [[maybe_unused]] static const int escaped = hostile::write_sentinels(__FILE__); }
}  // namespace
