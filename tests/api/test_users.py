"""Users: the admin's list/create/edit/delete, roles of a user, password
reset, the simple list and the look-up by ids; tenant scoping and rights."""
import uuid

from lfclient import TENANT, signed_headers
from orgfix import NEED_ADMIN, OTHER_TENANT, ZERO, Org

USER_KEYS = ["last_login", "id", "label", "creator_info", "created_at", "updated_at", "tenant_id",
             "name", "alias", "external_user_id", "email", "phone", "is_active", "type", "avatar",
             "lang"]
SIMPLE_KEYS = ["id", "tenant_id", "name", "alias", "external_user_id", "email", "is_active",
               "avatar", "dept_info_list"]


def setup(binary):
    return Org(binary)


def teardown(org):
    org.cleanup()


def test_create_and_get_user_with_depts_and_roles(org):
    top = org.new_dept("Plant")
    line = org.new_dept("Line 1", top)
    role = org.new_role("operators")
    uid = org.new_user("alice@example.com", name="Alice", alias="Al", phone="555",
                       password="s3cret!", password1="s3cret!", dept_id_list=[line, top],
                       role_id_list=[role], lang="en")
    u = org.ok("GET", "/users/" + uid).data["user_info"]
    assert list(u) == USER_KEYS + ["dept_info_list"], list(u)
    assert (u["id"], u["name"], u["alias"], u["email"], u["phone"], u["type"], u["lang"]) == \
        (uid, "Alice", "Al", "alice@example.com", "555", "normal", "en")
    assert u["is_active"] is True and u["last_login"] is None and u["tenant_id"] == TENANT
    assert u["creator_info"]["name"] == "admin" and u["created_at"].endswith(" +0000")
    assert u["dept_info_list"] == [
        {"name": "Line 1", "path": "Plant-Line 1", "id": line, "is_primary": True},
        {"name": "Plant", "path": "Plant", "id": top, "is_primary": False}], u["dept_info_list"]
    roles = org.ok("GET", "/users/%s/roles" % uid).data
    assert [r["id"] for r in roles["role_list"]] == [role] and roles["total"] == 1
    # the password works
    r = org.srv.request("POST", "/api/v1.0/login", {"email": "alice@example.com", "password": "s3cret!"})
    assert r.code == 0, r
    # my_profile shows the real memberships
    me = org.srv.jwt_headers(r.data["jwt"])
    p = org.ok("GET", "/my_profile", who=me).data["my_profile"]
    assert [d["id"] for d in p["dept_info_list"]] == [line, top]
    assert p["dept_info_list"][0]["path"] == "Plant-Line 1"


def test_create_validation(org):
    base = {"name": "v", "email": "v@example.com", "type": "normal", "is_active": True}

    def bad(change, contains, drop=()):
        body = dict(base, **change)
        for k in drop:
            body.pop(k)
        org.fail("POST", "/users", body, contains=contains)

    bad({}, "Missing key: 'name'", drop=["name"])
    bad({"name": ""}, "name is needed")
    bad({}, "Missing key: 'email'", drop=["email"])
    bad({"email": ""}, "email is needed")
    bad({"email": "not-an-email"}, "Invalid email format")
    bad({"email": "a@b.c"}, "Invalid email format")
    bad({"email": "x" * 250 + "@example.com"}, "too long")
    bad({"type": "root"}, "type should be admin, workflow_admin, normal")
    bad({}, "Missing key: 'is_active'", drop=["is_active"])
    bad({"is_active": "yes"}, "is_active")
    bad({"bogus": 1}, "Wrong key 'bogus'")
    bad({"password": "a", "password1": "b"}, "password is not same")
    bad({"dept_id_list": "x"}, "should be a list")
    bad({"dept_id_list": ["nope"]}, "not a valid id")
    bad({"dept_id_list": [str(uuid.uuid4())]}, "is not exist")
    bad({"role_id_list": [str(uuid.uuid4())]}, "is not exist")
    bad({"name": "n" * 51}, "longer than 50")
    bad({"alias": 5}, "should be a string")
    bad({"name": "a\u0000b"}, "NUL")
    r = org.req("POST", "/users", None)
    assert r.status == 400 and r.code == -1, r
    # nothing was created by any of those
    assert org.ok("GET", "/users?search_value=v@example").data["total"] == 0


