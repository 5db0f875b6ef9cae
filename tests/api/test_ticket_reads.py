"""The ticket read side: detail forms and action menus at each step of a
leave request for its creator, assignee, consultant, viewer, dispatcher and
a stranger; flow history and current nodes; every list category and filter."""
import datetime
import uuid

from lfclient import TENANT, Server, signed_headers
from test_workflows import leave_request
from ticketfix import A, T, Fix, design, human, parallel

NOT_FOUND = "ticket is not existed or has been deleted"


def setup(binary):
    fix = Fix(binary)
    doc = leave_request("v1", "Leave")
    doc["advanced_schema"]["permission_info"].update(
        viewer_id_list=[fix.ids["v1"]], dispatcher_id_list=[fix.ids["disp"]])
    fix.wf, fix.n, fix.e = fix.workflow(doc)
    fix.wf2, fix.n2, fix.e2 = fix.workflow(leave_request("v1", "Other leave"))
    fix.pwf, fix.pn, fix.pe = parallel(fix)
    return fix


def teardown(fix):
    fix.cleanup()


def form(fix, tid, who):
    data = fix.ok("GET", "%s/%s/ticket_detail_form" % (T, tid), who=who)["form_schema"]
    return {k["component_key"]: k for row in data["component_info_list"] for k in row["children"]}, \
        data["workflow_metadata"]


def actions(fix, tid, who, admin=False):
    path = "%s/%s/ticket_detail_%sactions" % (T, tid, "admin_" if admin else "")
    d = fix.ok("GET", path, who=who)
    return [a["id"] for a in d["actions"]], d["action_base_node_id"]


def listing(fix, who=None, **q):
    qs = "&".join("%s=%s" % kv for kv in q.items())
    return fix.req("GET", T + "?" + qs, who=who)


def ids_of(fix, who=None, **q):
    r = listing(fix, who, **q)
    assert r.status == 200 and r.code == 0, r
    return [t["id"] for t in r.data["ticket_list"]]


