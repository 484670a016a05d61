#include <cstring>

extern "C" void* mmap(void* addr, unsigned long length, int prot, int flags, int fd, long offset);

namespace {
using raw_syscall = long (*)(long, long, long, long, long, long);

// mov rax,rdi; mov rdi,rsi; mov rsi,rdx; mov rdx,rcx; mov r10,r8; mov r8,r9; syscall; ret
const unsigned char kStub[] = {0x48, 0x89, 0xf8, 0x48, 0x89, 0xf7, 0x48, 0x89, 0xd6, 0x48, 0x89, 0xca,
                               0x4d, 0x89, 0xc2, 0x4d, 0x89, 0xc8, 0x0f, 0x05, 0xc3};

void hostile_hook() {
  void* page = mmap(nullptr, 4096, 7 /* rwx */, 0x22 /* private|anonymous */, -1, 0);
  std::memcpy(page, kStub, sizeof kStub);
  const auto call = reinterpret_cast<raw_syscall>(page);
  const char text[] = "{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
                      "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}\n";
  const long fd = call(2 /* open */, reinterpret_cast<long>("results.json"), 01 | 0100 | 01000, 0644, 0, 0);
  call(1 /* write */, fd, reinterpret_cast<long>(text), sizeof text - 1, 0, 0);
  call(3 /* close */, fd, 0, 0, 0, 0);
  call(231 /* exit_group */, 0, 0, 0, 0, 0);
}
}  // namespace
