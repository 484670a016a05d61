// Your user-level threads library: replace each lab::todo(...) with your code (see README.md).
#include "uthread.hpp"

// Called by the starter switch.S until you write the switch; delete it then.
extern "C" void uthread_switch_todo() { lab::todo("uthread_switch (switch.S)"); }

namespace lab {
namespace {

// The one Threads object (one test, one CPU); entry() needs it on a new thread's stack.
Threads* instance = nullptr;

}  // namespace

// ---- creation and the first run of a thread ----------------------------------------------------------

// Given: the calling thread becomes thread 0, running, with no Stack of its own.
Threads::Threads(Config config) : config_(config) {
  InterruptsOff off;
  instance = this;
  auto main = std::make_unique<Thread>();
  main->id = 0;
  main->priority = config.main_priority;
  main->state = Thread::State::running;
  current_ = main.get();
  threads_.push_back(std::move(main));
}

// Given: frees every record (and stack) left.
Threads::~Threads() {
  InterruptsOff off;
  threads_.clear();
  instance = nullptr;
}

// With interrupts off: a new Thread (id = its index in threads_), a Stack, context.stack = that stack,
// and the fresh stack laid out so that uthread_switch "returns" into Threads::entry with the stack
// 16-byte aligned (README.md draws it). Then make it ready.
int Threads::create(ThreadFn fn, void* arg, int priority) {
  (void)fn;
  (void)arg;
  (void)priority;
  lab::todo("Threads::create");
}

// A new thread starts here, on its own stack, with interrupts off: lab::thread_begin(), enable
// interrupts, run fn(arg), exit().
void Threads::entry() { lab::todo("Threads::entry"); }

// ---- the scheduler (interrupts off in every function of this section) -----------------------------------

// State ready, at the back of ready_.
void Threads::make_ready(Thread* thread) {
  (void)thread;
  lab::todo("Threads::make_ready");
}

// Round robin: the front of ready_. Priority: the first thread of highest priority (scan with
// ready_.front() and ready_.next(t), then ready_.remove(best)).
Thread* Threads::pick_next() { lab::todo("Threads::pick_next"); }

// current_ has been queued, blocked or ended already. While ready_ is empty: idle_ = true, lab::halt().
// Then pick the next thread, mark it running, reset slice_, and lab::switch_context to it (unless it is
// current_ itself).
void Threads::schedule() { lab::todo("Threads::schedule"); }

// Count the tick; move every sleeper that is due to the ready list; unless idle_, preempt the running
// thread (yield) once it has used config_.quantum ticks.
void Threads::on_timer_tick() { lab::todo("Threads::on_timer_tick"); }

// ---- the thread operations ----------------------------------------------------------------------------

void Threads::yield() { lab::todo("Threads::yield"); }

// With interrupts off for good: mark dead, make the joiner (if any) ready, schedule() away.
void Threads::exit() { lab::todo("Threads::exit"); }

// Block until the thread is dead (it may be dead already!), then free its record and stack.
void Threads::join(int id) {
  (void)id;
  lab::todo("Threads::join");
}

// Off the ready list until the tick count reaches now + ticks; never a loop that checks the time.
void Threads::sleep(std::uint64_t ticks) {
  (void)ticks;
  lab::todo("Threads::sleep");
}

int Threads::self() const { lab::todo("Threads::self"); }

// ---- the mutex ----------------------------------------------------------------------------------------

// Free: take it. Held: join waiters_, block, schedule(); unlock() hands it over to you.
void Mutex::lock() { lab::todo("Mutex::lock"); }

// Hand the mutex to the first waiter (make it ready), or mark it free when nobody waits.
void Mutex::unlock() { lab::todo("Mutex::unlock"); }

}  // namespace lab
