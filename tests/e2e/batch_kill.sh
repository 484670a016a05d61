# Sourced by the batch tests: kills a grader after its first result, and the test processes it left behind.

# Test processes of a killed grader live in their own process groups; ends exactly those whose command
# line names the test's work directory $1, so that none writes into a later batch's run directories.
kill_orphans() {
  local pid
  for pid in $(grep -lsF "$1" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    [[ "$pid" != "$$" ]] && kill -KILL "$pid" 2>/dev/null || true
  done
}

# Waits (up to 120 s) until FILE exists, then kills the grader PID with SIGKILL and the orphans of work
# directory WORK. Returns 1, printing LOG, when the grader ended or timed out before FILE appeared.
kill_after_first_result() {
  local pid="$1" file="$2" log="$3" work="$4"
  for _ in $(seq 1 1200); do
    [[ -f "$file" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -f "$file" ]] || { cat "$log"; echo "no first result appeared" >&2; return 1; }
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  kill_orphans "$work"
}
