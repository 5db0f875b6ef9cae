"""Roles: the admin's CRUD, the simple list for everyone, and members;
archive on delete, tenant scoping and rights."""
import uuid

from orgfix import Org

ROLE_KEYS = ["id", "creator_info", "created_at", "updated_at", "tenant_id", "name", "description",
             "label"]


def setup(binary):
    return Org(binary)


def teardown(org):
    org.cleanup()


def test_create_get_patch(org):
    rid = org.new_role("Auditors", description="read only", label="lbl")
    r = org.ok("GET", "/roles/" + rid).data["role_info"]
    assert list(r) == ROLE_KEYS, list(r)
    assert (r["id"], r["name"], r["description"], r["label"]) == (rid, "Auditors", "read only", "lbl")
    assert r["creator_info"]["name"] == "admin"
    org.ok("PATCH", "/roles/" + rid, {"name": "Auditors 2", "description": "rw"})
    r = org.ok("GET", "/roles/" + rid).data["role_info"]
    assert (r["name"], r["description"], r["label"]) == ("Auditors 2", "rw", "lbl")
    # absent description is kept (upstream answered success and changed nothing)
    org.ok("PATCH", "/roles/" + rid, {"name": "Auditors 3"})
    r = org.ok("GET", "/roles/" + rid).data["role_info"]
    assert (r["name"], r["description"]) == ("Auditors 3", "rw")


def test_validation(org):
    org.fail("POST", "/roles", {}, contains="Missing key: 'name'")
    org.fail("POST", "/roles", {"name": ""}, contains="name is needed")
    org.fail("POST", "/roles", {"name": 1}, contains="should be a string")
    org.fail("POST", "/roles", {"name": "x", "label": {}}, contains="should be a string")
    org.fail("POST", "/roles", {"name": "x", "extra": 1}, contains="Wrong key 'extra'")
    org.fail("POST", "/roles", {"name": "x" * 51}, contains="longer than 50")
    org.fail("POST", "/roles", {"name": "x", "description": "d" * 201}, contains="longer than 200")
    rid = org.new_role("Valid")
    org.fail("PATCH", "/roles/" + rid, {"name": ""}, contains="name is needed")
    org.fail("PATCH", "/roles/" + rid, {"description": "x"}, contains="Missing key: 'name'")
    org.fail("PATCH", "/roles/" + str(uuid.uuid4()), {"name": "n"},
             msg="role is not exist or has been deleted")
    org.fail("GET", "/roles/" + str(uuid.uuid4()), msg="role is not exist or has been deleted")
    org.fail("GET", "/roles/not-an-id", msg="role is not exist or has been deleted")
    assert org.ok("GET", "/roles/" + rid).data["role_info"]["name"] == "Valid"


def test_list_and_simple_list(org):
    ids = [org.new_role("List role %d" % i, description="lr") for i in range(3)]
    org.new_role("Unrelated", description="has lr in it? no")
    d = org.ok("GET", "/roles?search_value=list role&per_page=2".replace(" ", "+")).data
    assert d["total"] == 3 and d["per_page"] == 2 and len(d["role_list"]) == 2
    assert [r["id"] for r in d["role_list"]] == sorted(ids)[:2]
    assert list(d["role_list"][0]) == ROLE_KEYS
    d2 = org.ok("GET", "/roles?search_value=list+role&per_page=2&page=2").data
    assert [r["id"] for r in d2["role_list"]] == sorted(ids)[2:]
    # description matches too
    d = org.ok("GET", "/roles?search_value=lr").data
    assert d["total"] == 4
    d = org.ok("GET", "/roles?role_ids=%s,%s" % (ids[2], ids[0])).data
    assert sorted(r["id"] for r in d["role_list"]) == sorted([ids[0], ids[2]])
    org.fail("GET", "/roles?role_ids=nope", contains="not a valid id")
    s = org.ok("GET", "/simple_roles?search_value=list+role", who=org.normal).data
    assert list(s) == ["role_info_list", "per_page", "page", "total"] and s["total"] == 3
    assert list(s["role_info_list"][0]) == ["id", "name", "description"]
    assert org.ok("GET", "/simple_roles", who=org.wfapp()).data["total"] >= 4
    # another tenant sees none of them, and cannot reach one by id
    o = org.ok("GET", "/roles?search_value=list+role", who=org.other_admin).data
    assert o["total"] == 0 and o["role_list"] == []
    assert org.ok("GET", "/roles?role_ids=" + ids[0], who=org.other_admin).data["total"] == 0
    org.fail("GET", "/roles/" + ids[0], who=org.other_admin, msg="role is not exist or has been deleted")
    org.fail("PATCH", "/roles/" + ids[0], {"name": "x"}, who=org.other_admin,
             msg="role is not exist or has been deleted")
    org.fail("DELETE", "/roles/" + ids[0], who=org.other_admin,
             msg="role is not exist or has been deleted")


