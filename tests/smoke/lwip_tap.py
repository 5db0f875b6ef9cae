"""Smoke tests of loonflowd with lwIP as its TCP/IP stack (board lwip-tap).

    lwip_tap.py BINARY                 run everything (as root)
    lwip_tap.py --client HOST PORT     the API checks alone (run inside the namespace)

A private network namespace gets a TAP device with 10.77.0.1/24 on the Linux
side; loonflowd, started inside that namespace, opens the same TAP device
through lwIP's unix port and owns 10.77.0.2 in lwIP. The checks then run from
the Linux side of the namespace against 10.77.0.2, an address Linux does not
have, so every byte crosses the TAP link and lwIP's TCP. No traffic leaves
the namespace; it and the TAP device are deleted however the run ends.

Without root, iproute2, /dev/net/tun or the lwip-tap binary it prints why it
skips and counts nothing. Its last line is "N passed, N failed"."""
import http.client
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
from lfclient import (ADMIN_EMAIL, ADMIN_PASSWORD, APP_NAME, APP_TOKEN, Response,  # noqa: E402
                      signed_headers)

TAP = "lft0"
LINUX_ADDR = "10.77.0.1"
LWIP_ADDR = "10.77.0.2"
PORT = 6060
PROFILE = "/api/v1.0/accounts/my_profile"
TIME_LIMIT_S = 50


# ---------------------------------------------------------------- client side

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
            for _ in range(3):
                r = request(conn, "GET", PROFILE, headers=signed_headers())
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


CHECKS = [check_login_then_jwt_profile, check_signed_profile, check_bad_signature_refused,
          check_keep_alive_many_requests, check_body_larger_than_segments, check_parallel_clients]


def client(host, port):
    passed = failed = 0
    for check in CHECKS:
        try:
            check(host, port)
            passed += 1
            print("ok   lwip_tap.%s" % check.__name__)
        except Exception as e:
            failed += 1
            print("FAIL lwip_tap.%s: %r" % (check.__name__, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


# ---------------------------------------------------------------- root side

class Skip(Exception):
    pass


class TimeUp(Exception):
    pass


def ip(*args, check=True):
    r = subprocess.run(["ip"] + list(args), capture_output=True, text=True, timeout=10)
    if check and r.returncode != 0:
        raise RuntimeError("ip %s: %s" % (" ".join(args), r.stderr.strip()))
    return r


def preconditions(binary):
    if not os.path.exists(binary):
        raise Skip("%s is not built (needs liblwip-dev: apt-get install liblwip-dev)" % binary)
    if os.geteuid() != 0:
        raise Skip("needs root to create a network namespace and a TAP device")
    if not shutil.which("ip"):
        raise Skip("iproute2 is not installed (apt-get install iproute2)")
    if not os.path.exists("/dev/net/tun"):
        raise Skip("/dev/net/tun does not exist (no TUN/TAP support)")


def make_namespace(ns):
    r = ip("netns", "add", ns, check=False)
    if r.returncode != 0:
        raise Skip("cannot create a network namespace: " + r.stderr.strip())
    r = ip("-n", ns, "tuntap", "add", "dev", TAP, "mode", "tap", check=False)
    if r.returncode != 0:
        raise Skip("cannot create a TAP device: " + r.stderr.strip())
    ip("-n", ns, "link", "set", "lo", "up")
    ip("-n", ns, "addr", "add", LINUX_ADDR + "/24", "dev", TAP)
    ip("-n", ns, "link", "set", TAP, "mtu", "576", "up")  # see board/lwip-tap/board.h


def start_server(binary, ns, data_dir):
    env = dict(os.environ, PRECONFIGURED_TAPIF=TAP, LF_LWIP_ADDR=LWIP_ADDR,
               LF_LWIP_GW=LINUX_ADDR, LF_LWIP_NETMASK="255.255.255.0",
               LF_ADMIN_EMAIL=ADMIN_EMAIL, LF_ADMIN_PASSWORD=ADMIN_PASSWORD,
               LF_APP_NAME=APP_NAME, LF_APP_TOKEN=APP_TOKEN)
    args = ["ip", "netns", "exec", ns, binary, "--listen", "%s:%d" % (LWIP_ADDR, PORT),
            "--data", data_dir, "--set", "password_iterations=1000", "--set", "sync=none"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = []
    deadline = time.time() + 15
    buf = b""
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
        if b"listening on" in buf:
            threading.Thread(target=drain, args=(proc, log), daemon=True).start()
            log.append(buf.decode("utf-8", "replace"))
            return proc, log
    proc.kill()
    proc.wait()
    raise RuntimeError("loonflowd over lwIP did not start: " + buf.decode("utf-8", "replace"))


def drain(proc, log):
    for line in proc.stderr:
        log.append(line.decode("utf-8", "replace"))


def tally(out):
    for line in reversed(out.splitlines()):
        parts = line.split()
        if len(parts) == 4 and parts[1] == "passed," and parts[3] == "failed":
            return int(parts[0]), int(parts[2])
    return 0, 1


def on_alarm(signum, frame):
    raise TimeUp("the lwIP smoke run took longer than %d s" % TIME_LIMIT_S)


def run(binary):
    binary = os.path.abspath(binary)
    try:
        preconditions(binary)
    except Skip as e:
        print("skip: lwip-tap smoke: %s" % e)
        print("0 passed, 0 failed")
        return 0
    ns = "lfsmoke-%d" % os.getpid()
    data_dir = tempfile.mkdtemp(prefix="lf-lwip-")
    proc = None
    log = []
    passed = failed = 0
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TIME_LIMIT_S)
    try:
        make_namespace(ns)
        proc, log = start_server(binary, ns, data_dir)
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__),
                            "--client", LWIP_ADDR, str(PORT)],
                           capture_output=True, text=True, timeout=TIME_LIMIT_S - 10)
        passed, failed = tally(r.stdout)
        # the client's own closing line is folded into ours below
        sys.stdout.write("".join(l for l in (r.stdout + r.stderr).splitlines(True)
                                 if not l.rstrip().endswith(" failed") or l.startswith("FAIL")))
        # The server must have stayed up and must stop cleanly (exit 0, and
        # in the sanitizer build no leak or error report).
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=10)
        if rc == 0:
            passed += 1
            print("ok   lwip_tap.server_stops_cleanly")
        else:
            failed += 1
            print("FAIL lwip_tap.server_stops_cleanly: exit %d" % rc)
    except Skip as e:
        print("skip: lwip-tap smoke: %s" % e)
    except Exception as e:
        failed += 1
        print("FAIL lwip_tap: %s" % e)
    finally:
        signal.alarm(0)
        if proc and proc.poll() is None:
            proc.kill()
            proc.wait()
        pids = ip("netns", "pids", ns, check=False).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        ip("netns", "del", ns, check=False)
        shutil.rmtree(data_dir, ignore_errors=True)
    if failed:
        sys.stdout.write("---- loonflowd log ----\n" + "".join(log)[-4000:] + "\n")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--client":
        sys.exit(client(sys.argv[2], int(sys.argv[3])))
    if len(sys.argv) != 2:
        sys.exit("usage: lwip_tap.py BINARY | --client HOST PORT")
    sys.exit(run(sys.argv[1]))
