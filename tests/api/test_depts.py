"""Departments: trees, paths, CRUD, moves (cycles refused), leaders and
approvers, memberships on delete; tenant scoping and rights."""
import uuid

from orgfix import NEED_ADMIN, ZERO, Org

DEPT_KEYS = ["id", "label", "creator_info", "created_at", "updated_at", "name", "parent_dept_info",
             "leader_info", "approver_info_list"]


def setup(binary):
    return Org(binary)


def teardown(org):
    org.cleanup()


def find(nodes, dept_id):
    for n in nodes:
        if n["id"] == dept_id:
            return n
        hit = find(n["children"], dept_id)
        if hit:
            return hit
    return None


def test_create_and_get(org):
    lead = org.new_user("lead@example.com", name="Lead", alias="L")
    appr = org.new_user("appr@example.com", name="Appr")
    top = org.new_dept("HQ", leader_id=lead, approver_id_list=[appr, lead], label="hq")
    sub = org.new_dept("Ops", top)
    d = org.ok("GET", "/depts/" + top).data["dept_info"]
    assert list(d) == DEPT_KEYS, list(d)
    assert d["name"] == "HQ" and d["parent_dept_info"] is None and d["label"] == "hq"
    assert d["leader_info"] == {"name": "Lead", "alias": "L", "id": lead}
    assert sorted(a["id"] for a in d["approver_info_list"]) == sorted([appr, lead])
    assert list(d["approver_info_list"][0]) == ["id", "name", "alias"]
    s = org.ok("GET", "/depts/" + sub).data["dept_info"]
    assert s["parent_dept_info"] == {"id": top, "name": "HQ"}
    assert s["leader_info"] == {} and s["approver_info_list"] == [] and s["label"] == {}


def test_create_validation(org):
    org.fail("POST", "/depts", {}, contains="Missing key: 'name'")
    org.fail("POST", "/depts", {"name": ""}, contains="name is needed")
    org.fail("POST", "/depts", {"name": "x" * 51}, contains="name")
    org.fail("POST", "/depts", {"name": "x", "bogus": 1}, contains="Wrong key 'bogus'")
    org.fail("POST", "/depts", {"name": "x", "parent_dept_id": str(uuid.uuid4())},
             contains="parent_dept_id: dept is not exist")
    org.fail("POST", "/depts", {"name": "x", "parent_dept_id": "zz"}, contains="not a valid id")
    org.fail("POST", "/depts", {"name": "x", "leader_id": str(uuid.uuid4())}, contains="leader_id")
    org.fail("POST", "/depts", {"name": "x", "leader_id": org.other_user_id}, contains="leader_id")
    org.fail("POST", "/depts", {"name": "x", "approver_id_list": [org.other_user_id]},
             contains="approver_id_list")
    org.fail("POST", "/depts", {"name": "x", "approver_id_list": "a"}, contains="should be a list")
    org.fail("POST", "/depts", {"name": "x", "label": 3}, contains="label")
    # another tenant's department is no parent here
    theirs = org.ok("POST", "/depts", {"name": "Theirs"}, who=org.other_admin).data["dept_id"]
    org.fail("POST", "/depts", {"name": "x", "parent_dept_id": theirs},
             contains="parent_dept_id: dept is not exist")
    names = [n["name"] for n in org.ok("GET", "/depts_tree").data["dept_list"][0]["children"]]
    assert "x" not in names and "Theirs" not in names


def test_tree_and_simple_tree(org):
    a = org.new_dept("Tree A")
    a1 = org.new_dept("Tree A1", a)
    a11 = org.new_dept("Tree A11", a1)
    b = org.new_dept("Tree B")
    r = org.ok("GET", "/depts_tree?is_simple=true").data
    assert list(r) == ["dept_list"] and len(r["dept_list"]) == 1
    root = r["dept_list"][0]
    assert list(root) == ["id", "name", "children"]
    assert root["id"] == ZERO and root["name"] == "loonapp"
    node = find(root["children"], a)
    assert node and [c["id"] for c in node["children"]] == [a1]
    assert find(node["children"], a11)["children"] == [] and find(root["children"], b)
    assert list(node) == ["id", "name", "children"]
    # simple tree: everyone, same shape
    s = org.ok("GET", "/simple_depts_tree", who=org.normal).data
    assert s == r
    # pruned to matches and their ancestors
    s = org.ok("GET", "/simple_depts_tree?search_value=a11", who=org.normal).data["dept_list"][0]
    assert [c["id"] for c in s["children"]] == [a]
    assert s["children"][0]["children"][0]["children"][0]["id"] == a11
    # below one department
    s = org.ok("GET", "/simple_depts_tree?parent_dept_id=" + a1).data["dept_list"][0]
    assert [c["id"] for c in s["children"]] == [a11]
    org.fail("GET", "/simple_depts_tree?parent_dept_id=" + str(uuid.uuid4()), msg="dept is not exist")
    # the other tenant sees only its own tree, named after it
    o = org.ok("GET", "/depts_tree", who=org.other_admin).data["dept_list"][0]
    assert o["name"] == "other" and find(o["children"], a) is None


