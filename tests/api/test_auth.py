"""Authentication end to end: app signatures, JWT login, personal access
tokens, and the first endpoints that prove the chain."""
import base64
import hashlib
import hmac
import json
import subprocess
import time

from lfclient import (ADMIN_EMAIL, ADMIN_PASSWORD, APP_NAME, APP_TOKEN, TENANT, Server,
                      signed_headers)

PROFILE = "/api/v1.0/accounts/my_profile"


def setup(binary):
    return Server(binary).start()


def teardown(srv):
    srv.cleanup()


def expect_401(r, words):
    assert r.status == 401, r
    assert r.headers["content-type"].startswith("application/json"), r.headers
    assert r.code == -1 and r.data == {}, r
    assert words in r.msg, (words, r.msg)


def test_signed_request_reads_my_profile(srv):
    r = srv.request("GET", PROFILE, headers=signed_headers())
    assert r.status == 200 and r.code == 0, r
    p = r.data["my_profile"]
    assert p["email"] == ADMIN_EMAIL
    assert set(p) == {"name", "alias", "email", "phone", "avatar", "lang", "dept_info_list"}
    assert list(r.json) == ["code", "data", "msg"]


def test_signature_header_names_are_case_insensitive(srv):
    h = {k.upper(): v for k, v in signed_headers().items()}
    assert srv.request("GET", PROFILE, headers=h).code == 0


def test_wrong_signature_is_refused(srv):
    h = signed_headers()
    h["signature"] = hashlib.md5(b"not the token").hexdigest()
    expect_401(srv.request("GET", PROFILE, headers=h), "signature you provide in request header is invalid")


def test_stale_timestamp_is_refused(srv):
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(ts=int(time.time()) - 180)),
               "is expire")
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(ts=int(time.time()) + 180)),
               "is expire")


def test_unknown_app_is_refused(srv):
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(app="no-such-app")),
               "Appname:no-such-app")


def test_unknown_email_is_refused(srv):
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(email="ghost@example.com")),
               "email:ghost@example.com")


def test_inactive_or_foreign_user_is_refused(srv):
    srv.lfctl("user", "create", "--tenant", TENANT, "--email", "gone@example.com",
              "--password", "pw", "--inactive", "yes", "--iterations", "1000")
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(email="gone@example.com")),
               "email:gone@example.com")
    r = srv.request("POST", "/api/v1.0/login", {"email": "gone@example.com", "password": "pw"})
    assert r.code == -1 and r.msg == "user is not active", r
    other = "00000000-0000-0000-0000-0000000000a2"
    srv.lfctl("tenant", "create", "--name", "other", "--domain", "other.example", "--id", other)
    srv.lfctl("user", "create", "--tenant", other, "--email", "foreign@example.com",
              "--password", "pw", "--iterations", "1000")
    # our app, a user of another tenant: refused
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(email="foreign@example.com")),
               "email:foreign@example.com")
    # that tenant's own app signs for that user
    app_id, token = srv.lfctl("app", "create", "--tenant", other, "--name", "field-device")
    h = signed_headers(app="field-device", token=token, email="foreign@example.com", tenant=other)
    r = srv.request("GET", PROFILE, headers=h)
    assert r.code == 0 and r.data["my_profile"]["email"] == "foreign@example.com", r
    r = srv.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=other.example")
    assert r.data["tenant_info"]["id"] == other, r
    # a normal user passes no admin check, whatever app signs
    r = srv.request("GET", "/api/v1.0/accounts/tenants/" + other, headers=h)
    assert r.code == -1 and "need admin" in r.msg, r


def test_tenant_that_is_not_the_apps_is_refused(srv):
    other = "00000000-0000-0000-0000-000000000002"
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(tenant=other)), "Appname:")
    expect_401(srv.request("GET", PROFILE, headers=signed_headers(tenant="garbage")), "tenantid")


def test_missing_headers_are_listed(srv):
    h = signed_headers()
    del h["signature"], h["email"]
    r = srv.request("GET", PROFILE, headers=h)
    expect_401(r, "signature is not provide in request header;")
    assert "email is not provide" in r.msg and "timestamp is not provide" not in r.msg


def test_login_gives_a_jwt_that_reads_my_profile(srv):
    jwt = srv.login()
    header, payload, _ = jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 30 * 86400
    assert claims["data"]["email"] == ADMIN_EMAIL and claims["data"]["type"] == "admin"
    assert "creator_info" in claims["data"] and "last_login" not in claims["data"]
    r = srv.request("GET", PROFILE, headers=srv.jwt_headers(jwt))
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r


