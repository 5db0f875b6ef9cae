"""The HTTP layer from the outside: malformed and oversized requests get the
right status with the JSON envelope, and the server keeps answering."""
import json
import re
import socket
import time

from lfclient import Server, signed_headers

PROFILE = "/api/v1.0/accounts/my_profile"


def setup(binary):
    return Server(binary, extra_args=["--set", "request_timeout_s=2"]).start()


def teardown(srv):
    srv.cleanup()


def status_and_body(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else None
    return status, head.decode("latin-1"), body


def still_alive(srv):
    r = srv.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=x")
    assert r.code == 0, r


def expect_status(srv, raw, status):
    got, head, body = status_and_body(srv.raw(raw))
    assert got == status, (got, head, body[:200])
    env = json.loads(body)
    assert env["code"] == -1 and env["data"] == {} and env["msg"], env
    assert "connection: close" in head.lower()
    still_alive(srv)


def test_malformed_request_line(srv):
    expect_status(srv, b"GARBAGE\r\n\r\n", 400)
    expect_status(srv, b"GET /x HTTP/9.9\r\n\r\n", 505)
    expect_status(srv, b"GET no-slash HTTP/1.1\r\n\r\n", 400)


def test_malformed_headers(srv):
    expect_status(srv, b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400)
    expect_status(srv, b"POST /api/v1.0/login HTTP/1.1\r\nContent-Length: 5\r\n"
                       b"Content-Length: 6\r\n\r\nhello!", 400)
    expect_status(srv, b"POST /api/v1.0/login HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501)


def test_uri_too_long(srv):
    expect_status(srv, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", 414)


def test_headers_too_large(srv):
    expect_status(srv, b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 17000 + b"\r\n\r\n", 431)
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(100))
    expect_status(srv, b"GET / HTTP/1.1\r\n" + many + b"\r\n", 431)


def test_body_too_large(srv):
    expect_status(srv, b"POST /api/v1.0/login HTTP/1.1\r\nContent-Length: 3000000\r\n\r\n{", 413)


def test_bad_json_is_400(srv):
    r = srv.request("PATCH", PROFILE, raw_body=b'{"lang": ', headers=signed_headers())
    assert r.status == 400 and r.code == -1 and r.data == {}, r
    r = srv.request("PATCH", PROFILE, raw_body=b'[1,2]', headers=signed_headers())
    assert r.status == 400 and r.code == -1, r
    r = srv.request("PATCH", PROFILE, raw_body=b'', headers=signed_headers())
    assert r.status == 400 and r.code == -1, r
    still_alive(srv)


def test_unknown_route_and_trailing_slash_are_404(srv):
    for path in ["/api/v1.0/nope", PROFILE + "/", "/"]:
        r = srv.request("GET", path, headers=signed_headers())
        assert r.status == 404 and r.code == -1, (path, r)


def test_method_not_allowed_has_allow(srv):
    r = srv.request("DELETE", PROFILE, headers=signed_headers())
    assert r.status == 405 and r.code == -1, r
    assert r.headers["allow"] == "GET, PATCH, HEAD, OPTIONS", r.headers


def test_options_and_head(srv):
    r = srv.request("OPTIONS", PROFILE, headers=signed_headers())
    assert r.status == 200 and r.payload == b"" and "PATCH" in r.headers["allow"], r
    assert srv.request("OPTIONS", PROFILE).status == 401
    get = srv.request("GET", PROFILE, headers=signed_headers())
    head = srv.request("HEAD", PROFILE, headers=signed_headers())
    assert head.status == 200 and head.payload == b""
    assert head.headers["content-length"] == get.headers["content-length"]


def test_pipelined_requests_answer_in_order(srv):
    one = b"GET /api/v1.0/accounts/tenants/by_domain?domain=a HTTP/1.1\r\nHost: x\r\n\r\n"
    bad = b"GET /api/v1.0/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
    last = b"GET /api/v1.0/accounts/tenants/by_domain?domain=b HTTP/1.1\r\nConnection: close\r\n\r\n"
    out = srv.raw(one + bad + last)
    statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", out)]
    assert statuses == [200, 404, 200], out


def test_keep_alive_serves_many_requests(srv):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    f = s.makefile("rb")
    for i in range(20):
        s.sendall(b"GET /api/v1.0/accounts/tenants/by_domain?domain=k%d HTTP/1.1\r\n\r\n" % i)
        status = f.readline()
        assert status.startswith(b"HTTP/1.1 200"), status
        length = 0
        while True:
            line = f.readline()
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        json.loads(f.read(length))
    s.close()


def test_chunked_body(srv):
    body = b'{"email": "admin@example.com", "password": "admin-pass-1"}'
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7))
    raw = (b"POST /api/v1.0/login HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
           + chunks + b"0\r\n\r\n")
    status, _, resp = status_and_body(srv.raw(raw))
    assert status == 200 and json.loads(resp)["code"] == 0, resp


def test_byte_by_byte_request(srv):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    for b in b"GET /api/v1.0/accounts/tenants/by_domain?domain=slow HTTP/1.1\r\nConnection: close\r\n\r\n":
        s.sendall(bytes([b]))
    data = b""
    while True:
        part = s.recv(4096)
        if not part:
            break
        data += part
    assert data.startswith(b"HTTP/1.1 200"), data


def test_slow_client_times_out_with_408(srv):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"GET /api/v1.0/accounts/tenants/by_domain HTTP/1.1\r\nX-Slow: ")
    time.sleep(3.5)
    data = s.recv(4096)
    assert data.startswith(b"HTTP/1.1 408"), data
    still_alive(srv)


def test_abrupt_disconnects_do_not_hurt(srv):
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"POST /api/v1.0/login HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"em")
        s.close()
    # a login whose client vanishes while the hash runs on a worker
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        body = b'{"email":"admin@example.com","password":"x"}'
        s.sendall(b"POST /api/v1.0/login HTTP/1.1\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        s.close()
    still_alive(srv)
    assert srv.alive()


def test_expect_100_continue(srv):
    body = b'{"email":"a@b.c","password":"x"}'
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"POST /api/v1.0/login HTTP/1.1\r\nExpect: 100-continue\r\nConnection: close\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body))
    first = s.recv(4096)
    assert first.startswith(b"HTTP/1.1 100"), first
    s.sendall(body)
    rest = b""
    while True:
        part = s.recv(4096)
        if not part:
            break
        rest += part
    assert b"HTTP/1.1 200" in rest and b"username or password is incorrect" in rest, rest