def test_forms_and_menus_through_a_story(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 5})
    mgr = n["Manager"]
    # the assignee gets the Manager node's form: title hidden, days readonly
    comps, meta = form(fix, t, "mgr")
    assert list(comps) == ["custom_field_days"]
    days = comps["custom_field_days"]
    assert days["component_permission"] == "readonly" and days["props"]["value"] == 5
    assert meta["id"] == fix.wf and meta["name"] == "Leave" and meta["version_name"] == "v1"
    assert meta["ticket_detail_title"] == "Leave (v1)"
    # creator and viewer read the view form: everything readonly, values filled
    for who in ("cre", "v1", "disp", None):
        comps, _ = form(fix, t, who)
        assert sorted(comps) == ["custom_field_days", "title"], who
        assert {c["component_permission"] for c in comps.values()} == {"readonly"}
        assert comps["title"]["props"]["value"] == "cre(CRE) asks 5 days"
        assert comps["custom_field_days"]["props"]["value"] == 5
    fix.fail("GET", "%s/%s/ticket_detail_form" % (T, t), who="other",
             contains="user has no view permission")
    # menus
    assert actions(fix, t, "mgr") == (
        [e["Approve"], e["Reject"], "add_comment", "forward", "consult"], mgr)
    d = fix.ok("GET", "%s/%s/ticket_detail_actions" % (T, t), who="mgr")
    assert d["actions"][0] == {"id": e["Approve"], "name": "Approve", "type": "agree", "props": {}}
    assert d["actions"][2] == {"id": "add_comment", "name": "add comment", "type": "add_comment",
                               "props": {}}
    assert actions(fix, t, "cre") == (["add_comment", "withdraw"], mgr)
    assert actions(fix, t, "v1") == (["add_comment"], mgr)
    assert actions(fix, t, "other") == ([], mgr)
    assert actions(fix, t, None, admin=True) == (["force_forward", "force_close"], mgr)
    assert actions(fix, t, "disp", admin=True) == (["force_forward", "force_close"], mgr)
    assert actions(fix, t, "mgr", admin=True) == ([], "")
    cur = fix.ok("GET", "%s/%s/current_node_infos" % (T, t))
    assert cur == {"current_node_info_list": [{"id": mgr, "name": "Manager"}]}

    # consult: the consultant may only submit; the manager waits
    fix.must(t, mgr, kind="consult", who="mgr", target_assignee_id=ids["v2"], comment="?")
    assert actions(fix, t, "v2") == (["consult_submit"], mgr)
    assert actions(fix, t, "mgr") == (["add_comment"], mgr)
    comps, _ = form(fix, t, "v2")
    assert list(comps) == ["custom_field_days"]
    fix.must(t, mgr, kind="consult_submit", who="v2", comment="fine")
    fix.must(t, mgr, e["Approve"], who="mgr", comment="ok")

    # finished: view form for all, no admin menu, no withdraw
    comps, _ = form(fix, t, "mgr")
    assert {c["component_permission"] for c in comps.values()} == {"readonly"}
    assert actions(fix, t, "mgr") == (["add_comment"], n["End"])
    assert actions(fix, t, "cre")[0] == ["add_comment"]
    assert actions(fix, t, None, admin=True) == ([], "")
    fix.t_done = t

    # history: newest first by default, oldest first with desc=0, paged
    h = fix.ok("GET", "%s/%s/ticket_flow_history" % (T, t))
    rows = h["ticket_flow_history_list"]
    assert [r["action_type"] for r in rows] == ["agree", "consult_submit", "consult", "create"]
    assert h["total"] == 4 and h["page"] == 1 and h["per_page"] == 10
    agree, create = rows[0], rows[-1]
    assert agree["action_name"] == "Approve" and agree["comment"] == "ok"
    assert agree["node_info"] == {"id": mgr, "name": "Manager"}
    pi = agree["processor_info"]
    assert pi["processor_type"] == "user" and pi["processor"] == ids["mgr"]
    assert (pi["processor_name"], pi["processor_alias"], pi["processor_email"]) == \
        ("mgr", "MGR", "mgr@example.com")
    assert pi["processor_phone"] == "" and "participant_phone" in pi
    assert create["action_name"] == "Submit" and rows[1]["action_name"] == ""
    assert create["ticket_data"] == {"custom_field_days": 5}
    assert create["created_at"].endswith(" +0000") and create["ticket_id"] == t
    old = fix.ok("GET", "%s/%s/ticket_flow_history?desc=0&per_page=3" % (T, t))
    assert [r["action_type"] for r in old["ticket_flow_history_list"]] == \
        ["create", "consult", "consult_submit"]
    assert all("ticket_data" in r for r in old["ticket_flow_history_list"])
    p2 = fix.ok("GET", "%s/%s/ticket_flow_history?desc=0&per_page=3&page=2" % (T, t))
    assert [r["action_type"] for r in p2["ticket_flow_history_list"]] == ["agree"]
    fix.fail("GET", "%s/%s/ticket_flow_history?desc=2" % (T, t), contains="desc")


def test_unknown_and_foreign_ids(fix):
    for bad in (str(uuid.uuid4()), "not-a-uuid"):
        for tail in ("ticket_detail_form", "ticket_detail_actions", "ticket_detail_admin_actions",
                     "ticket_flow_history", "current_node_infos"):
            fix.fail("GET", "%s/%s/%s" % (T, bad, tail), contains=NOT_FOUND)


def test_withdrawn_ticket_back_at_start(fix):
    n, e = fix.n, fix.e
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 6})
    fix.must(t, n["Manager"], kind="withdraw", who="cre")
    # back on the start node: the creator acts there with the start form
    ids, base = actions(fix, t, "cre")
    assert base == n["Start"] and ids[0] == e["Submit"] and "withdraw" not in ids
    comps, _ = form(fix, t, "cre")
    assert comps["custom_field_days"]["component_permission"] == "required"
    assert comps["custom_field_days"]["props"]["value"] == 6


