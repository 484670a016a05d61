// The uthreads lab's ThreadList core: an intrusive FIFO whose operations check that interrupts are off.
#include "lab/usage.hpp"
#include "lab/uthread_hw.hpp"

namespace lab::detail {
namespace {

void check_interrupts_off(const lab::source_location& where) noexcept {
  if (intr_get_level() == IntrLevel::off) return;
  lab::usage_error("a lab::ThreadList used with interrupts on: the timer can interrupt you in the middle of "
                   "it and its handler uses the same lists; hold a lab::InterruptsOff", where);
}

}  // namespace

NodeList::NodeList() noexcept {
  head_.prev = &head_;
  head_.next = &head_;
  head_.list = this;
}

void NodeList::insert_before(ListNode* at, ListNode* node, void* owner, const lab::source_location& where) noexcept {
  check_interrupts_off(where);
  if (node->list != nullptr) {
    lab::usage_error("a thread pushed onto a lab::ThreadList while it is already on one: a thread is ready, "
                     "sleeping or waiting, never two at once (remove or pop it first)", where);
    return;
  }
  node->owner = owner;
  node->list = this;
  node->prev = at->prev;
  node->next = at;
  at->prev->next = node;
  at->prev = node;
  ++size_;
}

void NodeList::push_back(ListNode* node, void* owner, const lab::source_location& where) noexcept {
  insert_before(&head_, node, owner, where);
}

void NodeList::push_front(ListNode* node, void* owner, const lab::source_location& where) noexcept {
  insert_before(head_.next, node, owner, where);
}

void* NodeList::pop_front(const lab::source_location& where) noexcept {
  ListNode* node = first(where);
  if (node == nullptr) return nullptr;
  remove(node, where);
  return node->owner;
}

void NodeList::remove(ListNode* node, const lab::source_location& where) noexcept {
  check_interrupts_off(where);
  if (node->list != this) {
    lab::usage_error("lab::ThreadList::remove of a thread that is not on this list", where);
    return;
  }
  node->prev->next = node->next;
  node->next->prev = node->prev;
  node->prev = node->next = nullptr;
  node->list = nullptr;
  --size_;
}

bool NodeList::empty(const lab::source_location& where) const noexcept {
  check_interrupts_off(where);
  return size_ == 0;
}

std::size_t NodeList::size(const lab::source_location& where) const noexcept {
  check_interrupts_off(where);
  return size_;
}

ListNode* NodeList::first(const lab::source_location& where) const noexcept {
  check_interrupts_off(where);
  return size_ == 0 ? nullptr : head_.next;
}

}  // namespace lab::detail
