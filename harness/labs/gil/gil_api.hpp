// A type-erased view of the student's lab::OldGil and lab::NewGil, so the graded tests compile once per configuration.
#pragma once

#include <lab/gil.hpp>

namespace gil_lab {

enum class GilKind { old_gil, new_gil };

// The student's GIL calls. Implemented by adapter.cpp, the only file of the lab compiled together with
// a submission's gil.hpp; every graded test reaches the student's code through it.
struct GilApi {
  void* (*create)(GilKind kind);
  void (*destroy)(GilKind kind, void* gil);
  void (*take)(GilKind kind, void* gil, lab::gil::ThreadState& me);
  void (*drop)(GilKind kind, void* gil, lab::gil::ThreadState& me);
  bool (*eval_breaker)(GilKind kind, void* gil, lab::gil::ThreadState& me);
};

const GilApi& gil_api();

}  // namespace gil_lab
