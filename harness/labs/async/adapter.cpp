// Runs the async lab's scenarios as the submission's tasks: every Script becomes a lab::Task<int> coroutine.
//
// The only file of the lab compiled together with the student's loop.hpp (found through -I<staged lab
// dir>); the graded tests are compiled once per configuration and reach the student only through
// async_api().
#include "loop.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <lab/aio.hpp>

#include "async_api.hpp"

namespace async_lab {
namespace {

long live_frames = 0;
long created_frames = 0;

// Every scenario coroutine takes one by value. Its copy lives in the coroutine frame and dies only when
// the frame is destroyed, however the student's promise allocates it: a live token is a live frame.
struct FrameToken {
  FrameToken() { ++live_frames, ++created_frames; }
  FrameToken(const FrameToken&) { ++live_frames; }
  FrameToken(FrameToken&&) noexcept { ++live_frames; }
  FrameToken& operator=(const FrameToken&) = default;
  ~FrameToken() { --live_frames; }
};

struct ScriptError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Context {
  const Scenario& scenario;
  const Probes& probes;
  std::vector<Event> trace;
  std::map<int, std::vector<lab::Task<int>>> groups;

  void note(const Script& who, std::string what) { trace.push_back({who.name, std::move(what), lab::aio::now()}); }
  lab::Task<int>& member(const Step& step) { return groups.at(step.g).at(static_cast<std::size_t>(step.i)); }
};

lab::Task<int> interpret(Context& ctx, int index, FrameToken token);

std::string joined(const std::vector<int>& values) {
  std::string out = "[";
  for (std::size_t k = 0; k < values.size(); ++k) out += (k == 0 ? "" : ", ") + std::to_string(values[k]);
  return out + "]";
}

void make_group(Context& ctx, const Step& step) {
  std::vector<lab::Task<int>> tasks;
  for (int script : step.scripts) tasks.push_back(interpret(ctx, script, FrameToken{}));
  ctx.groups.erase(step.g);
  ctx.groups.emplace(step.g, std::move(tasks));
}

lab::Task<int> interpret(Context& ctx, int index, FrameToken) {
  const Script& s = ctx.scenario.scripts.at(static_cast<std::size_t>(index));
  int result = 0;
  bool cancelled = false;
  try {
    for (const Step& step : s.steps) {
      if (step.op == Step::Op::ret) {
        result = static_cast<int>(step.n);
        break;
      }
      try {
        switch (step.op) {
          case Step::Op::record:
            ctx.note(s, step.text);
            break;
          case Step::Op::sleep:
            co_await lab::sleep(step.n);
            break;
          case Step::Op::sleep_blocking:
            lab::aio::sleep_blocking(step.n);
            break;
          case Step::Op::read: {
            char buf[256];
            const long got = co_await lab::read_some(static_cast<int>(step.n), buf,
                                                     static_cast<std::size_t>(std::clamp(step.i, 1, 256)));
            ctx.note(s, got > 0 ? "read " + std::string(buf, static_cast<std::size_t>(got)) : got == 0 ? "eof" : "read failed");
            break;
          }
          case Step::Op::write: {
            std::size_t done = 0;
            while (done < step.text.size()) {
              const long put = co_await lab::write_some(static_cast<int>(step.n), step.text.data() + done,
                                                        step.text.size() - done);
              if (put <= 0) break;
              done += static_cast<std::size_t>(put);
            }
            ctx.note(s, "wrote " + std::to_string(done));
            break;
          }
          case Step::Op::make:
            make_group(ctx, step);
            break;
          case Step::Op::start:
            for (lab::Task<int>& task : ctx.groups.at(step.g)) lab::create_task(task);
            break;
          case Step::Op::await_task: {
            const int value = co_await ctx.member(step);
            ctx.note(s, "result " + std::to_string(value));
            break;
          }
          case Step::Op::cancel:
            ctx.note(s, ctx.member(step).cancel() ? "cancel true" : "cancel false");
            break;
          case Step::Op::gather: {
            const std::vector<int> values = co_await lab::gather(ctx.groups.at(step.g));
            ctx.note(s, "gathered " + joined(values));
            break;
          }
          case Step::Op::wait_for: {
            const int value = co_await lab::wait_for(ctx.member(step), step.n);
            ctx.note(s, "result " + std::to_string(value));
            break;
          }
          case Step::Op::raise:
            throw ScriptError(step.text);
          case Step::Op::probe_watched:
            ctx.note(s, "watched " + std::to_string(step.n) + (ctx.probes.watched(static_cast<int>(step.n)) ? " yes" : " no"));
            break;
          case Step::Op::ret:
            break;
        }
      } catch (const lab::CancelledError&) {
        if (!step.catch_errors) throw;
        ctx.note(s, "raised CancelledError");
      } catch (const lab::TimeoutError&) {
        if (!step.catch_errors) throw;
        ctx.note(s, "raised TimeoutError");
      } catch (const ScriptError& e) {
        if (!step.catch_errors) throw;
        ctx.note(s, std::string("raised ScriptError: ") + e.what());
      }
    }
  } catch (const lab::CancelledError&) {
    cancelled = true;  // the finally block runs below: co_await is not allowed inside a handler
  }
  if (cancelled) {
    ctx.note(s, "cleanup");
    if (s.cleanup_ms > 0) {
      co_await lab::sleep(s.cleanup_ms);
      ctx.note(s, "cleanup done");
    }
    if (s.suppress_cancel) {
      ctx.note(s, "suppressed");
      co_return -1;
    }
    throw lab::CancelledError{};
  }
  co_return result;
}

// What the main task raised, as the tests name it.
std::string raised_name() {
  try {
    throw;
  } catch (const lab::CancelledError&) {
    return "CancelledError";
  } catch (const lab::TimeoutError&) {
    return "TimeoutError";
  } catch (const ScriptError& e) {
    return std::string("ScriptError: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("exception: ") + e.what();
  } catch (...) {
    return "an exception of unknown type";
  }
}

Outcome run(const Scenario& scenario, const Probes& probes) {
  Outcome out;
  const long live_before = live_frames;
  const long created_before = created_frames;
  {
    Context ctx{scenario, probes, {}, {}};
    {
      lab::EventLoop loop;
      lab::Task<int> main = interpret(ctx, 0, FrameToken{});
      try {
        out.main_result = lab::run_until_complete(loop, main);
        out.main_returned = true;
      } catch (...) {
        out.main_raised = raised_name();
      }
      ctx.groups.clear();  // every Task object goes before the loop does
    }
    out.trace = std::move(ctx.trace);
  }
  out.frames_left = live_frames - live_before;
  out.frames_created = created_frames - created_before;
  return out;
}

}  // namespace

const AsyncApi& async_api() {
  static constexpr AsyncApi api{&run};
  return api;
}

}  // namespace async_lab
