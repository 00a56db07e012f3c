#!/usr/bin/env bash
# Runs libFuzzer targets built into build/fuzz (see the Makefile's fuzz targets).
#
#   fuzz/run.sh SECONDS TARGET...
#
# For each target: first replays every input kept in fuzz/regressions/<target>/ (each must pass),
# then fuzzes for SECONDS from build/fuzz/corpus/<target> (what earlier runs learned) and
# build/fuzz/seeds/<target>. A crash, leak, undefined behaviour, out-of-memory or timeout stops
# the target, its input is written to build/fuzz/findings/<target>/ and the script fails: fix the
# cause, then keep the input in fuzz/regressions/<target>/. FUZZ_JOBS targets run at once.
set -euo pipefail

seconds=$1
shift
dir=build/fuzz
jobs=${FUZZ_JOBS:-1}
# OOM: one allocation over 512 MiB or a process over 2.5 GiB; timeout: one input over 10 s; a
# slow input (over 1 s) is kept as slow-unit-*. The entropic scheduler is off: with the golden
# files in the corpus its bookkeeping took three quarters of the time (4 times fewer runs).
options=(-rss_limit_mb=2560 -malloc_limit_mb=512 -timeout=10 -report_slow_units=1 -entropic=0 -print_final_stats=1)

# fuzz_archive: inputs up to 8 KiB. The small registries among the seeds reach every table and
# column in a few hundred bytes; the 13-44 KB golden files ran 4 to 10 times slower per input.
declare -A extra=([fuzz_archive]="-max_len=8192")

run() {
  local target=$1 log=$dir/logs/$1.log
  mkdir -p "$dir/corpus/$target" "$dir/findings/$target" "$dir/logs"
  rm -f "$dir/findings/$target"/slow-unit-*  # counted per run
  local regressions=()
  if [ -d "fuzz/regressions/$target" ]; then
    mapfile -t regressions < <(find "fuzz/regressions/$target" -type f | sort)
  fi
  if [ ${#regressions[@]} -gt 0 ]; then
    if ! "$dir/$target" "${options[@]}" "${regressions[@]}" >"$dir/logs/$target.regressions.log" 2>&1; then
      tail -n 40 "$dir/logs/$target.regressions.log"
      echo "$target: a kept regression input fails again (log: $dir/logs/$target.regressions.log)"
      return 1
    fi
  fi
  local started
  started=$(date +%s)
  # shellcheck disable=SC2086 # the extra options are words
  if ! "$dir/$target" "${options[@]}" ${extra[$target]:-} -max_total_time="$seconds" -artifact_prefix="$dir/findings/$target/" \
      "$dir/corpus/$target" "$dir/seeds/$target" >"$log" 2>&1; then
    tail -n 60 "$log"
    if grep -aq 'run interrupted' "$log"; then
      echo "$target: interrupted after $(($(date +%s) - started)) s (a signal), no finding (log: $log)"
    else
      echo "$target: FINDING, input kept in $dir/findings/$target/ (log: $log)"
    fi
    return 1
  fi
  stat() { grep -ao "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' || echo '?'; }
  printf '%-14s %3d regressions replayed, %12s runs in %4s s (%s/s), slowest input %s s, peak rss %s MB, %s slow inputs\n' \
    "$target" ${#regressions[@]} "$(stat number_of_executed_units)" "$seconds" "$(stat average_exec_per_sec)" \
    "$(stat slowest_unit_time_sec)" "$(stat peak_rss_mb)" "$(find "$dir/findings/$target" -name 'slow-unit-*' | wc -l)"
}

failed=0
running=0
for target in "$@"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  run "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
