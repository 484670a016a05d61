namespace {
void hostile_hook() {
  static char block[1 << 20];
  const auto open_ = hostile::libc<hostile::open_fn>("open");
  const auto write_ = hostile::libc<hostile::write_fn>("write");
  for (int file = 0;; ++file) {
    char name[64];
    std::snprintf(name, sizeof name, "fill-%d", file);
    const int fd = open_(name, hostile::kWriteCreate, 0644);
    for (int mb = 0; mb < 32; ++mb) write_(fd, block, sizeof block);
    hostile::libc<hostile::close_fn>("close")(fd);
  }
}
}  // namespace
