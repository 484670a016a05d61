// Your user-level threads library: creation on a fresh stack, the scheduler, sleep, join and the mutex.
#include "uthread.hpp"

namespace lab {
namespace {

// The one Threads object (one test, one CPU); entry() needs it on a new thread's stack.
Threads* instance = nullptr;

}  // namespace

// ---- creation and the first run of a thread ----------------------------------------------------------

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

Threads::~Threads() {
  InterruptsOff off;
  threads_.clear();
  instance = nullptr;
}

// The fresh stack, from its top (16-byte aligned) down:
//   [ 0 ]                 fake return address of entry(), at top-8: entry never returns
//   [ &Threads::entry ]   at top-16: uthread_switch's `ret` jumps there, leaving rsp = top-8, so that
//                         rsp+8 is 16-byte aligned at entry, as the ABI requires of every function
//   [ 6 x 0 ]             rbp rbx r12 r13 r14 r15, popped by uthread_switch
int Threads::create(ThreadFn fn, void* arg, int priority) {
  InterruptsOff off;
  auto thread = std::make_unique<Thread>();
  thread->id = static_cast<int>(threads_.size());
  thread->priority = priority;
  thread->fn = fn;
  thread->arg = arg;
  thread->stack = std::make_unique<Stack>();
  thread->context.stack = thread->stack.get();
  auto* sp = reinterpret_cast<std::uint64_t*>(thread->stack->top());
  *--sp = 0;
  *--sp = reinterpret_cast<std::uint64_t>(&Threads::entry);
  for (int i = 0; i < 6; ++i) *--sp = 0;
  thread->context.sp = sp;
  Thread* created = thread.get();
  threads_.push_back(std::move(thread));
  make_ready(created);
  return created->id;
}

// Where a new thread starts, on its own stack, with interrupts off (it was switched to).
void Threads::entry() {
  lab::thread_begin();
  lab::intr_enable();
  Thread* self = instance->current_;
  self->fn(self->arg);
  instance->exit();
}

// ---- the scheduler (interrupts off in every function of this section) -----------------------------------

void Threads::make_ready(Thread* thread) {
  thread->state = Thread::State::ready;
  ready_.push_back(thread);
}

// Round robin: the front. Priority: the first thread of highest priority (so FIFO among equals).
Thread* Threads::pick_next() {
  if (config_.policy == Policy::round_robin) return ready_.pop_front();
  Thread* best = ready_.front();
  for (Thread* t = best; t != nullptr; t = ready_.next(t)) {
    if (t->priority > best->priority) best = t;
  }
  ready_.remove(best);
  return best;
}

// Runs the next ready thread. The caller has already queued, blocked or ended current_. With nothing
// ready, halts until an interrupt makes a thread ready (a sleeper's time came).
void Threads::schedule() {
  while (ready_.empty()) {
    idle_ = true;
    lab::halt();
    idle_ = false;
  }
  Thread* previous = current_;
  Thread* next = pick_next();
  next->state = Thread::State::running;
  if (next == previous) return;
  current_ = next;
  lab::switch_context(&previous->context, &next->context);
}

void Threads::on_timer_tick() {
  ++ticks_;
  for (Thread* t = sleepers_.front(); t != nullptr;) {
    Thread* after = sleepers_.next(t);
    if (t->wake_tick <= ticks_) {
      sleepers_.remove(t);
      make_ready(t);
    }
    t = after;
  }
  if (idle_) return;  // the tick interrupted schedule()'s halt: it goes on by itself
  if (++current_->used >= config_.quantum) {
    current_->used = 0;  // a fresh quantum next time
    yield();
  }
}

// ---- the thread operations ----------------------------------------------------------------------------

void Threads::yield() {
  InterruptsOff off;
  make_ready(current_);
  schedule();
}

void Threads::exit() {
  lab::intr_disable();
  current_->state = Thread::State::dead;
  if (current_->joiner != nullptr) {
    make_ready(current_->joiner);
    current_->joiner = nullptr;
  }
  schedule();
  for (;;) lab::halt();  // never reached: nobody switches back to a dead thread
}

void Threads::join(int id) {
  InterruptsOff off;
  if (id <= 0 || id >= static_cast<int>(threads_.size()) || !threads_[id] || threads_[id].get() == current_ ||
      threads_[id]->joiner != nullptr) {
    lab::usage_error("Threads::join of a thread that does not exist, was joined already, or is the caller");
    return;
  }
  Thread* target = threads_[id].get();
  while (target->state != Thread::State::dead) {
    target->joiner = current_;
    current_->state = Thread::State::blocked;
    schedule();
  }
  threads_[id].reset();  // its stack too: it is not running on it any more
}

void Threads::sleep(std::uint64_t ticks) {
  InterruptsOff off;
  if (ticks == 0) return;
  current_->wake_tick = ticks_ + ticks;
  current_->state = Thread::State::sleeping;
  sleepers_.push_back(current_);
  schedule();
}

int Threads::self() const {
  InterruptsOff off;
  return current_->id;
}

// ---- the mutex ----------------------------------------------------------------------------------------

void Mutex::lock() {
  InterruptsOff off;
  Thread* self = threads_.current_;
  if (owner_ == nullptr) {
    owner_ = self;
    return;
  }
  if (owner_ == self) {
    lab::usage_error("Mutex::lock by the thread that holds it");
    return;
  }
  waiters_.push_back(self);
  self->state = Thread::State::blocked;
  threads_.schedule();  // unlock() hands the mutex over: when we run again, we own it
}

void Mutex::unlock() {
  InterruptsOff off;
  if (owner_ != threads_.current_) {
    lab::usage_error("Mutex::unlock by a thread that does not hold it");
    return;
  }
  owner_ = waiters_.pop_front();
  if (owner_ != nullptr) threads_.make_ready(owner_);
}

}  // namespace lab