def test_list_categories(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    done = fix.t_done
    pending = fix.create(fix.wf, e["Submit"], {"custom_field_days": 7})
    other_wf = fix.create(fix.wf2, fix.e2["Submit"], {"custom_field_days": 2}, who="norm")
    r = listing(fix, "mgr", category="duty")
    assert r.code == 0 and set(r.data) == {"ticket_list", "page", "per_page", "total"}
    item = r.data["ticket_list"][0]
    assert list(item) == ["id", "label", "creator_info", "created_at", "updated_at", "tenant_id",
                          "title", "act_state", "workflow_info"]
    assert item["id"] == pending and item["tenant_id"] == TENANT
    assert item["creator_info"] == {"id": ids["cre"], "name": "cre", "alias": "CRE"}
    assert item["workflow_info"] == {"id": fix.wf, "name": "Leave", "description": "days off"}
    assert ids_of(fix, "mgr", category="duty") == [pending]
    assert done in ids_of(fix, "mgr", category="worked")
    assert pending not in ids_of(fix, "mgr", category="worked")
    assert ids_of(fix, "v2", category="relation") == [done]
    owner = ids_of(fix, "cre", category="owner")
    assert pending in owner and done in owner and other_wf not in owner
    assert ids_of(fix, "norm", category="owner") == [other_wf]
    view = ids_of(fix, "v1", category="view", per_page=100)
    assert pending in view and done in view and other_wf not in view
    assert ids_of(fix, "other", category="view") == []
    assert set(ids_of(fix, "disp", category="intervene", per_page=100)) == set(view)
    everything = ids_of(fix, None, category="all", per_page=100)
    assert set(view) | {other_wf} <= set(everything)
    fix.fail("GET", T + "?category=all", who="cre", contains="only admin can get all tickets")


def test_list_filters(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    a = fix.create(fix.wf, e["Submit"], {"custom_field_days": 8})
    b = fix.create(fix.wf, e["Submit"], {"custom_field_days": 1})  # finished at once
    child = fix.create(fix.wf, e["Submit"], {"custom_field_days": 9}, parent_ticket_id=a,
                       parent_ticket_node_id=n["Manager"])
    c2 = fix.create(fix.wf2, fix.e2["Submit"], {"custom_field_days": 2})
    owner = ids_of(fix, "cre", category="owner", per_page=100)
    assert owner[:4] == [c2, child, b, a]  # newest first
    oldest = ids_of(fix, "cre", category="owner", per_page=100, reverse=0)
    assert oldest == owner[::-1]
    fin = ids_of(fix, "cre", category="owner", act_state="finished", per_page=100)
    assert b in fin and c2 in fin and a not in fin and child not in fin
    assert ids_of(fix, "cre", category="owner", search_value="ASKS%209") == [child]
    assert ids_of(fix, "cre", category="owner", workflow_ids=fix.wf2) == [c2]
    assert ids_of(fix, None, category="all", workflow_ids=fix.wf2 + "," + str(uuid.uuid4()),
                  per_page=100) == ids_of(fix, None, category="all", per_page=100,
                                          workflow_ids=fix.wf2)
    assert ids_of(fix, "cre", category="owner", ticket_ids=a + "," + b) == [b, a]
    at_mgr = ids_of(fix, "cre", category="owner", node_ids=n["Manager"], per_page=100)
    assert child in at_mgr and a in at_mgr and b not in at_mgr
    assert ids_of(fix, None, category="all", creator_id=ids["norm"], per_page=100) == \
        ids_of(fix, "norm", category="owner", per_page=100)
    assert ids_of(fix, "cre", category="owner", parent_ticket_id=a) == [child]
    assert ids_of(fix, "v1", category="view", parent_ticket_id=a) == [child]
    assert ids_of(fix, "other", category="view", parent_ticket_id=a) == []
    assert ids_of(fix, "cre", category="owner", parent_ticket_node_id=n["Manager"]) == [child]
    # dates: naive, date-only and ISO forms; a window in the past is empty
    today = datetime.datetime.utcnow().strftime("%Y-%m-%d")
    assert a in ids_of(fix, "cre", category="owner", create_start=today, per_page=100)
    assert ids_of(fix, "cre", category="owner", create_end="2001-01-01%2000:00:00") == []
    assert ids_of(fix, "cre", category="owner", create_start="2001-01-01T00:00:00Z",
                  create_end="2002-01-01") == []
    # paging: totals, and a page past the end gives the last page
    r = listing(fix, "cre", category="owner", per_page=2, page=1)
    total = r.data["total"]
    assert total >= 4 and len(r.data["ticket_list"]) == 2
    last = listing(fix, "cre", category="owner", per_page=2, page=999)
    assert last.data["page"] == 999 and len(last.data["ticket_list"]) == (total - 1) % 2 + 1


def test_state_lists_follow_engine_actions(fix):
    n, e = fix.n, fix.e
    states = ["in_draft", "on_going", "rejected", "withdrawn", "finished", "closed"]

    def total(**q):
        r = listing(fix, None, category="all", per_page=1, **q)
        assert r.code == 0, r
        return r.data["total"]

    def state_of(t):
        return [s for s in states if t in ids_of(fix, None, category="all", act_state=s,
                                                   ticket_ids=t)]

    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 6})
    u = fix.create(fix.wf, e["Submit"], {"custom_field_days": 7})
    assert state_of(t) == ["on_going"]
    assert t in ids_of(fix, None, category="all", act_state="on_going", per_page=1000)
    fix.must(t, n["Manager"], kind="withdraw", who="cre")
    assert state_of(t) == ["withdrawn"]
    assert t not in ids_of(fix, None, category="all", act_state="on_going", per_page=1000)
    assert ids_of(fix, None, category="all", act_state="withdrawn", per_page=1)[0] == t
    r = fix.req("POST", "%s/%s/handle" % (T, u), {"action_type": "force_close", "action_props": {}})
    assert r.code == 0, r
    assert ids_of(fix, None, category="all", act_state="closed", per_page=1)[0] == u
    # every ticket is in exactly one state list
    assert sum(total(act_state=s) for s in states) == total()
    # named tickets through a category: each is tested for membership
    assert ids_of(fix, "mgr", category="duty", ticket_ids=t + "," + u) == []
    assert ids_of(fix, "cre", category="owner", ticket_ids=t + "," + u + "," + str(uuid.uuid4()),
                  act_state="closed") == [u]
    assert ids_of(fix, "other", category="view", ticket_ids=t + "," + u) == []


