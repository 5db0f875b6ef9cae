"""HTTPS: loonflowd with tls_cert/tls_key serves TLS only on its listener.
Clients verify the server against a throwaway certificate made for the run."""
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time

from lfclient import (ADMIN_EMAIL, ADMIN_PASSWORD, Response, Server, signed_headers)
from tlscert import client_context, make_cert

PROFILE = "/api/v1.0/accounts/my_profile"


class Ctx:
    pass


def setup(binary):
    c = Ctx()
    c.binary = binary
    c.dir = tempfile.mkdtemp(prefix="lf-tls-")
    c.cert, c.key = make_cert(c.dir)
    c.ssl = client_context(c.cert)
    c.srv = Server(binary, extra_args=["--set", "tls_cert=" + c.cert, "--set", "tls_key=" + c.key,
                                       "--set", "request_timeout_s=1"]).start()
    return c


def teardown(c):
    c.srv.cleanup()
    shutil.rmtree(c.dir, ignore_errors=True)


def https(c):
    return http.client.HTTPSConnection("127.0.0.1", c.srv.port, context=c.ssl, timeout=10)


def request(conn, method, path, body=None, headers=None):
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=hdrs)
    r = conn.getresponse()
    return Response(r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read())


def log_text(c):
    time.sleep(0.2)  # the drain thread is behind the server by a line or two
    return "".join(c.srv.log)


def still_serves(c):
    conn = https(c)
    r = request(conn, "GET", PROFILE, headers=signed_headers())
    conn.close()
    assert r.code == 0, r
    assert c.srv.alive()


def test_login_and_signed_profile_over_https(c):
    conn = https(c)
    # login runs on a worker thread (password hash): the deferral works over TLS
    r = request(conn, "POST", "/api/v1.0/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert r.code == 0, r
    jwt = r.data["jwt"]
    r = request(conn, "GET", PROFILE, headers={"Authorization": "Bearer " + jwt})
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    r = request(conn, "GET", PROFILE, headers=signed_headers())
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    assert conn.sock.version() in ("TLSv1.2", "TLSv1.3"), conn.sock.version()
    conn.close()


def test_keep_alive_over_tls(c):
    conn = https(c)
    request(conn, "GET", PROFILE, headers=signed_headers())
    first = conn.sock
    for _ in range(20):
        r = request(conn, "GET", PROFILE, headers=signed_headers())
        assert r.code == 0, r
        assert conn.sock is first, "the server closed a keep-alive TLS connection"
    conn.close()


def test_pipelined_requests_over_tls(c):
    raw = socket.create_connection(("127.0.0.1", c.srv.port), timeout=10)
    s = c.ssl.wrap_socket(raw, server_hostname="127.0.0.1")
    h = signed_headers()
    one = "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (
        PROFILE, "".join("%s: %s\r\n" % kv for kv in h.items()))
    last = one.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n")
    s.sendall((one * 3 + last).encode())
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    assert data.count(b"HTTP/1.1 200 OK") == 4, data[:400]
    assert data.count(ADMIN_EMAIL.encode()) == 4, data[:400]


def test_large_body_over_tls(c):
    # 200 KiB spans many TLS records (16 KiB each) and partial reads
    conn = https(c)
    r = request(conn, "POST", "/api/v1.0/login",
                {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "pad": "x" * 204800})
    assert r.code == 0, r
    conn.close()


