"""Smoke run of loonflowd with lwIP as its TCP/IP stack (board lwip-tap).

    lwip_tap.py BINARY      (as root; `make board=lwip-tap test-smoke`, and `make test`)

A private network namespace gets a TAP device with 10.77.0.1/24 on the Linux
side; loonflowd, started inside that namespace, opens the same TAP device
through lwIP's unix port and owns 10.77.0.2 in lwIP. checks.py then runs from
the Linux side of the namespace against 10.77.0.2, an address Linux does not
have, so every byte crosses the TAP link and lwIP's TCP. Then loonflowd starts
again with TLS on and checks.py --tls runs the HTTPS checks: mbedTLS's I/O
over lwIP's sockets. No traffic leaves
the namespace; it and the TAP device are deleted however the run ends.

Without root, iproute2, /dev/net/tun or the lwip-tap binary it prints why it
skips and counts nothing. Its last line is "N passed, N failed"."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from checks import SERVER_ARGS, start_server, stop_server, tally

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
from tlscert import make_cert  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TAP = "lft0"
LINUX_ADDR = "10.77.0.1"
LWIP_ADDR = "10.77.0.2"
PORT = 6060
MTU = "576"  # see board/lwip-tap/board.h
TIME_LIMIT_S = 50


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


def remove_stale_namespaces():
    """Namespaces of earlier runs that were killed before their cleanup."""
    for line in ip("netns", "list", check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith("lfsmoke-") and name[8:].isdigit():
            try:
                os.kill(int(name[8:]), 0)
            except ProcessLookupError:
                remove_namespace(name)


def make_namespace(ns):
    remove_stale_namespaces()
    r = ip("netns", "add", ns, check=False)
    if r.returncode != 0:
        raise Skip("cannot create a network namespace: " + r.stderr.strip())
    r = ip("-n", ns, "tuntap", "add", "dev", TAP, "mode", "tap", check=False)
    if r.returncode != 0:
        raise Skip("cannot create a TAP device: " + r.stderr.strip())
    ip("-n", ns, "link", "set", "lo", "up")
    ip("-n", ns, "addr", "add", LINUX_ADDR + "/24", "dev", TAP)
    ip("-n", ns, "link", "set", TAP, "mtu", MTU, "up")


def remove_namespace(ns):
    for pid in ip("netns", "pids", ns, check=False).stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    ip("netns", "del", ns, check=False)


def on_alarm(signum, frame):
    raise TimeUp("the lwIP smoke run took longer than %d s" % TIME_LIMIT_S)


def fold(r):
    """Echoes a checks.py run's lines; its own closing line is folded into ours."""
    sys.stdout.write("".join(l for l in (r.stdout + r.stderr).splitlines(True)
                             if l.startswith(("ok ", "FAIL", " ", "Traceback"))))
    return tally(r.stdout)


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
        env = {"PRECONFIGURED_TAPIF": TAP, "LF_LWIP_ADDR": LWIP_ADDR, "LF_LWIP_GW": LINUX_ADDR,
               "LF_LWIP_NETMASK": "255.255.255.0"}
        proc, log, _ = start_server(["ip", "netns", "exec", ns, binary, "--listen",
                                     "%s:%d" % (LWIP_ADDR, PORT), "--data", data_dir]
                                    + SERVER_ARGS, env)
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable,
                            os.path.join(HERE, "checks.py"), LWIP_ADDR, str(PORT)],
                           capture_output=True, text=True, timeout=TIME_LIMIT_S - 10)
        passed, failed = fold(r)
        p, f = stop_server(proc, "lwip_tap")
        passed, failed = passed + p, failed + f

        cert, key = make_cert(data_dir, ips=(LWIP_ADDR,))
        ip("-n", ns, "neigh", "flush", "dev", TAP)  # the next lwIP may have another MAC
        proc, log, _ = start_server(["ip", "netns", "exec", ns, binary, "--listen",
                                     "%s:%d" % (LWIP_ADDR, PORT), "--data", data_dir,
                                     "--set", "tls_cert=" + cert, "--set", "tls_key=" + key]
                                    + SERVER_ARGS, env)
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable,
                            os.path.join(HERE, "checks.py"), LWIP_ADDR, str(PORT), "--tls", cert],
                           capture_output=True, text=True, timeout=TIME_LIMIT_S - 10)
        p, f = fold(r)
        passed, failed = passed + p, failed + f
        p, f = stop_server(proc, "lwip_tap_tls")
        passed, failed = passed + p, failed + f
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
        remove_namespace(ns)
        shutil.rmtree(data_dir, ignore_errors=True)
    if failed:
        sys.stdout.write("---- loonflowd log ----\n" + "".join(log)[-4000:] + "\n")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lwip_tap.py BINARY")
    sys.exit(run(sys.argv[1]))