def test_list_bad_queries(fix):
    for q, msg in (("category=owner&bogus=1", "Request data is invalid:Wrong key 'bogus'"),
                   ("", "Missing key"),
                   ("category=mine", "category"),
                   ("category=owner&page=0", "page should be int and greater than 0"),
                   ("category=owner&per_page=x", "per_page should be int and greater than 0"),
                   ("category=owner&act_state=on-going", "act_state"),
                   ("category=owner&reverse=2", "reverse"),
                   ("category=owner&create_start=yesterday", "create_start"),
                   ("category=owner&workflow_ids=nope", "workflow_ids"),
                   ("category=owner&creator_id=nope", "creator_id")):
        fix.fail("GET", T + "?" + q, contains=msg)


def test_parallel_branches_forms_menus_and_current_nodes(fix):
    n, e = fix.pn, fix.pe
    t = fix.create(fix.pwf, e["temp_1"], {"title": "buy", "amount": "12"})

    def current():
        d = fix.ok("GET", "%s/%s/current_node_infos" % (T, t), who="cre")
        return [c["name"] for c in d["current_node_info_list"]]
    assert current() == ["A1", "B1"]
    # the creator is the assignee of both branches: the first branch's node
    assert actions(fix, t, "cre") == ([e["temp_4"], e["temp_5"], "add_comment", "forward", "consult"],
                                      n["A1"])
    comps, _ = form(fix, t, "cre")
    assert list(comps) == ["amount"] and comps["amount"]["component_permission"] == "readonly"
    assert comps["amount"]["props"]["value"] == "12"
    fix.must(t, n["A1"], e["temp_4"])
    fix.must(t, n["A2"], e["temp_6"])
    # branch A reached the merge node: only the running branch is current
    assert current() == ["B1"]
    assert actions(fix, t, "cre") == ([e["temp_7"], "add_comment", "forward", "consult"], n["B1"])
    fix.must(t, n["B1"], e["temp_7"])
    fix.must(t, n["B2"], e["temp_8"])
    assert current() == ["Join"]
    assert actions(fix, t, "cre") == ([e["temp_9"], "add_comment", "forward", "consult"], n["Join"])
    fix.must(t, n["Join"], e["temp_9"])
    assert current() == ["End"]
    comps, _ = form(fix, t, "cre")
    assert sorted(comps) == ["amount", "internal", "note", "title"]


