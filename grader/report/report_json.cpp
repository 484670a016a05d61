// Conversion of the results model to and from JSON.
#include "report_json.hpp"

namespace grader {

using nlohmann::json;

namespace {

json outcome_json(const ConfigOutcome& o) {
  json j{{"config", o.config}, {"verdict", verdict_name(o.verdict)}, {"reason", o.reason}, {"detail", o.detail},
         {"file", o.file}, {"line", o.line}, {"seed", o.seed}, {"replay", o.replay}, {"duration_s", o.duration_s},
         {"output", o.output}};
  j["failed_seed"] = o.failed_seed ? json(*o.failed_seed) : json(nullptr);
  if (!o.artifacts.empty()) {
    json artifacts = json::array();
    for (const auto& a : o.artifacts) artifacts.push_back({{"name", a.name}, {"media_type", a.media_type}, {"content", a.content}});
    j["artifacts"] = artifacts;
  }
  if (o.controlled) j["controlled"] = controlled_to_json(*o.controlled);
  if (o.covering_replay) {
    j["covering_replay"] = {{"test", o.covering_replay->test_id}, {"seed", o.covering_replay->seed},
                            {"schedule", o.covering_replay->schedule}};
  }
  if (o.deterministic) j["deterministic"] = true;
  if (o.runs > 1) {
    j["runs"] = o.runs;
    j["failed_runs"] = o.failed_runs;
  }
  return j;
}

json test_json(const TestResult& t) {
  json configs = json::array();
  for (const auto& o : t.configs) configs.push_back(outcome_json(o));
  return {{"id", t.id}, {"name", t.name}, {"gtest", t.gtest}, {"points", t.points}, {"max", t.max},
          {"passed", t.passed}, {"repetitions", t.repetitions},
          {"visibility", t.visibility == Visibility::visible ? "visible" : "hidden"}, {"configs", configs}};
}

json lab_json(const LabResult& lab) {
  json tests = json::array();
  for (const auto& t : lab.tests) tests.push_back(test_json(t));
  return {{"id", lab.id}, {"title", lab.title}, {"submitted", lab.submitted}, {"score", lab.score},
          {"max", lab.max}, {"build_log", lab.build_log}, {"build_s", lab.build_s}, {"run_s", lab.run_s},
          {"tests", tests}};
}

ConfigOutcome outcome_from(const json& j) {
  ConfigOutcome o;
  o.config = j.at("config");
  o.verdict = verdict_from_name(j.at("verdict")).value_or(Verdict::error);
  o.reason = j.value("reason", "");
  o.detail = j.value("detail", "");
  o.file = j.value("file", "");
  o.line = j.value("line", 0);
  o.seed = j.value("seed", std::uint64_t{0});
  if (j.contains("failed_seed") && !j["failed_seed"].is_null()) o.failed_seed = j["failed_seed"].get<std::uint64_t>();
  o.replay = j.value("replay", "");
  o.duration_s = j.value("duration_s", 0.0);
  o.output = j.value("output", "");
  if (auto it = j.find("artifacts"); it != j.end() && it->is_array()) {
    for (const auto& a : *it) o.artifacts.push_back({a.value("name", ""), a.value("media_type", ""), a.value("content", "")});
  }
  if (auto it = j.find("controlled"); it != j.end()) o.controlled = controlled_from_json(*it);
  if (auto it = j.find("covering_replay"); it != j.end() && it->is_object()) {
    o.covering_replay = ConfigOutcome::CoveringReplay{it->value("test", ""), it->value("seed", std::uint64_t{0}),
                                                      it->value("schedule", "")};
  }
  o.deterministic = j.value("deterministic", false);
  o.runs = j.value("runs", 1);
  o.failed_runs = j.value("failed_runs", o.verdict == Verdict::pass ? 0 : 1);
  return o;
}

TestResult test_from(const json& j) {
  TestResult t;
  t.id = j.at("id");
  t.name = j.value("name", "");
  t.gtest = j.value("gtest", "");
  t.points = j.at("points");
  t.max = j.at("max");
  t.passed = j.at("passed");
  t.repetitions = j.value("repetitions", 1);
  t.visibility = j.value("visibility", "visible") == "hidden" ? Visibility::hidden : Visibility::visible;
  for (const auto& o : j.at("configs")) t.configs.push_back(outcome_from(o));
  return t;
}

LabResult lab_from(const json& j) {
  LabResult lab;
  lab.id = j.at("id");
  lab.title = j.value("title", "");
  lab.submitted = j.value("submitted", true);
  lab.score = j.at("score");
  lab.max = j.at("max");
  lab.build_log = j.value("build_log", "");
  lab.build_s = j.value("build_s", 0.0);
  lab.run_s = j.value("run_s", 0.0);
  for (const auto& t : j.at("tests")) lab.tests.push_back(test_from(t));
  return lab;
}

}  // namespace

json to_json(const SubmissionResult& r) {
  json labs = json::array();
  for (const auto& lab : r.labs) labs.push_back(lab_json(lab));
  return {{"schema", 1}, {"submission", {{"name", r.name}, {"path", r.path}, {"display", r.display}}},
          {"score", r.score}, {"max", r.max}, {"error", r.error}, {"content_hash", r.content_hash}, {"labs", labs}};
}

SubmissionResult submission_from_json(const json& j) {
  SubmissionResult r;
  const json& s = j.at("submission");
  r.name = s.at("name");
  r.path = s.value("path", "");
  r.display = s.value("display", "");
  r.score = j.at("score");
  r.max = j.at("max");
  r.error = j.value("error", "");
  r.content_hash = j.value("content_hash", "");
  for (const auto& lab : j.at("labs")) r.labs.push_back(lab_from(lab));
  return r;
}

std::string results_json_text(const SubmissionResult& result) {
  // Replace invalid UTF-8 (a test may print anything) instead of throwing.
  return to_json(result).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace grader
