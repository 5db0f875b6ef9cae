#!/bin/sh
# Runs every unit test binary, the API suite and the lwIP smoke run, then
# prints the suite's closing line "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR [LWIP_TAP_BINARY]
build=${1:-build/tst}
lwip_bin=${2:-build/lwip-tap/tst/loonflowd}
passed=0
failed=0
tally() { # reads a runner's output, echoes it, adds its closing line to the totals
    out=$1
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "  (no result line: counted as 1 failure)"
        failed=$((failed + 1))
        return
    fi
    p=${line%% passed*}
    f=${line#*passed, }
    f=${f%% failed*}
    passed=$((passed + p))
    failed=$((failed + f))
}
tmp=$(mktemp)
for t in "$build"/unit/test_*; do
    [ -x "$t" ] || continue
    echo "== $(basename "$t")"
    "$t" >"$tmp" 2>&1
    rc=$?
    grep -v '^ok ' "$tmp"
    [ $rc -ne 0 ] && ! grep -q ' failed$' "$tmp" && echo "  exited with $rc"
    tally "$tmp"
done
echo "== api"
python3 tests/api/run.py "$build/loonflowd" >"$tmp" 2>&1
grep -v '^ok ' "$tmp"
tally "$tmp"
echo "== lwip-tap smoke"
python3 tests/smoke/lwip_tap.py "$lwip_bin" >"$tmp" 2>&1
grep -v '^ok ' "$tmp"
tally "$tmp"
rm -f "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