def test_external_data_is_not_fetched_yet(fix):
    comps = [
        {"id": "temp_t", "type": "title", "component_key": "title", "component_name": "T",
         "props": {"title_generate_mode": "manual"}},
        {"id": "temp_d", "type": "number", "component_key": "days", "component_name": "D",
         "props": {}},
        {"id": "temp_x", "type": "externaldata", "component_key": "ext", "component_name": "X",
         "props": {"dataSourceUrl": "http://127.0.0.1:9/x", "dataSourceToken": "sekrit"}}]
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": {"title": "required", "days": "optional"}}),
         ("temp_m", "normal", "M", human("users", fix.ids["mgr"],
                                         perms={"days": "required", "ext": "readonly"})),
         ("temp_e", "end", "E", {})],
        [("temp_1", "agree", "temp_s", "temp_m", {}), ("temp_2", "agree", "temp_m", "temp_e", {})],
        comps=comps, name="Ext")
    wf, nodes, edges = fix.workflow(doc)
    t = fix.create(wf, edges["temp_1"], {"title": "x", "days": 2.5})
    got, _ = form(fix, t, "mgr")
    assert got["days"]["component_permission"] == "required" and got["days"]["props"]["value"] == 2.5
    ext = got["ext"]
    assert ext["component_permission"] == "readonly"
    assert ext["props"]["value"] is None and ext["props"]["externalDataError"] == "not_available"
    assert "dataSourceToken" not in ext["props"] and ext["props"]["dataSourceUrl"]
    got, _ = form(fix, t, "cre")
    assert got["title"]["props"]["value"] == "x" and got["ext"]["component_permission"] == "readonly"


def test_app_callers_reach_only_granted_workflows(fix):
    apps = A + "/applications"
    app_id = fix.ok("POST", apps, {"name": "reader-app", "type": "workflow_admin",
                                   "description": ""})["application_id"]
    token = fix.ok("GET", apps + "/" + app_id)["application_info"]["token"]
    t1 = fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 2})
    t2 = fix.create(fix.wf2, fix.e2["Submit"], {"custom_field_days": 2})
    fix.ok("POST", apps + "/" + app_id + "/workflows", {"workflow_id_list": [fix.wf2]})

    def signed(method, path):
        h = signed_headers(app="reader-app", token=token, email="cre@example.com")
        return fix.srv.request(method, path, headers=h)
    r = signed("GET", T + "?category=owner&per_page=100")
    got = [x["id"] for x in r.data["ticket_list"]]
    assert r.code == 0 and t2 in got and t1 not in got
    assert all(x["workflow_info"]["id"] == fix.wf2 for x in r.data["ticket_list"])
    r = signed("GET", "%s/%s/ticket_detail_form" % (T, t1))
    assert r.code == -1 and "app has no permission" in r.msg, r
    assert signed("GET", "%s/%s/ticket_detail_form" % (T, t2)).code == 0
    assert signed("GET", "%s/%s/ticket_flow_history" % (T, t2)).code == 0
    assert signed("GET", "%s/%s/current_node_infos" % (T, t1)).code == -1


def test_hook_nodes_show_their_hook_status(fix):
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": {"title": "required"}}),
         ("temp_h", "hook", "H", {"hook_url": "http://127.0.0.1:9/h", "hook_token": "tok"}),
         ("temp_e", "end", "E", {})],
        [("temp_1", "agree", "temp_s", "temp_h", {}), ("temp_2", "agree", "temp_h", "temp_e", {})],
        name="Hooked")
    wf, nodes, edges = fix.workflow(doc)
    t = fix.create(wf, edges["temp_1"], {"title": "h"})
    d = fix.ok("GET", "%s/%s/current_node_infos" % (T, t), who="cre")
    assert d == {"current_node_info_list": [{"id": nodes["H"], "name": "H", "hook_status": ""}]}


