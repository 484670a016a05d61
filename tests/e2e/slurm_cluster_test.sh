#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine (munged, slurmctld, slurmd on private ports, configuration
# in a temporary directory): grades the sample class as a 3-task job array through sbatch, waits for the
# dependent merge job, and checks its gradebook is byte-identical to a local single-machine run. Exits 77
# (skipped) only when the daemons cannot start at all; the daemons are always stopped on exit.
# Usage: slurm_cluster_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
export PATH="$PATH:/usr/sbin:/sbin"
root="$binary_dir/e2e-slurm"
work="$root/work"
# Every student of the sample class; the tests narrowed to three whose verdicts are certain for each of
# them (examples/class/expected.yaml), so that the job stays short and the two gradebooks must agree.
only="mutex_sleeps,ticket_fifo,unlock_misuse"
labs=(--labs mutex --only "$only")
# shellcheck source=batch_kill.sh
source "$(dirname "$0")/batch_kill.sh"
skip() { echo "SKIPPED: Slurm cannot start here: $*"; exit 77; }
fail() { echo "slurm_cluster_test: $*" >&2; exit 1; }

for tool in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian packages slurm-wlm and munge)"
done
rm -rf "$root"
mkdir -p "$root"
# Short: the munge socket path must fit a Unix socket address.
tmp="$(mktemp -d /tmp/labs-slurm.XXXXXX)"
chmod 755 "$tmp"
mkdir -p "$tmp/munge" "$tmp/run" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 700 "$tmp/munge"

stop_daemons() {
  local name pid
  for name in slurmd slurmctld munged; do
    [[ -f "$tmp/run/$name.pid" ]] || continue
    pid="$(cat "$tmp/run/$name.pid")"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  kill_orphans "$work"  # job steps a stopped slurmd left behind: only ours (this test's work directory)
  rm -rf "$tmp"
}
trap stop_daemons EXIT

excerpt() { tail -n 15 "$1" 2>/dev/null | sed 's/^/    /'; }

echo "== munged"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --key-file="$tmp/munge/munge.key" --socket="$tmp/run/munge.sock" --pid-file="$tmp/run/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/seed" >"$tmp/log/munged.out" 2>&1 \
  || skip "munged did not start: $(cat "$tmp/log/munged.out")
$(excerpt "$tmp/munge/munged.log")"

echo "== slurm.conf"
host="$(hostname -s)"
memory_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 / 2 ))
# Private ports derived from our pid, away from a real cluster's 6817/6818.
port=$(( 20000 + ($$ % 10000) * 2 ))
user="$(id -un)"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=labstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/run/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$memory_mb State=UNKNOWN
PartitionName=labs Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

