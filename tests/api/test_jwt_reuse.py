"""A JWT presented again is not re-verified (authn.c keeps a few verified
tokens): what it must still refuse on the second and later use."""
import time

from lfclient import ADMIN_EMAIL, TENANT, Server, signed_headers
from test_auth import expect_401, jwt_secret, make_jwt

PROFILE = "/api/v1.0/accounts/my_profile"
USERS = "/api/v1.0/accounts/users"


def setup(binary):
    return Server(binary).start()


def teardown(srv):
    srv.cleanup()


def new_user(srv, email):
    body = {"name": email.split("@")[0], "email": email, "type": "normal", "is_active": True}
    r = srv.request("POST", USERS, body, headers=signed_headers())
    assert r.code == 0, r
    return r.data["user_id"]


def profile(srv, jwt):
    return srv.request("GET", PROFILE, headers=srv.jwt_headers(jwt))


def test_deactivated_user_is_refused_with_a_token_used_before(srv):
    uid = new_user(srv, "reuse@example.com")
    jwt = make_jwt(jwt_secret(srv), {"exp": int(time.time()) + 600,
                                     "data": {"email": "reuse@example.com", "tenant_id": TENANT}})
    for _ in range(3):
        r = profile(srv, jwt)
        assert r.code == 0 and r.data["my_profile"]["email"] == "reuse@example.com", r
    r = srv.request("PATCH", USERS + "/" + uid, {"name": "reuse", "email": "reuse@example.com",
                                                  "type": "normal", "is_active": False},
                    headers=signed_headers())
    assert r.code == 0, r
    expect_401(profile(srv, jwt), "does not exist or is not active")


def test_same_length_forgery_of_a_used_token_is_refused(srv):
    jwt = srv.login()
    assert profile(srv, jwt).code == 0
    assert profile(srv, jwt).code == 0
    last = "A" if jwt[-2] != "A" else "B"
    forged = jwt[:-2] + last + jwt[-1]
    expect_401(profile(srv, forged), "signature is invalid")
    h, p, s = jwt.split(".")
    p2 = p[:-1] + ("A" if p[-1] != "A" else "B")
    expect_401(profile(srv, h + "." + p2 + "." + s), "token")
    assert profile(srv, jwt).code == 0


def test_a_used_token_still_expires(srv):
    secret = jwt_secret(srv)
    data = {"email": ADMIN_EMAIL, "tenant_id": TENANT}
    jwt = make_jwt(secret, {"exp": int(time.time()) + 2, "data": data})
    r = profile(srv, jwt)
    if r.code != 0:  # the second turned over between minting and the request
        jwt = make_jwt(secret, {"exp": int(time.time()) + 2, "data": data})
        r = profile(srv, jwt)
    assert r.code == 0, r
    time.sleep(2.2)
    expect_401(profile(srv, jwt), "expired")


def test_many_tokens_in_turn_all_work(srv):
    secret = jwt_secret(srv)
    data = {"email": ADMIN_EMAIL, "tenant_id": TENANT}
    now = int(time.time())
    tokens = [make_jwt(secret, {"exp": now + 600 + i, "data": data}) for i in range(9)]
    for _ in range(2):
        for t in tokens:
            assert profile(srv, t).code == 0