def parse_responses(data):
    """Splits a stream of HTTP/1.1 responses by their Content-Length."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, data[:200]
        length = int([l.split(b":")[1] for l in head.split(b"\r\n")
                      if l.lower().startswith(b"content-length:")][0])
        out.append((head.split(b"\r\n")[0], json.loads(rest[:length])))
        data = rest[length:]
    return out


def test_many_pipelined_answers_to_a_slow_reader(c):
    # A small receive window and a late reader, with more requests arriving
    # while earlier answers are still unsent (tests/unit/test_tls.c forces
    # the blocked-record case itself).
    n = 150
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(10)
    raw.connect(("127.0.0.1", c.srv.port))
    s = c.ssl.wrap_socket(raw, server_hostname="127.0.0.1")
    one = "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (
        PROFILE, "".join("%s: %s\r\n" % kv for kv in signed_headers().items()))
    last = one.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n")
    s.sendall((one * (n // 2)).encode())
    time.sleep(0.3)
    s.sendall((one * (n - n // 2 - 1) + last).encode())
    time.sleep(0.3)
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    answers = parse_responses(data)
    assert len(answers) == n, len(answers)
    for status, body in answers:
        assert status == b"HTTP/1.1 200 OK" and body["code"] == 0, (status, body)
        assert body["data"]["my_profile"]["email"] == ADMIN_EMAIL, body


def test_plain_http_to_tls_port_is_refused(c):
    s = socket.create_connection(("127.0.0.1", c.srv.port), timeout=10)
    s.sendall(b"GET /api/v1.0/accounts/my_profile HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        answer = s.recv(4096)
    except ConnectionResetError:
        answer = b""
    s.close()
    assert b"HTTP/1.1" not in answer and b"my_profile" not in answer, answer
    assert "tls handshake failed" in log_text(c)
    still_serves(c)


def test_garbage_handshake_is_closed(c):
    s = socket.create_connection(("127.0.0.1", c.srv.port), timeout=10)
    # a TLS handshake record header, then junk where a ClientHello belongs
    s.sendall(b"\x16\x03\x01\x00\x40" + os.urandom(64))
    try:
        while s.recv(4096):
            pass
        closed = True
    except ConnectionResetError:
        closed = True
    except socket.timeout:
        closed = False
    s.close()
    assert closed, "the server kept a garbage handshake open"
    still_serves(c)


def test_tls_1_1_is_refused(c):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # let this client offer TLS 1.1 at all
    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    before = log_text(c).count("tls handshake failed")
    raw = socket.create_connection(("127.0.0.1", c.srv.port), timeout=10)
    try:
        ctx.wrap_socket(raw).close()
        refused = None
    except (ssl.SSLError, ConnectionResetError) as e:
        refused = e
    raw.close()
    assert refused is not None, "a TLS 1.1 handshake succeeded"
    assert "NO_PROTOCOLS_AVAILABLE" not in str(refused), refused  # the server refused, not us
    assert log_text(c).count("tls handshake failed") == before + 1
    # the same client limited to TLS 1.2 gets through
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with ctx.wrap_socket(socket.create_connection(("127.0.0.1", c.srv.port), timeout=10)) as s:
        assert s.version() == "TLSv1.2"
    still_serves(c)


def test_slow_handshake_times_out(c):
    s = socket.create_connection(("127.0.0.1", c.srv.port), timeout=5)
    t0 = time.time()
    try:
        b = s.recv(100)  # says nothing: request_timeout_s=1 must close it
    except ConnectionResetError:
        b = b""
    s.close()
    assert b == b"" and time.time() - t0 < 4.5, (b, time.time() - t0)
    assert "tls handshake timed out" in log_text(c)
    still_serves(c)


def test_bad_tls_settings_stop_the_start(c):
    d = tempfile.mkdtemp(prefix="lf-tls-bad-")
    try:
        args = [c.binary, "--listen", "127.0.0.1:0", "--data", d]
        r = subprocess.run(args + ["--set", "tls_cert=" + c.cert], capture_output=True, text=True,
                           timeout=20)
        assert r.returncode == 2 and "both tls_cert and tls_key" in r.stderr, r
        r = subprocess.run(args + ["--set", "tls_cert=" + c.cert, "--set",
                                   "tls_key=" + os.path.join(d, "missing.pem")],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 1 and "missing.pem" in r.stderr, r
        r = subprocess.run(args + ["--set", "tls_cert=" + c.key, "--set", "tls_key=" + c.key],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 1 and "bad certificate" in r.stderr, r
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_max_connections_caps_tls_sessions(c):
    # each TLS session holds ~33 KiB of record buffers: max_connections bounds them
    srv = Server(c.binary, extra_args=["--set", "tls_cert=" + c.cert, "--set", "tls_key=" + c.key,
                                       "--set", "max_connections=1"]).start()
    try:
        first = c.ssl.wrap_socket(socket.create_connection(("127.0.0.1", srv.port), timeout=10),
                                  server_hostname="127.0.0.1")
        try:
            c.ssl.wrap_socket(socket.create_connection(("127.0.0.1", srv.port), timeout=10),
                              server_hostname="127.0.0.1").close()
            second = "accepted"
        except (ssl.SSLError, ConnectionResetError, OSError) as e:
            second = e
        assert second != "accepted", "a second TLS session got past max_connections=1"
        first.close()
        time.sleep(0.2)
        conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=c.ssl, timeout=10)
        r = request(conn, "GET", PROFILE, headers=signed_headers())
        assert r.code == 0, r
        conn.close()
        assert "refused 127.0.0.1" in "".join(srv.log)
    finally:
        srv.cleanup()
