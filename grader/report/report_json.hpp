// results.json: the results model as JSON (machine output of check, per-submission file of grade).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "results.hpp"

namespace grader {

// Schema 1: {"schema":1,"submission":{name,path},"score","max","error","labs":[{id,title,submitted,score,max,
// build_log,"tests":[{id,name,gtest,points,max,passed,repetitions,visibility,"configs":[{config,verdict,
// reason,detail,file,line,seed,failed_seed,replay,duration_s,output}]}]}]}
nlohmann::json to_json(const SubmissionResult& result);

// The inverse of to_json (used to resume a grading batch). Throws nlohmann::json::exception when malformed.
SubmissionResult submission_from_json(const nlohmann::json& j);

// to_json, pretty-printed with a final newline.
std::string results_json_text(const SubmissionResult& result);

}  // namespace grader