def test_duplicate_email_is_refused(org):
    org.new_user("dup@example.com")
    org.fail("POST", "/users", {"name": "d", "email": "dup@example.com", "type": "normal",
                                "is_active": True}, contains="email already exists")
    # emails are global: another tenant's user's email is taken too
    org.fail("POST", "/users", {"name": "d", "email": "oadmin@example.com", "type": "normal",
                                "is_active": True}, contains="email already exists")


def test_list_search_paging_and_order(org):
    ids = [org.new_user("page%d@paging.example" % i, name="Pager %d" % i) for i in range(5)]
    r = org.ok("GET", "/users?search_value=paging.example&per_page=2&page=1").data
    assert r["total"] == 5 and r["per_page"] == 2 and r["page"] == 1
    first = [u["id"] for u in r["user_info_list"]]
    assert first == sorted(ids)[:2], (first, sorted(ids))
    assert list(r["user_info_list"][0]) == USER_KEYS + ["dept_info_list"]
    r2 = org.ok("GET", "/users?search_value=paging.example&per_page=2&page=3").data
    assert [u["id"] for u in r2["user_info_list"]] == sorted(ids)[4:]
    # past the end: the last page, the requested number echoed (upstream's paginator)
    r3 = org.ok("GET", "/users?search_value=paging.example&per_page=2&page=9").data
    assert [u["id"] for u in r3["user_info_list"]] == sorted(ids)[4:] and r3["page"] == 9
    # search on name, case-insensitive, and on alias
    assert org.ok("GET", "/users?search_value=PAGER+3").data["total"] == 1
    org.new_user("aliased@example.com", alias="Zebra Crossing")
    hits = org.ok("GET", "/users?search_value=zebra").data["user_info_list"]
    assert [u["email"] for u in hits] == ["aliased@example.com"]
    org.fail("GET", "/users?page=0", contains="page")
    org.fail("GET", "/users?per_page=abc", contains="per_page")
    # the other tenant's users never show up
    all_emails = [u["email"] for u in org.ok("GET", "/users?per_page=1000").data["user_info_list"]]
    assert "oadmin@example.com" not in all_emails and "normal@example.com" in all_emails
    other = org.ok("GET", "/users", who=org.other_admin).data
    assert [u["email"] for u in other["user_info_list"]] == ["oadmin@example.com"]


def test_list_dept_filter(org):
    d = org.new_dept("Filter dept")
    sub = org.new_dept("Filter sub", d)
    a = org.new_user("fa@example.com", dept_id_list=[d])
    b = org.new_user("fb@example.com", dept_id_list=[sub, d])
    org.new_user("fc@example.com", dept_id_list=[sub])
    r = org.ok("GET", "/users?dept_id=" + d).data
    assert sorted(u["id"] for u in r["user_info_list"]) == sorted([a, b]) and r["total"] == 2
    item = [u for u in r["user_info_list"] if u["id"] == b][0]
    assert item["dept_info_list"] == [{"name": "Filter sub", "id": sub, "is_primary": True},
                                      {"name": "Filter dept", "id": d, "is_primary": False}]
    for none in ("", "0", ZERO):
        assert org.ok("GET", "/users?dept_id=" + none).data["total"] >= 5
    org.fail("GET", "/users?dept_id=" + str(uuid.uuid4()), msg="dept is not exist")
    org.fail("GET", "/users?dept_id=junk", contains="dept_id")