def test_paths(org):
    a = org.new_dept("Path A")
    b = org.new_dept("Path B", a)
    c = org.new_dept("Path C", b)
    r = org.ok("GET", "/dept_paths?search_value=Path", who=org.normal).data
    assert list(r) == ["dept_path_list"]
    got = {p["id"]: p for p in r["dept_path_list"]}
    assert got[c] == {"id": c, "path": "Path A-Path B-Path C", "name": "Path C"}
    assert got[a]["path"] == "Path A"
    r = org.ok("GET", "/dept_paths?dept_ids=%s,%s" % (c, a)).data["dept_path_list"]
    assert [p["id"] for p in r] == [c, a]
    org.fail("GET", "/dept_paths?dept_ids=bad", contains="not a valid id")
    p = org.ok("GET", "/dept_paths/" + b, who=org.wfadmin).data
    assert p == {"dept_path": {"id": b, "path": "Path A-Path B", "name": "Path B"}}
    org.fail("GET", "/dept_paths/" + str(uuid.uuid4()), msg="dept is not exist")
    org.fail("GET", "/dept_paths/" + b, who=org.other_admin, msg="dept is not exist")
    theirs = org.ok("GET", "/dept_paths", who=org.other_admin).data["dept_path_list"]
    assert not {a, b, c} & {p["id"] for p in theirs}


def test_patch(org):
    u1 = org.new_user("pl1@example.com")
    u2 = org.new_user("pl2@example.com")
    p1, p2 = org.new_dept("Patch P1"), org.new_dept("Patch P2")
    d = org.new_dept("Patch D", p1, leader_id=u1, approver_id_list=[u1])
    org.ok("PATCH", "/depts/" + d, {"name": "Patch D2", "parent_dept_id": p2, "leader_id": u2,
                                    "approver_id_list": [u2], "label": {"k": "v"}})
    x = org.ok("GET", "/depts/" + d).data["dept_info"]
    assert x["name"] == "Patch D2" and x["parent_dept_info"]["id"] == p2
    assert x["leader_info"]["id"] == u2 and [a["id"] for a in x["approver_info_list"]] == [u2]
    assert x["label"] == {"k": "v"}
    # absent keys keep their values; "" clears the leader and moves to the top
    org.ok("PATCH", "/depts/" + d, {"name": "Patch D3"})
    x = org.ok("GET", "/depts/" + d).data["dept_info"]
    assert x["leader_info"]["id"] == u2 and x["parent_dept_info"]["id"] == p2
    org.ok("PATCH", "/depts/" + d, {"name": "Patch D3", "leader_id": None, "parent_dept_id": ""})
    x = org.ok("GET", "/depts/" + d).data["dept_info"]
    assert x["leader_info"] == {} and x["parent_dept_info"] is None
    tree = org.ok("GET", "/depts_tree").data["dept_list"][0]["children"]
    assert d in [n["id"] for n in tree]
    org.fail("PATCH", "/depts/" + d, {"name": ""}, contains="name is needed")
    org.fail("PATCH", "/depts/" + d, {}, contains="Missing key: 'name'")
    org.fail("PATCH", "/depts/" + str(uuid.uuid4()), {"name": "n"}, msg="dept is not exist")
    org.fail("PATCH", "/depts/" + d, {"name": "n", "parent_dept_id": d}, contains="under itself")


def test_move_refuses_cycles(org):
    a = org.new_dept("Cyc A")
    b = org.new_dept("Cyc B", a)
    c = org.new_dept("Cyc C", b)
    for target, parent in ((a, c), (a, b), (b, c), (a, a)):
        org.fail("PATCH", "/depts/%s/parent_dept" % target, {"parent_dept_id": parent},
                 contains="under itself or one of its sub-departments")
    org.ok("PATCH", "/depts/%s/parent_dept" % c, {"parent_dept_id": ""})
    assert org.ok("GET", "/depts/" + c).data["dept_info"]["parent_dept_info"] is None
    org.ok("PATCH", "/depts/%s/parent_dept" % a, {"parent_dept_id": c})
    assert org.ok("GET", "/dept_paths/" + b).data["dept_path"]["path"] == "Cyc C-Cyc A-Cyc B"
    org.fail("PATCH", "/depts/%s/parent_dept" % a, {}, contains="Missing key: 'parent_dept_id'")
    org.fail("PATCH", "/depts/%s/parent_dept" % a, {"parent_dept_id": str(uuid.uuid4())},
             contains="dept is not exist")
    org.fail("PATCH", "/depts/%s/parent_dept" % str(uuid.uuid4()), {"parent_dept_id": ""},
             msg="dept is not exist")
    theirs = org.ok("POST", "/depts", {"name": "T2"}, who=org.other_admin).data["dept_id"]
    org.fail("PATCH", "/depts/%s/parent_dept" % theirs, {"parent_dept_id": ""}, msg="dept is not exist")
    org.fail("PATCH", "/depts/%s/parent_dept" % a, {"parent_dept_id": theirs},
             contains="dept is not exist")