def test_members(org):
    rid = org.new_role("Members")
    a = org.new_user("ma@example.com", name="Member A")
    b = org.new_user("mb@example.com", name="Member B")
    r = org.ok("POST", "/roles/%s/users" % rid, {"user_ids": [a, b, a]})
    assert r.msg == "success"
    org.ok("POST", "/roles/%s/users" % rid, {"user_ids": [a]})  # again: no duplicate
    d = org.ok("GET", "/roles/%s/users" % rid).data
    assert d["total"] == 2 and sorted(u["id"] for u in d["user_info_list"]) == sorted([a, b])
    assert "dept_info_list" not in d["user_info_list"][0] and "email" in d["user_info_list"][0]
    d = org.ok("GET", "/roles/%s/users?search_value=member+b" % rid).data
    assert [u["id"] for u in d["user_info_list"]] == [b]
    d = org.ok("GET", "/roles/%s/users?per_page=1&page=2" % rid).data
    assert d["total"] == 2 and len(d["user_info_list"]) == 1
    before = org.archived("user_role")
    r = org.ok("DELETE", "/roles/%s/users" % rid, {"user_ids": [a]})
    assert r.msg == "success" and org.archived("user_role") == before + 1
    assert [u["id"] for u in org.ok("GET", "/roles/%s/users" % rid).data["user_info_list"]] == [b]
    assert org.ok("GET", "/users/%s/roles" % a).data["role_list"] == []
    # validation and scoping
    for m in ("POST", "DELETE"):
        org.fail(m, "/roles/%s/users" % rid, {}, contains="user_ids is required, and should be a list")
        org.fail(m, "/roles/%s/users" % rid, {"user_ids": "x"}, contains="should be a list")
        org.fail(m, "/roles/%s/users" % rid, {"user_ids": [org.other_user_id]}, contains="not exist")
        org.fail(m, "/roles/%s/users" % str(uuid.uuid4()), {"user_ids": [a]},
                 msg="role is not exist or has been deleted")
    org.fail("GET", "/roles/%s/users" % str(uuid.uuid4()), msg="role is not exist or has been deleted")


def test_delete_archives_role_and_links(org):
    rid = org.new_role("Doomed")
    u = org.new_user("doomed@example.com", role_id_list=[rid])
    before = (org.archived("role"), org.archived("user_role"))
    r = org.ok("DELETE", "/roles/" + rid)
    assert r.msg == "delete successfully"
    assert (org.archived("role"), org.archived("user_role")) == (before[0] + 1, before[1] + 1)
    org.fail("GET", "/roles/" + rid, msg="role is not exist or has been deleted")
    assert org.ok("GET", "/users/%s/roles" % u).data["role_list"] == []
    org.fail("DELETE", "/roles/" + rid, msg="role is not exist or has been deleted")


def test_batch_delete(org):
    a, b = org.new_role("Batch 1"), org.new_role("Batch 2")
    org.fail("DELETE", "/roles", {}, contains="Missing key: 'role_id_list'")
    org.fail("DELETE", "/roles", {"role_id_list": [a, str(uuid.uuid4())]}, contains="not exist")
    assert org.ok("GET", "/roles/" + a).data["role_info"]["name"] == "Batch 1"
    r = org.ok("DELETE", "/roles", {"role_id_list": [a, b]})
    assert r.msg == "deleted"
    org.fail("GET", "/roles/" + b, msg="role is not exist or has been deleted")


def test_admin_routes_refuse_others(org):
    rid = org.new_role("Perm role")
    uid = org.new_user("rperm@example.com")
    for method, path, body in [
            ("GET", "/roles", None),
            ("POST", "/roles", {"name": "nope"}),
            ("DELETE", "/roles", {"role_id_list": [rid]}),
            ("GET", "/roles/" + rid, None),
            ("PATCH", "/roles/" + rid, {"name": "nope"}),
            ("DELETE", "/roles/" + rid, None),
            ("GET", "/roles/%s/users" % rid, None),
            ("POST", "/roles/%s/users" % rid, {"user_ids": [uid]}),
            ("DELETE", "/roles/%s/users" % rid, {"user_ids": [uid]})]:
        org.refused_to_non_admins(method, path, body)
    assert org.ok("GET", "/roles/" + rid).data["role_info"]["name"] == "Perm role"
    assert org.ok("GET", "/roles/%s/users" % rid).data["total"] == 0