def test_patch_user(org):
    d1, d2 = org.new_dept("P1"), org.new_dept("P2")
    r1, r2 = org.new_role("pr1"), org.new_role("pr2")
    uid = org.new_user("pat@example.com", alias="old", phone="1", dept_id_list=[d1],
                       role_id_list=[r1])
    org.ok("PATCH", "/users/" + uid, {"name": "Pat", "email": "pat2@example.com",
                                      "type": "workflow_admin", "is_active": False,
                                      "dept_id_list": [d2, d1], "role_id_list": [r2],
                                      "alias": "new", "lang": "en"})
    u = org.ok("GET", "/users/" + uid).data["user_info"]
    assert (u["name"], u["email"], u["type"], u["is_active"], u["alias"], u["phone"], u["lang"]) == \
        ("Pat", "pat2@example.com", "workflow_admin", False, "new", "1", "en")
    assert [(d["id"], d["is_primary"]) for d in u["dept_info_list"]] == [(d2, True), (d1, False)]
    assert [r["id"] for r in org.ok("GET", "/users/%s/roles" % uid).data["role_list"]] == [r2]
    # creator and tenant are kept (upstream overwrote them)
    assert u["creator_info"]["name"] == "admin" and u["tenant_id"] == TENANT
    # the old email is free again, the new one is taken
    assert org.ok("GET", "/users?search_value=pat@example.com").data["total"] == 0
    org.new_user("pat@example.com")
    # a password given on PATCH is set
    org.ok("PATCH", "/users/" + uid, {"name": "Pat", "email": "pat2@example.com", "type": "normal",
                                      "is_active": True, "password": "newpw"})
    r = org.srv.request("POST", "/api/v1.0/login", {"email": "pat2@example.com", "password": "newpw"})
    assert r.code == 0, r
    # dept_id_list [] clears the memberships
    org.ok("PATCH", "/users/" + uid, {"name": "Pat", "email": "pat2@example.com", "type": "normal",
                                      "is_active": True, "dept_id_list": []})
    assert org.ok("GET", "/users/" + uid).data["user_info"]["dept_info_list"] == []
    assert org.archived("user_dept") >= 2


def test_patch_validation_and_not_found(org):
    uid = org.new_user("pv@example.com")
    body = {"name": "x", "email": "pv@example.com", "type": "normal", "is_active": True}
    org.fail("PATCH", "/users/" + uid, dict(body, password1="x"), contains="Wrong key 'password1'")
    org.fail("PATCH", "/users/" + uid, dict(body, email="normal@example.com"),
             contains="email already exists")
    org.fail("PATCH", "/users/" + uid, dict(body, type="x"), contains="type should be")
    org.fail("PATCH", "/users/" + str(uuid.uuid4()), body, msg="user is not exist or has been deleted")
    org.fail("PATCH", "/users/not-a-uuid", body, msg="user is not exist or has been deleted")
    org.fail("PATCH", "/users/" + org.other_user_id, body, msg="user is not exist or has been deleted")
    org.fail("GET", "/users/" + org.other_user_id, msg="user is not exist or has been deleted")
    org.fail("GET", "/users/" + str(uuid.uuid4()), msg="user is not exist or has been deleted")
    # an admin cannot lock themselves out
    me = [u for u in org.ok("GET", "/users?search_value=admin@example.com").data["user_info_list"]
          if u["email"] == "admin@example.com"][0]
    org.fail("PATCH", "/users/" + me["id"], {"name": "admin", "email": me["email"], "type": "normal",
                                              "is_active": True}, contains="yourself")


