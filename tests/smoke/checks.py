"""API smoke checks against a running loonflowd at HOST:PORT, and the helpers
to start and stop one, shared by the smoke runs of other boards
(lwip_tap.py over lwIP, cross.py for cross-built binaries under qemu).

    checks.py HOST PORT             runs the checks; the last line is "N passed, N failed"
    checks.py HOST PORT --tls CERT  runs the HTTPS checks against a server with TLS on,
                                    trusting CERT alone
"""
import http.client
import json
import os
import re
import select
import ssl
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
from lfclient import (ADMIN_EMAIL, ADMIN_PASSWORD, APP_NAME, APP_TOKEN, Response,  # noqa: E402
                      signed_headers)

PROFILE = "/api/v1.0/accounts/my_profile"
SERVER_ENV = {"LF_ADMIN_EMAIL": ADMIN_EMAIL, "LF_ADMIN_PASSWORD": ADMIN_PASSWORD,
              "LF_APP_NAME": APP_NAME, "LF_APP_TOKEN": APP_TOKEN}
SERVER_ARGS = ["--set", "password_iterations=1000", "--set", "sync=none"]


def request(conn, method, path, body=None, headers=None):
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=hdrs)
    r = conn.getresponse()
    return Response(r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read())


def connect(host, port):
    return http.client.HTTPConnection(host, port, timeout=10)


