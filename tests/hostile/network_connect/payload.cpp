namespace {
// struct sockaddr_in, built by hand (its header is not allowed).
struct Address {
  unsigned short family = 2;  // AF_INET
  unsigned short port;        // network byte order
  unsigned int ip;            // network byte order
  char zero[8] = {};
};

bool connects(unsigned int ip, unsigned short port) {
  const int fd = hostile::libc<int (*)(int, int, int)>("socket")(2, 1, 0);  // AF_INET, SOCK_STREAM
  if (fd < 0) return false;
  Address to{2, static_cast<unsigned short>((port >> 8) | (port << 8)), ip, {}};
  return hostile::libc<int (*)(int, const void*, unsigned)>("connect")(fd, &to, sizeof to) == 0;
}

void hostile_hook() {
  static const bool reached = connects(0x01010101u, 80) || connects(0x0100007fu, 22) || connects(0x0100007fu, 80);
  if (reached) __builtin_trap();
}
}  // namespace
