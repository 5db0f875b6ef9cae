#!/bin/sh
# make bench: drives a release loonflowd on loopback with wrk and prints
# throughput, latency and memory. A benchmark, not a test: it never fails
# because the machine is slow. Usage: tests/bench/run.sh BUILD/loonflowd
set -u
bin=${1:-build/loonflowd}
secs=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 0; }
dir=$(mktemp -d)
port=${BENCH_PORT:-6099}
email=bench@example.com
pass=bench-password
app=loonflow-admin
token=11111111-2222-4333-8444-555555555555
tenant=00000000-0000-0000-0000-000000000001
LF_ADMIN_EMAIL=$email LF_ADMIN_PASSWORD=$pass LF_APP_NAME=$app LF_APP_TOKEN=$token \
    "$bin" --listen 127.0.0.1:$port --data "$dir" --set access_log=off >/dev/null 2>"$dir/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -s -o /dev/null "$base/api/v1.0/accounts/tenants/by_domain?domain=x" && break; sleep 0.1; done

rss() { awk '/^VmRSS/ {print $2 " kB"}' /proc/$pid/status; }
hwm() { awk '/^VmHWM/ {print $2 " kB"}' /proc/$pid/status; }
# The database is mmapped: its pages count in RSS as shared file pages, not
# as memory the server allocated. RssAnon is the server's own memory.
anon() { awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print a " kB own + " f " kB mapped file"}' /proc/$pid/status; }
idle_rss=$(rss)

jwt=$(curl -s -X POST "$base/api/v1.0/login" -d "{\"email\":\"$email\",\"password\":\"$pass\"}" |
      sed -n 's/.*"jwt":"\([^"]*\)".*/\1/p')
lua=$dir/wrk.lua

# wrk prints "Requests/sec: N" and, with --latency, "50% x" / "99% x" lines.
run() { # name, then wrk arguments
    name=$1; shift
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errs=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf "%-28s %12s %10s %10s %8s\n" "$name" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${errs:-0}"
}

signed_lua() { # a fresh signature: valid for 120 s, longer than one run
    ts=$(date +%s)
    sig=$(printf '%s%s' "$ts" "$token" | md5sum | cut -d' ' -f1)
    cat >"$lua" <<LUA
wrk.headers["appname"] = "$app"
wrk.headers["timestamp"] = "$ts"
wrk.headers["signature"] = "$sig"
wrk.headers["tenantid"] = "$tenant"
wrk.headers["email"] = "$email"
LUA
}

echo "loonflowd benchmark: $conns connections, ${secs}s each, $(nproc) cores"
printf "%-28s %12s %10s %10s %8s\n" "request" "req/s" "p50" "p99" "non-2xx"
signed_lua
run "signed GET my_profile" -s "$lua" "$base/api/v1.0/accounts/my_profile"
run "JWT GET my_profile" -H "Authorization: Bearer $jwt" "$base/api/v1.0/accounts/my_profile"
run "GET tenants/by_domain" "$base/api/v1.0/accounts/tenants/by_domain?domain=x"
cat >"$lua" <<LUA
wrk.method = "PATCH"
wrk.body = '{"lang":"en"}'
wrk.headers["Authorization"] = "Bearer $jwt"
LUA
run "JWT PATCH my_profile (write)" -s "$lua" "$base/api/v1.0/accounts/my_profile"

# The engine: file tickets on the README's example workflow (a durable
# write: ticket, relations, history, list indexes in one commit).
json_get() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
auth="Authorization: Bearer $jwt"
wf=$(curl -s -H "$auth" -X POST "$base/api/v1.0/workflows" -d @"$(dirname "$0")/../../tools/examples/approval.json" |
     json_get '["data"]["workflow_id"]')
submit=$(curl -s -H "$auth" "$base/api/v1.0/workflows/$wf/ticket_creation_actions" |
         json_get '["data"]["actions"][0]["id"]')
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.body = '{"workflow_id":"$wf","action_id":"$submit","fields":{"system":"payroll"}}'
wrk.headers["Authorization"] = "Bearer $jwt"
LUA
run "JWT POST tickets (write)" -s "$lua" "$base/api/v1.0/tickets"
run "JWT GET tickets duty p1" -H "$auth" "$base/api/v1.0/tickets?category=duty"
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email":"$email","password":"$pass"}'
LUA
run "POST login (PBKDF2)" -s "$lua" "$base/api/v1.0/login"
echo "RSS idle: $idle_rss; after load: $(rss) ($(anon)); peak: $(hwm)"
echo "binary: $(stat -c %s "$bin") bytes, static: $(file -b "$bin" | grep -q 'statically linked' && echo yes || echo no)"
