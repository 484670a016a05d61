// Known-buggy monitor lab submission 'buffer_try_take_no_notify': the reference with one bug, marked 'BUG (mutant)'.
#include "monitor.hpp"

namespace lab {

namespace {
constexpr auto kRelaxed = std::memory_order_relaxed;
}  // namespace

// Reading the counter before releasing the mutex closes the lost wake-up window: a notifier must take
// the mutex to change the predicate, so its increment comes after our read and futex_wait sees it.
void CondVar::wait(Mutex& mutex) {
  if (mutex.try_lock()) {
    mutex.unlock();
    lab::usage_error("CondVar::wait: the mutex is not locked; lock it before waiting");
    return;
  }
  const std::uint32_t seen = sequence_.load(kRelaxed);
  mutex.unlock();
  lab::futex_wait(sequence_, seen);
  mutex.lock();
}

void CondVar::notify_one() {
  sequence_.fetch_add(1, kRelaxed);
  lab::futex_wake(sequence_, 1);
}

void CondVar::notify_all() {
  sequence_.fetch_add(1, kRelaxed);
  lab::futex_wake(sequence_, lab::kWakeAll);
}

BoundedBuffer::BoundedBuffer(std::size_t capacity) : slots_(capacity) {}

void BoundedBuffer::push(long item) {
  slots_[(head_ + count_) % slots_.size()] = item;
  ++count_;
}

long BoundedBuffer::pop() {
  const long item = slots_[head_];
  head_ = (head_ + 1) % slots_.size();
  --count_;
  return item;
}

// `while`, not `if`: a wake-up is only a hint (another taker may have been first, or it was spurious).
bool BoundedBuffer::put(long item) {
  mutex_.lock();
  while (count_ == slots_.size() && !closed_) not_full_.wait(mutex_);
  const bool added = !closed_;
  if (added) {
    push(item);
    not_empty_.notify_one();
  }
  mutex_.unlock();
  return added;
}

std::optional<long> BoundedBuffer::take() {
  mutex_.lock();
  while (count_ == 0 && !closed_) not_empty_.wait(mutex_);
  std::optional<long> item;
  if (count_ > 0) {
    item = pop();
    not_full_.notify_one();
  }
  mutex_.unlock();
  return item;
}

bool BoundedBuffer::try_put(long item) {
  mutex_.lock();
  const bool added = !closed_ && count_ < slots_.size();
  if (added) {
    push(item);
    not_empty_.notify_one();
  }
  mutex_.unlock();
  return added;
}

std::optional<long> BoundedBuffer::try_take() {
  mutex_.lock();
  std::optional<long> item;
  if (count_ > 0) {
    item = pop();  // BUG (mutant): a slot is freed, but no putter is told.
  }
  mutex_.unlock();
  return item;
}

// Every waiter must see `closed_`: one notify_one would leave the others asleep for ever.
void BoundedBuffer::close() {
  mutex_.lock();
  closed_ = true;
  not_empty_.notify_all();
  not_full_.notify_all();
  mutex_.unlock();
}

// A reader that arrives while a writer waits stays out: that is what keeps writers from starving.
void RWLock::lock_shared() {
  mutex_.lock();
  while (writer_inside_ || writers_waiting_ > 0) readers_ok_.wait(mutex_);
  ++readers_;
  mutex_.unlock();
}

void RWLock::unlock_shared() {
  mutex_.lock();
  if (readers_ == 0) {
    mutex_.unlock();
    lab::usage_error("RWLock::unlock_shared: no reader holds the lock");
    return;
  }
  if (--readers_ == 0 && writers_waiting_ > 0) writer_ok_.notify_one();
  mutex_.unlock();
}

void RWLock::lock() {
  mutex_.lock();
  ++writers_waiting_;
  while (writer_inside_ || readers_ > 0) writer_ok_.wait(mutex_);
  --writers_waiting_;
  writer_inside_ = true;
  mutex_.unlock();
}

// The next writer goes first; readers are let in only when no writer waits.
void RWLock::unlock() {
  mutex_.lock();
  if (!writer_inside_) {
    mutex_.unlock();
    lab::usage_error("RWLock::unlock: no writer holds the lock");
    return;
  }
  writer_inside_ = false;
  if (writers_waiting_ > 0) {
    writer_ok_.notify_one();
  } else {
    readers_ok_.notify_all();
  }
  mutex_.unlock();
}

DiningTable::DiningTable(int philosophers)
    : state_(static_cast<std::size_t>(philosophers), State::thinking),
      since_(static_cast<std::size_t>(philosophers), 0) {}

int DiningTable::left(int philosopher) const {
  const int n = static_cast<int>(state_.size());
  return (philosopher + n - 1) % n;
}

int DiningTable::right(int philosopher) const { return (philosopher + 1) % static_cast<int>(state_.size()); }

// Eat when no neighbour eats and no neighbour has been hungry for longer: the older hunger wins, so
// nobody can be overtaken twice by the same neighbour.
bool DiningTable::may_eat(int philosopher) const {
  for (const int other : {left(philosopher), right(philosopher)}) {
    if (other == philosopher) continue;
    const State state = state_[static_cast<std::size_t>(other)];
    if (state == State::eating) return false;
    if (state == State::hungry &&
        since_[static_cast<std::size_t>(other)] < since_[static_cast<std::size_t>(philosopher)]) {
      return false;
    }
  }
  return true;
}

void DiningTable::pick_up(int philosopher) {
  mutex_.lock();
  const auto me = static_cast<std::size_t>(philosopher);
  state_[me] = State::hungry;
  since_[me] = next_ticket_++;
  while (!may_eat(philosopher)) changed_.wait(mutex_);
  state_[me] = State::eating;
  mutex_.unlock();
}

// Both neighbours (and, through the hunger order, their neighbours) may now be able to eat.
void DiningTable::put_down(int philosopher) {
  mutex_.lock();
  state_[static_cast<std::size_t>(philosopher)] = State::thinking;
  changed_.notify_all();
  mutex_.unlock();
}

}  // namespace lab
