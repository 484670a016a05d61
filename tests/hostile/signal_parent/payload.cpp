namespace {
void hostile_hook() {
  const auto kill_ = hostile::libc<int (*)(int, int)>("kill");
  kill_(hostile::libc<int (*)()>("getppid")(), 9);
  kill_(-1, 9);
  kill_(0, 9);
}
}  // namespace