echo "== slurmctld and slurmd (ports $port, $((port + 1)))"
slurmctld -i >"$tmp/log/slurmctld.out" 2>&1 || skip "slurmctld did not start: $(cat "$tmp/log/slurmctld.out")
$(excerpt "$tmp/log/slurmctld.log")"
slurmd >"$tmp/log/slurmd.out" 2>&1 || skip "slurmd did not start: $(cat "$tmp/log/slurmd.out")
$(excerpt "$tmp/log/slurmd.log")"
state=""
for _ in $(seq 1 600); do
  state="$(sinfo -h -n "$host" -o %t 2>/dev/null || true)"
  [[ "$state" == idle ]] && break
  for name in slurmctld slurmd; do
    pid="$(cat "$tmp/run/$name.pid" 2>/dev/null || true)"
    if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
      sleep 1  # it may still be writing its pid file
      pid="$(cat "$tmp/run/$name.pid" 2>/dev/null || true)"
      [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || skip "$name exited while starting:
$(excerpt "$tmp/log/$name.log")"
    fi
  done
  sleep 0.1
done
[[ "$state" == idle ]] || fail "the node is not idle after 60 s (sinfo says '$state'):
slurmctld.log:
$(excerpt "$tmp/log/slurmctld.log")
slurmd.log:
$(excerpt "$tmp/log/slurmd.log")"

echo "== local single-machine run"
status=0
"$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$work" \
  --no-color -j 2 grade "$source_dir/examples/class" "${labs[@]}" --out "$root/local" >"$root/local.log" 2>&1 || status=$?
[[ $status -le 1 ]] || { cat "$root/local.log"; fail "local run: status $status"; }

echo "== ./labs grade --slurm --array-size 3"
# Through ./labs when this build directory is one of its presets' (build/<preset>); it is then already up
# to date, so the submitting process builds nothing and the tasks run the same grader.
if [[ "$(dirname "$binary_dir")" == "$source_dir/build" && -f "$source_dir/CMakePresets.json" ]] &&
   grep -q "\"name\": \"$(basename "$binary_dir")\"" "$source_dir/CMakePresets.json"; then
  submit=(env LABS_PRESET="$(basename "$binary_dir")" "$source_dir/labs")
  global=()
else
  submit=("$grader")
  global=(--course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$work" --no-color)
fi
"${submit[@]}" "${global[@]}" grade "$source_dir/examples/class" "${labs[@]}" --slurm --array-size 3 \
  --out "$root/cluster" >"$root/submit.log" 2>&1 || { cat "$root/submit.log"; fail "submission failed"; }
cat "$root/submit.log"
array_job="$(awk '$1 == "array" {print $2}' "$root/cluster/slurm-jobs.txt")"
merge_job="$(awk '$1 == "merge" {print $2}' "$root/cluster/slurm-jobs.txt")"
grep -q "squeue -j $array_job,$merge_job" "$root/submit.log" || fail "no squeue command printed"

echo "== waiting for array job $array_job and merge job $merge_job"
for _ in $(seq 1 3000); do  # 300 s
  [[ -z "$(squeue -h -j "$array_job,$merge_job" 2>/dev/null)" && -f "$root/cluster/gradebook.csv" ]] && break
  sleep 0.1
done
if [[ ! -f "$root/cluster/gradebook.csv" ]]; then
  squeue -j "$array_job,$merge_job" || true
  for log in "$root"/cluster/logs/*.log; do echo "-- $log"; excerpt "$log"; done
  fail "no merged gradebook after 300 s (slurmctld.log:
$(excerpt "$tmp/log/slurmctld.log"))"
fi
for i in 1 2 3; do [[ -f "$root/cluster/shards/$i/shard.json" ]] || fail "task $i wrote no shard manifest"; done
grep -q "Merging 3 shard(s), 7 submission(s)" "$root/cluster/logs/merge.log" || { cat "$root/cluster/logs/merge.log"; fail "merge log"; }
cmp "$root/local/gradebook.csv" "$root/cluster/gradebook.csv" || {
  diff "$root/local/gradebook.csv" "$root/cluster/gradebook.csv" || true
  fail "the merged gradebook differs from the local run's"
}
echo "== re-running task 2 by hand, as docs/slurm.md says: it resumes and grades nothing again"
rerun_job="$(sbatch --parsable --array=2 "$root/cluster/grade-shards.sbatch")"
rerun_job="${rerun_job%%;*}"
for _ in $(seq 1 1200); do  # 120 s
  [[ -z "$(squeue -h -j "$rerun_job" 2>/dev/null)" ]] && break
  sleep 0.1
done
[[ -z "$(squeue -h -j "$rerun_job" 2>/dev/null)" ]] || fail "the re-run task $rerun_job did not end in 120 s"
owned2="$(jq -r '.owned | length' "$root/cluster/shards/2/shard.json")"
reused="$(grep -c "(from the previous run)" "$root/cluster/logs/shard-2.log" || true)"
[[ "$reused" == "$owned2" ]] || { cat "$root/cluster/logs/shard-2.log"; fail "re-run task 2 reused $reused of $owned2"; }
echo "slurm_cluster_test: passed (array job $array_job, merge job $merge_job, re-run $rerun_job)"