def test_login_errors(srv):
    r = srv.request("POST", "/api/v1.0/login", {"email": ADMIN_EMAIL, "password": "wrong"})
    assert r.status == 200 and r.code == -1 and r.msg == "username or password is incorrect", r
    r = srv.request("POST", "/api/v1.0/login", {"email": "nobody@x.io", "password": "x"})
    assert r.code == -1 and r.msg == "username or password is incorrect", r
    r = srv.request("POST", "/api/v1.0/login", raw_body=b"")
    assert r.status == 400 and r.code == -1, r
    r = srv.request("POST", "/api/v1.0/login", raw_body=b"{not json")
    assert r.status == 400 and r.code == -1 and "not valid JSON" in r.msg, r


def test_tampered_jwt_is_refused(srv):
    jwt = srv.login()
    h, p, s = jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    claims["data"]["type"] = "admin"
    claims["data"]["email"] = "someone@else.io"
    p2 = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    expect_401(srv.request("GET", PROFILE, headers=srv.jwt_headers(h + "." + p2 + "." + s)),
               "signature")
    expect_401(srv.request("GET", PROFILE, headers=srv.jwt_headers("abc.def")), "malformed")
    expect_401(srv.request("GET", PROFILE, headers={"Authorization": "Basic abc"}), "Bearer")


def jwt_secret(srv):
    """Reads the server's JWT secret out of its LMDB file, as an operator could."""
    out = subprocess.run(["mdb_dump", "-s", "config", srv.data_dir],
                         capture_output=True, text=True, check=True).stdout
    body = out.split("HEADER=END\n", 1)[1]
    lines = [bytes.fromhex(l.strip()) for l in body.splitlines() if l.startswith(" ")]
    pairs = dict(zip(lines[0::2], lines[1::2]))
    return pairs[b"jwt_secret"]


def make_jwt(secret, claims):
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=")
    head = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = enc(json.dumps(claims).encode())
    sig = enc(hmac.new(secret, head + b"." + body, hashlib.sha256).digest())
    return (head + b"." + body + b"." + sig).decode()


def test_expired_jwt_is_refused_and_fresh_forged_one_accepted(srv):
    secret = jwt_secret(srv)
    data = {"email": ADMIN_EMAIL, "tenant_id": TENANT}
    now = int(time.time())
    ok = make_jwt(secret, {"exp": now + 60, "iat": now, "data": data})
    assert srv.request("GET", PROFILE, headers=srv.jwt_headers(ok)).code == 0
    old = make_jwt(secret, {"exp": now - 5, "iat": now - 100, "data": data})
    expect_401(srv.request("GET", PROFILE, headers=srv.jwt_headers(old)), "expired")
    no_exp = make_jwt(secret, {"iat": now, "data": data})
    expect_401(srv.request("GET", PROFILE, headers=srv.jwt_headers(no_exp)), "exp")


def test_appname_header_on_bearer_is_ignored(srv):
    jwt = srv.login()
    h = srv.jwt_headers(jwt)
    h["appname"] = "some-other-app"
    assert srv.request("GET", PROFILE, headers=h).code == 0


def test_pat_works_until_revoked(srv):
    jwt = srv.jwt_headers(srv.login())
    r = srv.request("POST", "/api/v1.0/accounts/personal_access_tokens",
                    {"label": "ci", "expires_in_days": 7}, headers=jwt)
    assert r.code == 0, r
    d = r.data
    assert set(d) == {"id", "token", "label", "expires_at", "masked_hint"}
    assert d["token"].startswith("lfpat." + d["id"] + ".")
    assert d["masked_hint"] == "lfpat." + d["id"][:8] + "*" * 32
    pat = {"Authorization": "Bearer " + d["token"]}
    r = srv.request("GET", PROFILE, headers=pat)
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    # PAT management is JWT-only
    expect_401(srv.request("GET", "/api/v1.0/accounts/personal_access_tokens", headers=pat),
               "use a JWT")
    lst = srv.request("GET", "/api/v1.0/accounts/personal_access_tokens", headers=jwt)
    item = [t for t in lst.data["personal_access_token_list"] if t["id"] == d["id"]][0]
    assert item["revoked"] is False and item["label"] == "ci" and item["last_used_at"] != ""
    assert len(item["expires_at"]) == 19 and "+" not in item["expires_at"]
    r = srv.request("DELETE", "/api/v1.0/accounts/personal_access_tokens/" + d["id"], headers=jwt)
    assert r.code == 0, r
    expect_401(srv.request("GET", PROFILE, headers=pat), "revoked")
    r = srv.request("DELETE", "/api/v1.0/accounts/personal_access_tokens/" + d["id"], headers=jwt)
    assert r.code == -1 and r.msg == "Token not found or already revoked", r
    tail = "xx" if not d["token"].endswith("xx") else "yy"  # must differ from the real secret
    bad = {"Authorization": "Bearer " + d["token"][:-2] + tail}
    expect_401(srv.request("GET", PROFILE, headers=bad), "Invalid personal access token")