def test_depth_is_limited(org):
    parent = ""
    chain = []
    for i in range(20):
        parent = org.new_dept("Deep %d" % i, parent)
        chain.append(parent)
    org.fail("POST", "/depts", {"name": "too deep", "parent_dept_id": parent}, contains="levels deep")
    side = org.new_dept("Side")
    org.new_dept("Side child", side)
    org.fail("PATCH", "/depts/%s/parent_dept" % side, {"parent_dept_id": chain[-1]},
             contains="levels deep")
    # the deepest tree still renders
    root = org.ok("GET", "/depts_tree").data["dept_list"][0]
    assert find(root["children"], chain[-1]) is not None


def test_delete(org):
    a = org.new_dept("Del A")
    b = org.new_dept("Del B", a)
    appr = org.new_user("dapp@example.com")
    org.ok("PATCH", "/depts/" + b, {"name": "Del B", "approver_id_list": [appr]})
    uid = org.new_user("dm@example.com", dept_id_list=[b, a])
    org.fail("DELETE", "/depts/" + a, contains="has sub departments")
    before = (org.archived("dept"), org.archived("dept_approver"), org.archived("user_dept"))
    org.ok("DELETE", "/depts/" + b)
    after = (org.archived("dept"), org.archived("dept_approver"), org.archived("user_dept"))
    assert [x - y for x, y in zip(after, before)] == [1, 1, 1]
    org.fail("GET", "/depts/" + b, msg="dept is not exist")
    # the member's remaining department became primary
    u = org.ok("GET", "/users/" + uid).data["user_info"]
    assert u["dept_info_list"] == [{"name": "Del A", "path": "Del A", "id": a, "is_primary": True}]
    org.ok("DELETE", "/depts/" + a)
    assert org.ok("GET", "/users/" + uid).data["user_info"]["dept_info_list"] == []
    org.fail("DELETE", "/depts/" + a, msg="dept is not exist")
    org.fail("DELETE", "/depts/" + str(uuid.uuid4()), msg="dept is not exist")
    theirs = org.ok("POST", "/depts", {"name": "T3"}, who=org.other_admin).data["dept_id"]
    org.fail("DELETE", "/depts/" + theirs, msg="dept is not exist")
    assert org.ok("GET", "/depts/" + theirs, who=org.other_admin).data["dept_info"]["name"] == "T3"


def test_batch_delete(org):
    a = org.new_dept("Batch A")
    b = org.new_dept("Batch B", a)
    c = org.new_dept("Batch C", b)
    other = org.new_dept("Batch other")
    org.fail("DELETE", "/depts", {}, contains="Missing key: 'dept_id_list'")
    org.fail("DELETE", "/depts", {"dept_id_list": "x"}, contains="should be a list")
    org.fail("DELETE", "/depts", {"dept_id_list": [a, b]}, contains="has sub departments")
    org.fail("DELETE", "/depts", {"dept_id_list": [c, str(uuid.uuid4())]}, contains="dept is not exist")
    assert org.ok("GET", "/depts/" + c).data["dept_info"]["name"] == "Batch C"
    # parents listed before their children still go: leaves first
    org.ok("DELETE", "/depts", {"dept_id_list": [a, b, c]})
    for d in (a, b, c):
        org.fail("GET", "/depts/" + d, msg="dept is not exist")
    assert org.ok("GET", "/depts/" + other).data["dept_info"]["name"] == "Batch other"


def test_get_scoping(org):
    theirs = org.ok("POST", "/depts", {"name": "T4"}, who=org.other_admin).data["dept_id"]
    org.fail("GET", "/depts/" + theirs, msg="dept is not exist")
    org.fail("GET", "/depts/not-a-uuid", msg="dept is not exist")
    org.fail("PATCH", "/depts/" + theirs, {"name": "mine"}, msg="dept is not exist")
    assert org.ok("GET", "/depts/" + theirs, who=org.other_admin).data["dept_info"]["name"] == "T4"


def test_admin_routes_refuse_others(org):
    d = org.new_dept("Perm dept")
    for method, path, body in [
            ("GET", "/depts_tree", None),
            ("POST", "/depts", {"name": "nope"}),
            ("DELETE", "/depts", {"dept_id_list": [d]}),
            ("GET", "/depts/" + d, None),
            ("PATCH", "/depts/" + d, {"name": "nope"}),
            ("DELETE", "/depts/" + d, None),
            ("PATCH", "/depts/%s/parent_dept" % d, {"parent_dept_id": ""})]:
        org.refused_to_non_admins(method, path, body)
    assert org.ok("GET", "/depts/" + d).data["dept_info"]["name"] == "Perm dept"
    # the reads open to everyone
    for who in (org.normal, org.wfadmin, org.wfapp()):
        org.ok("GET", "/dept_paths", who=who)
        org.ok("GET", "/dept_paths/" + d, who=who)
        org.ok("GET", "/simple_depts_tree", who=who)
    r = org.srv.request("GET", "/api/v1.0/accounts/depts_tree")
    assert r.status == 401, r