def test_delete_user_archives_and_cleans_links(org):
    d = org.new_dept("Del dept")
    role = org.new_role("del role")
    uid = org.new_user("gone@example.com", dept_id_list=[d], role_id_list=[role])
    org.ok("PATCH", "/depts/" + d, {"name": "Del dept", "leader_id": uid, "approver_id_list": [uid]})
    before = (org.archived("user"), org.archived("user_dept"), org.archived("user_role"),
              org.archived("dept_approver"))
    org.ok("DELETE", "/users/" + uid)
    after = (org.archived("user"), org.archived("user_dept"), org.archived("user_role"),
             org.archived("dept_approver"))
    assert [a - b for a, b in zip(after, before)] == [1, 1, 1, 1], (before, after)
    org.fail("GET", "/users/" + uid, msg="user is not exist or has been deleted")
    assert org.ok("GET", "/users?dept_id=" + d).data["total"] == 0
    assert org.ok("GET", "/roles/%s/users" % role).data["total"] == 0
    dept = org.ok("GET", "/depts/" + d).data["dept_info"]
    assert dept["approver_info_list"] == [] and dept["leader_info"] == {}
    # the email can be used again
    org.new_user("gone@example.com")
    org.fail("DELETE", "/users/" + uid, msg="user is not exist or has been deleted")
    org.fail("DELETE", "/users/" + org.other_user_id, msg="user is not exist or has been deleted")


def test_batch_delete(org):
    a = org.new_user("b1@example.com")
    b = org.new_user("b2@example.com")
    org.fail("DELETE", "/users", {"user_id_list": []}, contains="user_id_list can not be blank")
    org.fail("DELETE", "/users", {}, contains="user_id_list can not be blank")
    # one unknown id: nothing is deleted
    org.fail("DELETE", "/users", {"user_id_list": [a, str(uuid.uuid4())]}, contains="not exist")
    org.fail("DELETE", "/users", {"user_id_list": [a, org.other_user_id]}, contains="not exist")
    assert org.ok("GET", "/users?search_value=b1@example.com").data["total"] == 1
    org.ok("DELETE", "/users", {"user_id_list": [a, b]})
    assert org.ok("GET", "/users?search_value=@example.com&per_page=1000").data["total"] > 0
    for uid in (a, b):
        org.fail("GET", "/users/" + uid, msg="user is not exist or has been deleted")
    me = [u["id"] for u in org.ok("GET", "/users?search_value=admin@example.com").data["user_info_list"]
          if u["email"] == "admin@example.com"][0]
    org.fail("DELETE", "/users", {"user_id_list": [me]}, contains="yourself")


def test_reset_password(org):
    uid = org.new_user("reset@example.com", password="first", password1="first")
    r = org.ok("POST", "/users/%s/reset_password" % uid)
    assert r.msg == "password has been reset" and set(r.data) == {"password"}
    pw = r.data["password"]
    assert len(pw) >= 12 and pw != "123456"
    assert org.srv.request("POST", "/api/v1.0/login",
                           {"email": "reset@example.com", "password": "first"}).code == -1
    assert org.srv.request("POST", "/api/v1.0/login",
                           {"email": "reset@example.com", "password": pw}).code == 0
    r2 = org.ok("POST", "/users/%s/reset_password" % uid)
    assert r2.data["password"] != pw
    org.fail("POST", "/users/%s/reset_password" % str(uuid.uuid4()),
             msg="user is not exist or has been deleted")
    org.fail("POST", "/users/%s/reset_password" % org.other_user_id,
             msg="user is not exist or has been deleted")


def test_user_roles_route(org):
    r1, r2 = org.new_role("ur alpha"), org.new_role("ur beta")
    uid = org.new_user("ur@example.com", role_id_list=[r1, r2])
    d = org.ok("GET", "/users/%s/roles" % uid).data
    assert sorted(x["id"] for x in d["role_list"]) == sorted([r1, r2]) and d["total"] == 2
    assert d["page"] == 1 and d["per_page"] == 10
    d = org.ok("GET", "/users/%s/roles?search_value=beta" % uid).data
    assert [x["id"] for x in d["role_list"]] == [r2]
    org.fail("GET", "/users/%s/roles" % str(uuid.uuid4()), msg="user is not exist or has been deleted")