def test_pat_validation(srv):
    jwt = srv.jwt_headers(srv.login())
    url = "/api/v1.0/accounts/personal_access_tokens"
    r = srv.request("POST", url, {"expires_in_days": 731}, headers=jwt)
    assert r.code == -1 and "between 0 and 730" in r.msg, r
    r = srv.request("POST", url, {"bogus": 1}, headers=jwt)
    assert r.code == -1 and "Wrong key" in r.msg, r
    r = srv.request("POST", url, {"expires_in_days": "0"}, headers=jwt)
    assert r.code == 0 and r.data["expires_at"] == "", r
    r = srv.request("POST", url, {}, headers=jwt)
    assert r.code == 0 and r.data["expires_at"] != "", r
    newest = srv.request("GET", url, headers=jwt).data["personal_access_token_list"][0]
    assert newest["id"] == r.data["id"]


def test_idempotent_retry_creates_one_token(srv):
    jwt = srv.jwt_headers(srv.login())
    url = "/api/v1.0/accounts/personal_access_tokens"
    before = len(srv.request("GET", url, headers=jwt).data["personal_access_token_list"])
    h = dict(jwt, **{"Idempotency-Key": "device-42-retry-1"})
    r1 = srv.request("POST", url, {"label": "retry"}, headers=h)
    r2 = srv.request("POST", url, {"label": "retry"}, headers=h)
    assert r1.code == 0 and r1.payload == r2.payload, (r1, r2)
    assert "idempotent-replayed" not in r1.headers
    assert r2.headers.get("idempotent-replayed") == "true"
    after = len(srv.request("GET", url, headers=jwt).data["personal_access_token_list"])
    assert after == before + 1
    r3 = srv.request("POST", url, {"label": "other body"}, headers=h)
    assert r3.status == 422 and r3.code == -1, r3
    r4 = srv.request("POST", url, {"label": "retry"}, headers=dict(jwt, **{"Idempotency-Key": ""}))
    assert r4.status == 400 or r4.code == 0, r4


def test_change_password(srv):
    url = "/api/v1.0/accounts/users/change_password"
    jwt = srv.jwt_headers(srv.login())
    r = srv.request("POST", url, {"source_password": ADMIN_PASSWORD, "new_password": "a",
                                  "new_password_again": "b"}, headers=jwt)
    assert r.code == -1 and r.msg == "passwords are different between two input", r
    r = srv.request("POST", url, {"source_password": "wrong", "new_password": "n3w-pass",
                                  "new_password_again": "n3w-pass"}, headers=jwt)
    assert r.code == -1 and r.msg == "source password is invalid", r
    r = srv.request("POST", url, {"source_password": ADMIN_PASSWORD, "new_password": "n3w-pass",
                                  "new_password_again": "n3w-pass"}, headers=jwt)
    assert r.code == 0 and r.msg == "success", r
    srv.login(password="n3w-pass")
    r = srv.request("POST", "/api/v1.0/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert r.code == -1
    r = srv.request("POST", url, {"source_password": "n3w-pass", "new_password": ADMIN_PASSWORD,
                                  "new_password_again": ADMIN_PASSWORD}, headers=jwt)
    assert r.code == 0, r


def test_patch_my_profile(srv):
    h = signed_headers()
    r = srv.request("PATCH", PROFILE, {"lang": "en"}, headers=h)
    assert r.code == 0, r
    assert srv.request("GET", PROFILE, headers=signed_headers()).data["my_profile"]["lang"] == "en"
    r = srv.request("PATCH", PROFILE, {"lang": "en", "name": "x"}, headers=signed_headers())
    assert r.code == -1 and "Wrong key 'name'" in r.msg, r
    r = srv.request("PATCH", PROFILE, {}, headers=signed_headers())
    assert r.code == -1 and "Missing key: 'lang'" in r.msg, r
    r = srv.request("PATCH", PROFILE, {"lang": 5}, headers=signed_headers())
    assert r.code == -1 and "lang" in r.msg, r


def test_tenants(srv):
    r = srv.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=unknown.example")
    assert r.code == 0 and r.data["tenant_info"]["id"] == TENANT, r
    assert set(r.data["tenant_info"]) == {"id", "name", "domain", "logo_path"}
    r = srv.request("GET", "/api/v1.0/accounts/tenants/by_domain")
    assert r.code == -1 and r.msg == "domain is required", r
    r = srv.request("GET", "/api/v1.0/accounts/tenants/" + TENANT, headers=signed_headers())
    assert r.code == 0, r
    t = r.data["tenant_info"]
    assert list(t) == ["id", "label", "created_at", "updated_at", "name", "domain", "logo_path",
                       "workflow_limit", "ticket_limit", "is_active"]
    assert t["created_at"].endswith(" +0000")
    r = srv.request("GET", "/api/v1.0/accounts/tenants/00000000-0000-0000-0000-000000000002",
                    headers=signed_headers())
    assert r.code == -1 and r.msg == "tenant is not exist or has been deleted", r
    # by_id without credentials is refused
    assert srv.request("GET", "/api/v1.0/accounts/tenants/" + TENANT).status == 401
