// Files a test attaches to its run (e.g. a Gantt chart of a differing schedule), carried in the results file.
#pragma once

#include <string>
#include <vector>

namespace harness {

// One attached file. `name` is a plain file name ("gantt-yours.svg"); `media_type` tells the grader's
// reports how to show it ("image/svg+xml" is inlined in HTML feedback, "text/plain" shown as text).
struct Artifact {
  std::string name;
  std::string media_type;
  std::string content;
};

// Attaches a file to the current run; a later artifact with the same name replaces the earlier one, so
// a test repeated over many iterations keeps only its latest. Thread-safe. The grader keeps artifacts of
// failed runs only.
void attach_artifact(std::string name, std::string media_type, std::string content);

// Everything attached so far, in attachment order.
std::vector<Artifact> artifacts_snapshot();

}  // namespace harness
