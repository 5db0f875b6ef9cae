#!/bin/sh
# Runs every fuzz harness for a bounded time on its seeds (tests/fuzz/seeds/
# NAME) plus a corpus kept in the build dir, and prints each run's figures.
# Usage: tests/fuzz/run.sh FUZZ_DIR SECONDS. Fails if any harness crashes;
# the crashing input is left in FUZZ_DIR/artifacts/.
dir=$1
secs=${2:-10}
here=$(dirname "$0")
status=0
mkdir -p "$dir/artifacts"
for bin in "$dir"/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    short=${name#fuzz_}
    corpus="$dir/corpus/$short"
    mkdir -p "$corpus"
    dict=""
    [ -f "$here/$short.dict" ] && dict="-dict=$here/$short.dict"
    seeds=""
    [ -d "$here/seeds/$short" ] && seeds="$here/seeds/$short"
    log="$dir/$name.log"
    "$bin" -max_total_time="$secs" -print_final_stats=1 -max_len=4096 -timeout=10 \
        -rss_limit_mb=1024 -artifact_prefix="$dir/artifacts/$name-" $dict "$corpus" $seeds \
        >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ $rc -eq 0 ]; then
        echo "fuzz $short: ok, ${execs:-?} runs in ${secs}s, $cov"
    else
        echo "fuzz $short: FAILED (exit $rc), see $log"
        grep -E 'ERROR|invariant|SUMMARY|artifact' "$log" | head -n 8
        status=1
    fi
done
exit $status
