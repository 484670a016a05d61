// Tests of the sbatch scripts `grade --slurm` writes: shard per task, --resume, requeue, status mapping, merge.
#include "slurm_script.hpp"

#include <gtest/gtest.h>

namespace grader {
namespace {

SlurmBatch batch() {
  SlurmBatch b;
  b.grader = "/shared/labs/build/default/grader/labs-grader";
  b.global_args = {"--course", "/shared/labs/course.yaml", "--no-color"};
  b.grade_args = {"/shared/fall class", "--labs", "mutex"};
  b.out = "/shared/grades/fall";
  b.tasks = 4;
  b.cpus_per_task = 2;
  b.partition = "short";
  b.time = "1:00:00";
  b.invoker = "./labs";
  return b;
}

bool script_has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(SlurmScript, ArrayTaskGradesItsShardWithResumeIntoItsOwnDirectory) {
  const std::string s = array_script(batch());
  EXPECT_TRUE(script_has(s, "#SBATCH --array=1-4\n")) << s;
  EXPECT_TRUE(script_has(s, "#SBATCH --cpus-per-task=2\n")) << s;
  EXPECT_TRUE(script_has(s, "#SBATCH --requeue\n")) << s;
  EXPECT_TRUE(script_has(s, "#SBATCH --partition=short\n#SBATCH --time=1:00:00\n")) << s;
  EXPECT_TRUE(script_has(s, "#SBATCH --output=/shared/grades/fall/logs/shard-%a.log\n")) << s;
  EXPECT_TRUE(script_has(s, "/shared/labs/build/default/grader/labs-grader --course /shared/labs/course.yaml --no-color "
                     "-j 2 grade '/shared/fall class' --labs mutex --shard \"$SLURM_ARRAY_TASK_ID/4\" --resume "
                     "--out /shared/grades/fall/shards/\"$SLURM_ARRAY_TASK_ID\"\n"))
      << s;
  EXPECT_TRUE(script_has(s, "if [[ $status == 1 ]]; then exit 0; fi")) << s;
  EXPECT_FALSE(script_has(s, "labs build")) << "tasks must never build";
}

TEST(SlurmScript, DefaultsLeavePartitionAndTimeToTheCluster) {
  SlurmBatch b = batch();
  b.partition.clear();
  b.time.clear();
  EXPECT_FALSE(script_has(array_script(b), "--partition"));
  EXPECT_FALSE(script_has(merge_script(b), "--time"));
}

TEST(SlurmScript, MergeTakesEveryStartedShardIntoOut) {
  const std::string s = merge_script(batch());
  EXPECT_TRUE(script_has(s, "for i in $(seq 1 4)")) << s;
  EXPECT_TRUE(script_has(s, "shard.json")) << s;
  EXPECT_TRUE(script_has(s, "merge \"${shards[@]}\" --out /shared/grades/fall\n")) << s;
  EXPECT_TRUE(script_has(s, "export LABS_COMMAND=./labs\n")) << s;
}

}  // namespace
}  // namespace grader
