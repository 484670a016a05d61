// Content hashes for `grade --resume`: a submission is graded again only when what it was graded from changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "build_info.hpp"
#include "course.hpp"

namespace grader {

// Identifies the grader and what it links into tests: the labs-grader executable, the compiler, and the
// harness, GoogleTest, adapter and lab test libraries named in `build` (path, size, mtime of each).
// Rebuilding any of them changes the id. Never throws: an unreadable file counts as absent.
std::string grader_build_id(const BuildInfo& build);

// Everything one lab's grade depends on in course.yaml (files, configs, forbidden lists, tests with
// points, limits, repetitions, visibility, dependencies), as canonical text.
std::string lab_spec_text(const LabSpec& lab);

// 16 hex digits (64-bit FNV-1a) over: `build_id`, `runs`, each lab's spec text, and for each lab and
// every lab it depends on the sorted relative paths and bytes of every regular file below its directory
// (the submission's own, or solutions/<dep> when grade takes that dependency from the reference).
// Equal hashes mean grading again would build and run exactly the same thing.
std::string submission_content_hash(const std::filesystem::path& submission, const std::vector<const LabSpec*>& labs,
                                    const Course& course, const std::string& build_id, int runs);

}  // namespace grader
