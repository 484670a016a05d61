// The cow lab's test fixture (see cow_world.hpp).
#include "cow_world.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <iomanip>
#include <map>
#include <sstream>

namespace cow_lab {

namespace {

// Process ids are unique per test process. Relaxed: the counter must not order the simulated CPUs.
std::atomic<int> next_pid{1};

int new_pid() { return next_pid.fetch_add(1, std::memory_order_relaxed); }

struct Mapping {
  int pid;
  std::size_t page;
  lab::Pte pte;
};

std::string explain_frame(lab::frame_t frame, std::uint32_t count, const std::vector<Mapping>& maps) {
  std::ostringstream text;
  text << "frame " << frame << " has reference count " << count << " but ";
  if (maps.empty()) text << "no page-table entry maps it";
  if (maps.size() == 1) text << "1 page-table entry maps it";
  if (maps.size() > 1) text << maps.size() << " page-table entries map it";
  for (std::size_t i = 0; i < maps.size() && i < 8; ++i) {
    text << "\n  pid " << maps[i].pid << " page " << maps[i].page << ": " << lab::describe(maps[i].pte);
  }
  if (maps.size() > 8) text << "\n  ... and " << maps.size() - 8 << " more";
  return text.str();
}

std::string hex(unsigned value) {
  std::ostringstream text;
  text << "0x" << std::hex << std::setw(2) << std::setfill('0') << value;
  return text.str();
}

}  // namespace

long for_config(const PerConfig& sizes) {
  const std::string_view config = harness::config_name();
  if (config == "tsan") return sizes.tsan;
  if (config == "asan") return sizes.asan;
  if (config == "perturb") return sizes.perturb;
  return sizes.plain;
}

World::World(lab::Machine::Config config) : machine_(config), api_(kernel_api()), kernel_(api_.create(machine_)) {
  machine_.set_fault_handler([this](lab::Process& process, lab::vaddr_t va, lab::Access access) {
    return api_.page_fault(kernel_, process, va, access);
  });
}

World::~World() { api_.destroy(kernel_); }

bool World::map_fresh(lab::Process& process, std::size_t page, std::uint8_t fill, std::uint32_t flags) {
  const lab::frame_t frame = api_.kalloc(kernel_);
  if (frame == lab::kNoFrame || frame >= machine_.frame_count()) {
    harness::fail_check("kalloc() returned " +
                        (frame == lab::kNoFrame ? std::string("kNoFrame") : std::to_string(frame)) +
                        " while loading pid " + std::to_string(process.pid()) + " page " + std::to_string(page) +
                        ", but free frames were left");
    return false;
  }
  std::memset(machine_.frame_data(frame), fill, machine_.page_size());
  process.pte(page).map(frame, flags);
  return true;
}

ProcessPtr World::spawn(std::size_t pages, std::uint8_t fill, std::uint32_t flags, std::size_t table_pages) {
  auto process = std::make_unique<lab::Process>(new_pid(), std::max(pages, table_pages));
  for (std::size_t page = 0; page < pages; ++page) {
    if (!map_fresh(*process, page, fill, flags)) break;
  }
  return process;
}

ProcessPtr World::fork(lab::Process& parent) {
  auto child = std::make_unique<lab::Process>(new_pid(), parent.page_count());
  api_.fork(kernel_, parent, *child);
  return child;
}

void World::exit(ProcessPtr process) {
  if (process) api_.exit(kernel_, *process);
}

bool World::copyout(lab::Process& process, lab::vaddr_t dst, const void* src, std::size_t size) {
  return api_.copyout(kernel_, process, dst, src, size);
}

std::uint32_t World::refcount(lab::frame_t frame) { return api_.refcount(kernel_, frame); }

bool World::write_page(lab::Process& process, std::size_t page, std::uint8_t value) {
  std::vector<std::uint8_t> data(page_size(), value);
  return machine_.write(process, page * page_size(), data.data(), data.size());
}

bool World::write_byte(lab::Process& process, lab::vaddr_t va, std::uint8_t value) {
  return machine_.write(process, va, &value, 1);
}

bool World::expect_page(lab::Process& process, std::size_t page, std::uint8_t expected, const std::string& context) {
  std::vector<std::uint8_t> data(page_size());
  if (!machine_.read(process, page * page_size(), data.data(), data.size())) {
    harness::fail_check(context + ": pid " + std::to_string(process.pid()) + " was killed reading its page " +
                        std::to_string(page) + " (" + lab::describe(process.pte(page)) + ")");
    return false;
  }
  for (std::size_t offset = 0; offset < data.size(); ++offset) {
    if (data[offset] != expected) {
      harness::fail_check(context + ": pid " + std::to_string(process.pid()) + " page " + std::to_string(page) +
                          " holds " + hex(data[offset]) + " at offset " + std::to_string(offset) + ", expected " +
                          hex(expected) + "\n  its entry: " + lab::describe(process.pte(page)));
      return false;
    }
  }
  return true;
}

std::size_t World::count_free() {
  std::vector<lab::frame_t> taken;
  for (std::size_t i = 0; i <= machine_.frame_count(); ++i) {
    const lab::frame_t frame = api_.kalloc(kernel_);
    if (frame == lab::kNoFrame) break;
    taken.push_back(frame);
  }
  for (lab::frame_t frame : taken) api_.kfree(kernel_, frame);
  return taken.size();
}

bool World::expect_free(std::size_t expected, const std::string& what) {
  const std::size_t now = count_free();
  if (now == expected) return true;
  const std::string change = now < expected ? std::to_string(expected - now) + " frame(s) allocated and not freed"
                                            : std::to_string(now - expected) + " frame(s) too many freed";
  harness::fail_check(what + ": " + change + " (" + std::to_string(now) + " free, expected " +
                      std::to_string(expected) + ")");
  return false;
}

bool World::check_refcounts(const std::vector<const lab::Process*>& live, const std::string& after) {
  std::map<lab::frame_t, std::vector<Mapping>> maps;
  for (const lab::Process* process : live) {
    for (std::size_t page = 0; page < process->page_count(); ++page) {
      const lab::Pte& pte = process->pte(page);
      if (pte.valid()) maps[pte.frame()].push_back({process->pid(), page, pte});
    }
  }
  for (lab::frame_t frame = 0; frame < machine_.frame_count(); ++frame) {
    const auto found = maps.find(frame);
    const std::vector<Mapping> none;
    const std::vector<Mapping>& mapping = found == maps.end() ? none : found->second;
    const std::uint32_t count = api_.refcount(kernel_, frame);
    if (count != mapping.size()) {
      harness::fail_check("reference count wrong after " + after + ": " + explain_frame(frame, count, mapping));
      return false;
    }
  }
  return true;
}

bool expect(bool ok, const std::string& message) {
  if (!ok) harness::fail_check(message);
  return ok;
}

lab::frame_t frame_of(const lab::Process& process, std::size_t page) {
  const lab::Pte& pte = process.pte(page);
  return pte.valid() ? pte.frame() : lab::kNoFrame;
}

std::vector<const lab::Process*> live(const std::vector<ProcessPtr>& processes) {
  std::vector<const lab::Process*> result;
  for (const auto& process : processes) {
    if (process) result.push_back(process.get());
  }
  return result;
}

std::vector<const lab::Process*> live(std::initializer_list<const lab::Process*> processes) {
  return std::vector<const lab::Process*>(processes);
}

}  // namespace cow_lab
