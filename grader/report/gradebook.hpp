// The gradebook of a batch: CSV (one row per student, one column per lab:test) and the terminal table.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "course.hpp"
#include "report_terminal.hpp"
#include "results.hpp"

namespace grader {

struct GradebookColumn {
  std::string lab;
  std::string test;  // test id
  double max = 0;
  std::string key() const { return lab + ":" + test; }
};

// One column per test of each of `labs`, in course order.
std::vector<GradebookColumn> gradebook_columns(const std::vector<const LabSpec*>& labs);

// RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled).
std::string csv_field(const std::string& field);

// "student,mutex:spin_exclusion_2,...,mutex,semaphore:...,semaphore,total,max": per lab its tests' columns
// ("lab:test") then the lab's total (column "lab"), then the total; one row per submission (in the given
// order), CRLF line ends. A test missing from a submission's results counts 0. A grader error is never a
// 0: its test cell, its lab total and the total say ERROR (every cell, when the whole submission failed).
std::string gradebook_csv(const std::vector<SubmissionResult>& results, const std::vector<GradebookColumn>& columns);

// The table: short numbered column headers with a legend, points per test, total; then one line per
// lost point group ("  bob: spin_exclusion_2 (-6): <reason> mutex/locks.cpp:14"). A failure shared by
// a whole lab (does not compile, not submitted, forbidden API) is one line for the lab.
void print_gradebook(std::ostream& out, const std::vector<SubmissionResult>& results,
                     const std::vector<GradebookColumn>& columns, const TerminalStyle& style);

// The points `result` earned for `column`, or nullopt when the test is absent.
const TestResult* find_test(const SubmissionResult& result, const GradebookColumn& column);

// True when the grader itself failed for some configuration of `test` (verdict `error`).
bool is_grader_error(const TestResult& test);

// True when grading `result` hit a grader error anywhere (it is then graded again by --resume).
bool has_grader_error(const SubmissionResult& result);

}  // namespace grader