def login(conn):
    r = request(conn, "POST", "/api/v1.0/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert r.status == 200 and r.code == 0, r
    jwt = r.data["jwt"]
    assert jwt.count(".") == 2, jwt
    return jwt


def check_login_then_jwt_profile(host, port):
    conn = connect(host, port)
    jwt = login(conn)
    r = request(conn, "GET", PROFILE, headers={"Authorization": "Bearer " + jwt})
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    conn.close()


def check_https_login_and_signed_profile(host, port, cert):
    """The TLS bio over this board's sockets: handshake, a login deferred to a
    worker, then signed requests on the same connection."""
    ctx = ssl.create_default_context(cafile=cert)
    conn = http.client.HTTPSConnection(host, port, context=ctx, timeout=10)
    jwt = login(conn)
    r = request(conn, "GET", PROFILE, headers={"Authorization": "Bearer " + jwt})
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    first = conn.sock
    for _ in range(3):
        r = request(conn, "GET", PROFILE, headers=signed_headers())
        assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    assert conn.sock is first, "keep-alive over TLS was not kept"
    r = request(conn, "POST", "/api/v1.0/login",
                {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "pad": "x" * 49152})
    assert r.code == 0, r
    conn.close()


def check_signed_profile(host, port):
    conn = connect(host, port)
    r = request(conn, "GET", PROFILE, headers=signed_headers())
    assert r.status == 200 and r.code == 0, r
    p = r.data["my_profile"]
    assert p["email"] == ADMIN_EMAIL, p
    assert set(p) == {"name", "alias", "email", "phone", "avatar", "lang", "dept_info_list"}, p
    conn.close()


def check_bad_signature_refused(host, port):
    conn = connect(host, port)
    h = signed_headers(token="not-" + APP_TOKEN)
    r = request(conn, "GET", PROFILE, headers=h)
    assert r.status == 401 and r.code == -1, r
    conn.close()


def check_keep_alive_many_requests(host, port):
    conn = connect(host, port)
    for _ in range(20):
        r = request(conn, "GET", PROFILE, headers=signed_headers())
        assert r.code == 0, r
    conn.close()


def check_body_larger_than_segments(host, port):
    # 48 KiB spans many TCP segments and lwIP's receive window refills.
    conn = connect(host, port)
    r = request(conn, "POST", "/api/v1.0/login",
                {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "pad": "x" * 49152})
    assert r.status == 200 and r.code == 0, r
    conn.close()


def check_parallel_clients(host, port):
    errors = []

    def one():
        try:
            conn = connect(host, port)
            jwt = login(conn)  # password hashing runs on the worker threads
            for h in (signed_headers(), {"Authorization": "Bearer " + jwt}, signed_headers()):
                r = request(conn, "GET", PROFILE, headers=h)
                assert r.code == 0, r
            conn.close()
        except Exception as e:  # reported below, the thread must not die silently
            errors.append(repr(e))

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and not any(t.is_alive() for t in threads), errors


def check_user_list(host, port):
    conn = connect(host, port)
    r = request(conn, "GET", "/api/v1.0/accounts/users?per_page=5", headers=signed_headers())
    assert r.code == 0 and r.data["total"] >= 1, r
    assert ADMIN_EMAIL in [u["email"] for u in r.data["user_info_list"]], r
    conn.close()


def check_workflow_and_ticket(host, port):
    """Saves the README's example workflow, reads it back, files a ticket and approves it."""
    conn = connect(host, port)
    h = signed_headers()
    with open(os.path.join(HERE, "..", "..", "tools", "examples", "approval.json")) as f:
        design = json.load(f)
    r = request(conn, "POST", "/api/v1.0/workflows", design, headers=h)
    assert r.code == 0, r
    wf = r.data["workflow_id"]
    r = request(conn, "GET", "/api/v1.0/workflows/" + wf, headers=h)
    full = r.data["workflow_full_defination"]
    assert [n["name"] for n in full["process_schema"]["node_info_list"]] == \
        ["Request", "Approve", "Done"], r
    r = request(conn, "GET", "/api/v1.0/workflows/%s/ticket_creation_actions" % wf, headers=h)
    submit = r.data["actions"][0]["id"]
    r = request(conn, "POST", "/api/v1.0/tickets",
                {"workflow_id": wf, "action_id": submit, "fields": {"system": "payroll"}}, headers=h)
    assert r.code == 0, r
    tid = r.data["ticket_id"]
    r = request(conn, "GET", "/api/v1.0/tickets/%s/ticket_detail_actions" % tid, headers=h)
    approve = [a for a in r.data["actions"] if a["name"] == "Approve"][0]
    r = request(conn, "POST", "/api/v1.0/tickets/%s/handle" % tid,
                {"action_type": "agree", "action_id": approve["id"],
                 "action_props": {"node_id": r.data["action_base_node_id"], "comment": "ok"}},
                headers=h)
    assert r.code == 0, r
    r = request(conn, "GET", "/api/v1.0/tickets?category=owner&ticket_ids=" + tid, headers=h)
    assert r.data["ticket_list"][0]["act_state"] == "finished", r
    conn.close()


CHECKS = [check_login_then_jwt_profile, check_user_list, check_workflow_and_ticket, check_signed_profile, check_bad_signature_refused,
          check_keep_alive_many_requests, check_body_larger_than_segments, check_parallel_clients]


TLS_CHECKS = [check_https_login_and_signed_profile]


def client(host, port, cert=None):
    """Runs every check (the TLS ones when cert is given), printing one
    ok/FAIL line each; returns (passed, failed)."""
    passed = failed = 0
    for check in TLS_CHECKS if cert else CHECKS:
        try:
            check(host, port, *([cert] if cert else []))
            passed += 1
            print("ok   smoke.%s" % check.__name__)
        except Exception as e:
            failed += 1
            print("FAIL smoke.%s: %r" % (check.__name__, e))
    return passed, failed


def start_server(args, env, timeout_s=15):
    """Starts loonflowd (args: the command line, a wrapper first if any) and
    waits for its "listening on HOST:PORT" line; returns (proc, log, port)."""
    proc = subprocess.Popen(args, env=dict(os.environ, **SERVER_ENV, **env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = []
    buf = b""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        m = re.search(rb"listening on [^ ]+:(\d+),", buf)
        if m:
            log.append(buf.decode("utf-8", "replace"))
            threading.Thread(target=_drain, args=(proc, log), daemon=True).start()
            return proc, log, int(m.group(1))
    proc.kill()
    proc.wait()
    raise RuntimeError("loonflowd did not start: " + buf.decode("utf-8", "replace"))


def _drain(proc, log):
    for line in proc.stderr:
        log.append(line.decode("utf-8", "replace"))


def stop_server(proc, name):
    """SIGTERM, then one check: the server stopped by itself with status 0
    (in a sanitizer build: no error or leak report). Returns (passed, failed)."""
    proc.terminate()
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    if rc == 0:
        print("ok   %s.server_stops_cleanly" % name)
        return 1, 0
    print("FAIL %s.server_stops_cleanly: exit %d" % (name, rc))
    return 0, 1


def tally(out):
    """(passed, failed) from a runner's closing line; none counts as a failure."""
    for line in reversed(out.splitlines()):
        m = re.fullmatch(r"(\d+) passed, (\d+) failed", line.strip())
        if m:
            return int(m.group(1)), int(m.group(2))
    return 0, 1


if __name__ == "__main__":
    tls = len(sys.argv) == 5 and sys.argv[3] == "--tls"
    if len(sys.argv) != 3 and not tls:
        sys.exit("usage: checks.py HOST PORT [--tls CERT]")
    passed, failed = client(sys.argv[1], int(sys.argv[2]), sys.argv[4] if tls else None)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