def test_naive_list_dates_are_read_in_the_configured_zone(fix):
    """A bound without an offset is wall-clock time in time_zone (+08:00 here)."""
    srv = Server(fix.srv.binary, extra_args=("--set", "time_zone=+08:00")).start()
    try:
        h = srv.jwt_headers(srv.login())
        r = srv.request("POST", "/api/v1.0/workflows", leave_request("v1", "Zoned"), headers=h)
        wf = r.data["workflow_id"]
        full = srv.request("GET", "/api/v1.0/workflows/" + wf, headers=h).data
        submit = [e["id"] for e in full["workflow_full_defination"]["process_schema"]["edge_info_list"]
                  if e["name"] == "Submit"][0]
        r = srv.request("POST", T, {"workflow_id": wf, "action_id": submit,
                                    "fields": {"custom_field_days": 1}}, headers=h)
        assert r.code == 0, r
        tid = r.data["ticket_id"]
        now = datetime.datetime.now(datetime.timezone.utc)
        local = (now + datetime.timedelta(hours=8, minutes=2)).strftime("%Y-%m-%d%%20%H:%M:%S")
        utc_wall = (now + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S")

        def found(end):
            r = srv.request("GET", T + "?category=all&create_end=" + end, headers=h)
            assert r.code == 0, r
            return tid in [x["id"] for x in r.data["ticket_list"]]
        assert found(local)             # two minutes ahead, read at +08:00
        assert not found(utc_wall)      # UTC's wall clock read at +08:00 is 8 h earlier
        assert found(utc_wall + "Z")    # an explicit zone wins
    finally:
        srv.cleanup()


def test_closed_tickets_of_a_deleted_workflow(fix):
    wf, nodes, edges = fix.workflow(leave_request("v1", "Short-lived"))
    t = fix.create(wf, edges["Submit"], {"custom_field_days": 1})
    fix.ok("DELETE", "/api/v1.0/workflows/" + wf)
    mine = listing(fix, "cre", category="owner", per_page=100).data["ticket_list"]
    [item] = [x for x in mine if x["id"] == t]
    assert item["act_state"] == "finished" and item["workflow_info"]["name"] == ""
    fix.fail("GET", "%s/%s/ticket_detail_form" % (T, t), who="cre", contains=NOT_FOUND)


def test_list_names_each_item_from_its_own_workflow_and_creator(fix):
    """Names are looked up once per workflow version and creator on a page:
    interleaved items must still each carry their own."""
    gone, _, gone_e = fix.workflow(leave_request("v1", "Gone soon"))
    made = [fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 1}),
            fix.create(fix.wf2, fix.e2["Submit"], {"custom_field_days": 1}, who="norm"),
            fix.create(gone, gone_e["Submit"], {"custom_field_days": 1}),
            fix.create(fix.wf2, fix.e2["Submit"], {"custom_field_days": 1}),
            fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 1}, who="norm")]
    fix.ok("DELETE", "/api/v1.0/workflows/" + gone)
    wf_names = {fix.wf: "Leave", fix.wf2: "Other leave", gone: ""}
    people = {uid: name for name, uid in fix.ids.items()}
    items = {x["id"]: x for x in listing(fix, category="all", per_page=100).data["ticket_list"]}
    seen = [items[t] for t in made]
    assert [x["workflow_info"]["id"] for x in seen] == [fix.wf, fix.wf2, gone, fix.wf2, fix.wf]
    assert [people[x["creator_info"]["id"]] for x in seen] == ["cre", "norm", "cre", "cre", "norm"]
    for x in items.values():
        if x["workflow_info"]["id"] in wf_names:
            assert x["workflow_info"]["name"] == wf_names[x["workflow_info"]["id"]], x
        name = people.get(x["creator_info"]["id"], "admin")
        if name != "admin":
            assert (x["creator_info"]["name"], x["creator_info"]["alias"]) == (name, name.upper()), x