def test_simple_users_for_everyone(org):
    d = org.new_dept("Simple dept")
    a = org.new_user("s1@simple.example", dept_id_list=[d])
    b = org.new_user("s2@simple.example")
    r = org.ok("GET", "/simple_users?search_value=simple.example", who=org.normal).data
    assert r["total"] == 2 and sorted(u["id"] for u in r["user_info_list"]) == sorted([a, b])
    assert list(r["user_info_list"][0]) == SIMPLE_KEYS
    r = org.ok("GET", "/simple_users?user_ids=%s" % b, who=org.wfadmin).data
    assert [u["id"] for u in r["user_info_list"]] == [b]
    r = org.ok("GET", "/simple_users?user_ids=%s,%s&dept_id=%s" % (a, b, d), who=org.normal).data
    assert [u["id"] for u in r["user_info_list"]] == [a]
    # other tenant's ids are not found, bad ids are an error
    r = org.ok("GET", "/simple_users?user_ids=" + org.other_user_id).data
    assert r["user_info_list"] == [] and r["total"] == 0
    org.fail("GET", "/simple_users?user_ids=zzz", contains="not a valid id")
    r = org.ok("GET", "/simple_users", who=org.wfapp()).data
    assert r["total"] >= 3


def test_users_by_ids(org):
    a = org.new_user("id1@example.com")
    b = org.new_user("id2@example.com")
    r = org.ok("GET", "/users/by_ids?user_ids=%s,%s" % (b, a), who=org.normal).data
    assert list(r) == ["user_info_list"]
    assert [u["id"] for u in r["user_info_list"]] == [b, a]
    assert list(r["user_info_list"][0]) == SIMPLE_KEYS
    r = org.ok("GET", "/users/by_ids?user_ids[]=%s&user_ids[]=%s" % (a, org.other_user_id)).data
    assert [u["id"] for u in r["user_info_list"]] == [a]
    r = org.ok("GET", "/users/by_ids?user_ids%%5B%%5D=%s" % b).data
    assert [u["id"] for u in r["user_info_list"]] == [b]
    assert org.ok("GET", "/users/by_ids").data == {"user_info_list": []}
    org.fail("GET", "/users/by_ids?user_ids=1,2", contains="not a valid id")
    many = [str(uuid.uuid4()) for _ in range(1001)]
    r = org.req("DELETE", "/users", {"user_id_list": many})
    assert r.code == -1 and "at most 1000 ids" in r.msg, r.msg


def test_admin_routes_refuse_others(org):
    uid = org.new_user("perm@example.com")
    for method, path, body in [
            ("GET", "/users", None),
            ("POST", "/users", {"name": "p", "email": "p2@example.com", "type": "normal",
                                "is_active": True}),
            ("DELETE", "/users", {"user_id_list": [uid]}),
            ("GET", "/users/" + uid, None),
            ("PATCH", "/users/" + uid, {"name": "p", "email": "perm@example.com",
                                        "type": "admin", "is_active": True}),
            ("DELETE", "/users/" + uid, None),
            ("GET", "/users/%s/roles" % uid, None),
            ("POST", "/users/%s/reset_password" % uid, None)]:
        org.refused_to_non_admins(method, path, body)
    # still there, still normal
    assert org.ok("GET", "/users/" + uid).data["user_info"]["type"] == "normal"
    # the built-in admin app may
    assert org.ok("GET", "/users", who=signed_headers()).data["total"] > 0


def test_create_with_password_is_idempotent(org):
    body = {"name": "idem", "email": "idem@example.com", "type": "normal", "is_active": True,
            "password": "pw-idem", "password1": "pw-idem"}
    hdr = dict(org.admin, **{"Idempotency-Key": "create-idem-1"})
    r1 = org.srv.request("POST", "/api/v1.0/accounts/users", body, headers=hdr)
    r2 = org.srv.request("POST", "/api/v1.0/accounts/users", body, headers=hdr)
    assert r1.code == 0 and r2.code == 0, (r1, r2)
    assert r1.data["user_id"] == r2.data["user_id"]
    assert r2.headers.get("idempotent-replayed") == "true"
    assert org.ok("GET", "/users?search_value=idem@example.com").data["total"] == 1
