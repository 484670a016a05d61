// VirtualMachine::run and Thread: interpreter threads started on real threads, handed the baton in turn.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "harness/test_thread.hpp"
#include "machine_state.hpp"
#include "thread_registry.hpp"
#include "wait_hook.hpp"

namespace harness::gil {
namespace {

std::atomic<VirtualMachine::State*> g_active{nullptr};
thread_local Thread::Impl* t_self = nullptr;
constexpr int kRealStepSpins = 200;  // a real-threads step: well under a microsecond, also under TSan

// lab::cpu_relax and lab::yield on an interpreter thread: virtual CPU time, then the others' turn.
void on_wait(void* context) noexcept {
  auto& me = *static_cast<Thread::Impl*>(context);
  const lab::detail::OpSite op = harness::current_thread_state().op.get();
  Lock lock(me.machine.mutex);
  me.site = Site{std::string("lab::") + lab::detail::op_name(op.kind), op.file != nullptr ? op.file : "", op.line};
  me.poll_site = me.site;
  spend(lock, me, kRelaxCost, true);
}

bool real_threads(const Thread::Impl& me) { return me.machine.config.real_threads; }

// Real time since the run began, in ns (Config::real_threads).
vtime real_now(const VirtualMachine::State& machine) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - machine.started).count();
}

// Marks `me` finished and hands the baton on (also when its body threw).
void finish(Thread::Impl& me) {
  Lock lock(me.machine.mutex);
  me.status = Thread::Impl::Status::done;
  me.queue = nullptr;
  VirtualMachine::State& machine = me.machine;
  machine.end = std::max(machine.end, real_threads(me) ? real_now(machine) : me.clock);
  if (++machine.finished == static_cast<int>(machine.threads.size())) machine.all_done.notify_all();
  if (!real_threads(me)) reschedule(lock, me);
}

// The body of one interpreter thread's real thread: wait for the baton, run, hand it on. With
// Config::real_threads it runs at once, and lab::cpu_relax/yield are the real ones (no hook).
void run_thread(Thread::Impl& me, const std::function<void(Thread&)>& body) {
  t_self = &me;
  if (!real_threads(me)) {
    harness::set_wait_hook(&on_wait, &me);
    Lock lock(me.machine.mutex);
    me.baton.wait(lock, [&] { return me.machine.current == &me; });
  }
  struct Finisher {
    Thread::Impl& me;
    ~Finisher() { finish(me); }
  } finisher{me};
  Thread thread = Thread::Impl::make_handle(me);
  body(thread);
}

}  // namespace

VirtualMachine::State* active_machine() noexcept { return g_active.load(std::memory_order_acquire); }
Thread::Impl* calling_thread() noexcept { return t_self; }

std::string Site::describe() const {
  if (file.empty()) return what;
  const char* slash = std::strrchr(file.c_str(), '/');
  return what + " at " + (slash != nullptr ? slash + 1 : file.c_str()) + ":" + std::to_string(line);
}

lab::gil::ThreadState& Thread::state() noexcept { return impl_->state; }
int Thread::id() const noexcept { return impl_->id; }
const std::string& Thread::name() const noexcept { return impl_->name; }
vtime Thread::now() const noexcept { return real_threads(*impl_) ? real_now(impl_->machine) : impl_->clock; }
vtime Thread::cpu() const noexcept { return impl_->cpu; }

// Real threads: no lock and no baton (either would order the threads and hide their races), a
// little real work so that the holder holds while the others run; the watchdog sees the step.
void Thread::step() {
  if (real_threads(*impl_)) {
    for (int spin = 0; spin < kRealStepSpins; ++spin) asm volatile("" : "+r"(spin));  // not optimised away
    impl_->cpu += kStepCost;
    harness::progress();
    return;
  }
  Lock lock(impl_->machine.mutex);
  spend(lock, *impl_, kStepCost, true);
}

void Thread::io(vtime duration) {
  if (real_threads(*impl_)) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::max<vtime>(duration, 0)));
    harness::progress();
    return;
  }
  Lock lock(impl_->machine.mutex);
  impl_->site = Site{"I/O", "", 0};
  sleep_in(lock, *impl_, nullptr, impl_->clock + std::max<vtime>(duration, 0));
}

Site Thread::last_site() const {
  Lock lock(impl_->machine.mutex);
  return impl_->site;
}

Site Thread::last_poll_site() const {
  Lock lock(impl_->machine.mutex);
  return impl_->poll_site;
}

std::vector<Site> Thread::sites_by_thread() const {
  Lock lock(impl_->machine.mutex);
  std::vector<Site> sites;
  for (const auto& thread : impl_->machine.threads) sites.push_back(thread->site);
  return sites;
}

VirtualMachine::VirtualMachine(Config config) : state_(std::make_unique<State>()) { state_->config = config; }
VirtualMachine::~VirtualMachine() = default;

vtime VirtualMachine::end_time() const noexcept { return state_->end; }

void VirtualMachine::run(std::vector<ThreadSpec> specs) {
  State& machine = *state_;
  VirtualMachine::State* expected = nullptr;
  if (!g_active.compare_exchange_strong(expected, &machine)) throw std::logic_error("VirtualMachine::run: another machine is running");
  machine.started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    machine.threads.push_back(std::make_unique<Thread::Impl>(machine, static_cast<int>(i), specs[i].name));
  }
  {
    std::vector<std::unique_ptr<TestThread>> threads;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      Thread::Impl& me = *machine.threads[i];
      threads.push_back(std::make_unique<TestThread>(me.name, [&me, &body = specs[i].body] { run_thread(me, body); }));
    }
    Lock lock(machine.mutex);
    if (!machine.threads.empty() && !machine.config.real_threads) {
      machine.current = machine.threads.front().get();  // all start at 0: the lowest id first
      machine.current->baton.notify_one();
    }
    machine.all_done.wait(lock, [&] { return machine.finished == static_cast<int>(machine.threads.size()); });
  }  // joins
  g_active.store(nullptr, std::memory_order_release);
}

}  // namespace harness::gil
