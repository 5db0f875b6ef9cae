"""Workflow definitions end to end: save, read back, versions, forms,
permissions, validation through the API, tenants, and app grants."""
import copy

from lfclient import TENANT, Server, signed_headers

WF = "/api/v1.0/workflows"


def leave_request(version="v1", name="Leave"):
    """ENGINE.md 2.11, with a hook and a permission list filled in."""
    return {
        "basic_info": {"name": name, "description": "days off", "version": version},
        "form_schema": {"component_info_list": [
            {"id": "temp_r1", "type": "row", "component_key": "row1", "component_name": "",
             "layout": {"span": 12}, "props": {}, "children": [
                 {"id": "temp_c1", "type": "title", "component_key": "title", "component_name": "Title",
                  "layout": {"span": 6},
                  "props": {"title_generate_mode": "automatic",
                            "title_template": "{creator} asks {custom_field_days} days"}},
                 {"id": "temp_c2", "type": "number", "component_key": "custom_field_days",
                  "component_name": "Days", "layout": {"span": 6}, "props": {}}]}]},
        "process_schema": {
            "node_info_list": [
                {"id": "temp_s", "type": "start", "name": "Start", "layout": {"x": 0, "y": 0},
                 "props": {"field_permissions": {"title": "hidden", "custom_field_days": "required"}}},
                {"id": "temp_x", "type": "exclusive", "name": "Route", "layout": {"x": 0, "y": 1},
                 "props": {"default_branch": "temp_3"}},
                {"id": "temp_m", "type": "normal", "name": "Manager", "layout": {"x": 0, "y": 2},
                 "props": {"field_permissions": {"custom_field_days": "readonly"},
                           "assignee_type": "variables", "assignee": "creator_dept_approver",
                           "assignment_strategy": "direct", "allow_withdraw": True}},
                {"id": "temp_e", "type": "end", "name": "End", "layout": {"x": 0, "y": 3}, "props": {}}],
            "edge_info_list": [
                {"id": "temp_1", "type": "agree", "name": "Submit", "source_node_id": "temp_s",
                 "target_node_id": "temp_x", "props": {}},
                {"id": "temp_2", "type": "condition", "name": "long", "source_node_id": "temp_x",
                 "target_node_id": "temp_m",
                 "props": {"condition_groups": [{"id": "g1", "conditions": [
                     {"id": "c1", "field_type": "number", "field_name": "custom_field_days",
                      "operator": ">", "value": "3"}]}]}},
                {"id": "temp_3", "type": "condition", "name": "short", "source_node_id": "temp_x",
                 "target_node_id": "temp_e",
                 "props": {"condition_groups": [{"id": "g1", "conditions": [
                     {"id": "c1", "field_type": "number", "field_name": "custom_field_days",
                      "operator": "<=", "value": "3"}]}]}},
                {"id": "temp_4", "type": "agree", "name": "Approve", "source_node_id": "temp_m",
                 "target_node_id": "temp_e", "props": {}},
                {"id": "temp_5", "type": "reject", "name": "Reject", "source_node_id": "temp_m",
                 "target_node_id": "temp_s", "props": {}}]},
        "advanced_schema": {
            "notification_info": {"title_template": "t", "content_template": "c",
                                  "selected_channel_list": []},
            "permission_info": {"admin_id_list": [], "dispatcher_id_list": [], "viewer_id_list": [],
                                "viewer_dept_id_list": []},
            "customization_info": {"authorized_app_id_list": [], "hook_info_list": [
                {"id": "temp_h", "name": "h", "description": "", "url": "http://127.0.0.1:9/x",
                 "token": "secret-1", "event_list": ["started", "nomal_end"]}],
                "label": {"ticket_detail_title_template": "{name} ({version_name})"}}}}


def parallel_design(version="p1"):
    """Two multi-node branches joining at a normal node."""
    def normal(i, name, perms):
        return {"id": i, "type": "normal", "name": name, "layout": {}, "props": {
            "field_permissions": perms, "assignee_type": "variables", "assignee": "creator",
            "assignment_strategy": "direct"}}

    def edge(i, t, s, d, name=None):
        return {"id": i, "type": t, "name": name or i, "source_node_id": s, "target_node_id": d,
                "props": {}}
    return {
        "basic_info": {"name": "Purchase", "description": "", "version": version},
        "form_schema": {"component_info_list": [
            {"id": "temp_r", "type": "row", "component_key": "r", "component_name": "", "props": {},
             "children": [
                 {"id": "temp_t", "type": "title", "component_key": "title", "component_name": "T",
                  "props": {"title_generate_mode": "manual"}},
                 {"id": "temp_a", "type": "text", "component_key": "amount", "component_name": "A",
                  "props": {}},
                 {"id": "temp_n", "type": "textarea", "component_key": "note", "component_name": "N",
                  "props": {}}]},
            {"id": "temp_r2", "type": "row", "component_key": "r2", "component_name": "", "props": {},
             "children": [
                 {"id": "temp_h", "type": "text", "component_key": "internal", "component_name": "I",
                  "props": {}}]}]},
        "process_schema": {
            "node_info_list": [
                {"id": "temp_s", "type": "start", "name": "Start", "props": {
                    "field_permissions": {"title": "required", "amount": "optional",
                                          "note": "readonly", "internal": "hidden"}}},
                {"id": "temp_p", "type": "parallel", "name": "Split", "props": {}},
                normal("temp_a1", "A1", {"amount": "readonly"}),
                normal("temp_a2", "A2", {"amount": "readonly"}),
                normal("temp_b1", "B1", {"amount": "readonly"}),
                normal("temp_b2", "B2", {"amount": "readonly"}),
                normal("temp_j", "Join", {"amount": "readonly"}),
                {"id": "temp_e", "type": "end", "name": "End", "props": {}}],
            "edge_info_list": [
                edge("temp_1", "agree", "temp_s", "temp_p"),
                edge("temp_2", "other", "temp_p", "temp_a1"),
                edge("temp_3", "other", "temp_p", "temp_b1"),
                edge("temp_4", "agree", "temp_a1", "temp_a2"),
                edge("temp_5", "reject", "temp_a1", "temp_s"),
                edge("temp_6", "agree", "temp_a2", "temp_j"),
                edge("temp_7", "agree", "temp_b1", "temp_b2"),
                edge("temp_8", "agree", "temp_b2", "temp_j"),
                edge("temp_9", "agree", "temp_j", "temp_e")]},
        "advanced_schema": {"notification_info": {"title_template": "", "content_template": "",
                                                  "selected_channel_list": []}}}


class Ctx:
    pass


def setup(binary):
    srv = Server(binary).start()
    ctx = Ctx()
    ctx.srv = srv
    ctx.admin = srv.jwt_headers(srv.login())
    ids = {}
    for email, typ in (("wfa@example.com", "workflow_admin"), ("wfb@example.com", "workflow_admin"),
                       ("norm@example.com", "normal")):
        ids[email] = srv.lfctl("user", "create", "--tenant", TENANT, "--email", email, "--password",
                               "pw-123456", "--type", typ, "--iterations", "1000")[0]
    ctx.ids = ids
    ctx.wfa = srv.jwt_headers(srv.login("wfa@example.com", "pw-123456"))
    ctx.wfb = srv.jwt_headers(srv.login("wfb@example.com", "pw-123456"))
    ctx.norm = srv.jwt_headers(srv.login("norm@example.com", "pw-123456"))
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


def call(ctx, method, path, body=None, who=None):
    return ctx.srv.request(method, path, body, headers=who if who is not None else ctx.admin)


def ok(r):
    assert r.status == 200 and r.code == 0, r
    return r.data


def create(ctx, doc, who=None):
    return ok(call(ctx, "POST", WF, doc, who))["workflow_id"]


def full(ctx, wf, version=None, who=None):
    q = "?version_name=" + version if version else ""
    return ok(call(ctx, "GET", "%s/%s%s" % (WF, wf, q), who=who))["workflow_full_defination"]


def with_defaults(doc):
    """The saved document as GET shows it: every optional key filled in."""
    d = copy.deepcopy(doc)
    for row in d["form_schema"]["component_info_list"]:
        for c in [row] + row["children"]:
            for k in ("props", "label", "layout"):
                c.setdefault(k, {})
            c.setdefault("description", "")
            if c is not row:
                c["component_permission"] = "readonly"
    for n in d["process_schema"]["node_info_list"]:
        for k in ("props", "label", "layout"):
            n.setdefault(k, {})
    for e in d["process_schema"]["edge_info_list"]:
        for k in ("props", "label", "layout"):
            e.setdefault(k, {})
    adv = d.setdefault("advanced_schema", {})
    adv.setdefault("permission_info", {"admin_id_list": [], "dispatcher_id_list": [],
                                       "viewer_id_list": [], "viewer_dept_id_list": []})
    cust = adv.setdefault("customization_info", {})
    cust.setdefault("authorized_app_id_list", [])
    cust.setdefault("hook_info_list", [])
    cust.setdefault("label", {})
    alias = {"pre_start": "pre_create", "started": "create", "force_closed": "force_close",
             "normal_end": "finish", "nomal_end": "finish", "rejected": "reject",
             "retreat": "withdraw", "withdrawn": "withdraw"}
    for h in cust["hook_info_list"]:
        h["event_list"] = [alias.get(e, e) for e in h["event_list"]]
        h.setdefault("name", "")
        h.setdefault("description", "")
    return d


def strip_ids(doc, mapping):
    """Replaces every stored id by the temp id it was saved under."""
    def walk(v):
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, str) and v in mapping:
            return mapping[v]
        return v
    return walk(doc)


def id_map(saved, sent):
    m = {}
    rs, ss = saved["form_schema"]["component_info_list"], sent["form_schema"]["component_info_list"]
    for r1, r2 in zip(rs, ss):
        m[r1["id"]] = r2["id"]
        for c1, c2 in zip(r1["children"], r2["children"]):
            m[c1["id"]] = c2["id"]
    for kind in ("node_info_list", "edge_info_list"):
        for a, b in zip(saved["process_schema"][kind], sent["process_schema"][kind]):
            m[a["id"]] = b["id"]
    for a, b in zip(saved["advanced_schema"]["customization_info"]["hook_info_list"],
                    sent["advanced_schema"].get("customization_info", {}).get("hook_info_list", [])):
        m[a["id"]] = b["id"]
    return m


def assert_round_trip(ctx, wf, sent, version):
    got = full(ctx, wf, version)
    assert got["basic_info"]["id"] == wf
    assert got["basic_info"]["tenant_id"] == TENANT
    assert got["basic_info"]["version"] == version
    m = id_map(got, sent)
    assert all(len(k) == 36 and not k.startswith("temp_") for k in m), m
    back = strip_ids(got, m)
    want = with_defaults(sent)
    back["basic_info"] = {k: back["basic_info"][k] for k in ("name", "description", "version")}
    assert back == want, (back, want)
    return got


# ---- save and read back ----

def test_leave_request_round_trip(ctx):
    doc = leave_request()
    wf = create(ctx, doc)
    got = assert_round_trip(ctx, wf, doc, "v1")
    hooks = got["advanced_schema"]["customization_info"]["hook_info_list"]
    # the designer's aliases are stored under the canonical names
    assert hooks[0]["event_list"] == ["create", "finish"], hooks
    x = got["process_schema"]["node_info_list"][1]
    short = got["process_schema"]["edge_info_list"][2]
    assert x["props"]["default_branch"] == short["id"]
    ctx.leave = wf


def test_engine_example_verbatim(ctx):
    """ENGINE.md 2.11 exactly as printed there."""
    doc = leave_request(name="Leave verbatim")
    doc["basic_info"]["description"] = ""
    doc["process_schema"]["node_info_list"][1]["props"] = {}
    doc["advanced_schema"] = {
        "notification_info": {"title_template": "", "content_template": "", "selected_channel_list": []},
        "permission_info": {"admin_id_list": [], "dispatcher_id_list": [], "viewer_id_list": [],
                            "viewer_dept_id_list": []},
        "customization_info": {"authorized_app_id_list": [], "hook_info_list": [], "label": {}}}
    wf = create(ctx, doc)
    assert_round_trip(ctx, wf, doc, "v1")
    form = ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf)))["form_schema"]
    assert form["workflow_metadata"]["ticket_detail_title"] == "Leave verbatim - v1"


def test_parallel_round_trip_and_creation_form(ctx):
    doc = parallel_design()
    wf = create(ctx, doc)
    assert_round_trip(ctx, wf, doc, "p1")
    form = ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf), who=ctx.norm))["form_schema"]
    rows = form["component_info_list"]
    assert len(rows) == 1, rows  # the row with only a hidden field is left out
    kids = {c["component_key"]: c["component_permission"] for c in rows[0]["children"]}
    assert kids == {"title": "required", "amount": "optional", "note": "readonly"}, kids
    meta = form["workflow_metadata"]
    assert meta["id"] == wf and meta["version_name"] == "p1" and meta["name"] == "Purchase"
    assert meta["ticket_detail_title"] == "Purchase - p1"
    acts = ok(call(ctx, "GET", "%s/%s/ticket_creation_actions" % (WF, wf), who=ctx.norm))["actions"]
    assert [a["name"] for a in acts] == ["temp_1"] and set(acts[0]) == {"id", "name", "type", "props"}
    ctx.parallel = wf


def test_leave_creation_form_uses_start_permissions(ctx):
    form = ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, ctx.leave),
                   who=ctx.norm))["form_schema"]
    kids = form["component_info_list"][0]["children"]
    assert [(c["component_key"], c["component_permission"]) for c in kids] == [
        ("custom_field_days", "required")], kids
    assert form["workflow_metadata"]["ticket_detail_title"] == "Leave (v1)"
    # external data: shown read-only unless hidden, and never with its token
    doc = leave_request("v1", "Ext")
    doc["form_schema"]["component_info_list"][0]["children"].append(
        {"id": "temp_x1", "type": "externaldata", "component_key": "stock", "component_name": "S",
         "props": {"data_source_url": "http://127.0.0.1:9/d", "data_source_token": "ds-secret",
                   "display_style": "text"}})
    wf = create(ctx, doc)
    kids = ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf), who=ctx.norm))[
        "form_schema"]["component_info_list"][0]["children"]
    ext = [c for c in kids if c["component_key"] == "stock"]
    assert len(ext) == 1 and ext[0]["component_permission"] == "readonly", kids
    assert ext[0]["props"] == {"data_source_url": "http://127.0.0.1:9/d", "display_style": "text"}
    doc["process_schema"]["node_info_list"][0]["props"]["field_permissions"]["stock"] = "hidden"
    wf = create(ctx, doc)
    kids = ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf), who=ctx.norm))[
        "form_schema"]["component_info_list"][0]["children"]
    assert [c["component_key"] for c in kids] == ["custom_field_days"], kids


def test_init_node_and_process_schema(ctx):
    node = ok(call(ctx, "GET", "%s/%s/init_node" % (WF, ctx.leave), who=ctx.norm))["node_info"]
    assert node["type"] == "start" and node["name"] == "Start"
    assert set(node) == {"id", "name", "type", "props"}
    ps = ok(call(ctx, "GET", "%s/%s/process_single_schema" % (WF, ctx.leave),
                 who=ctx.norm))["process_schema"]
    assert [n["name"] for n in ps["node_info_list"]] == ["Start", "Route", "Manager", "End"]
    assert len(ps["edge_info_list"]) == 5
    assert ps["node_info_list"][0]["id"] == node["id"]


# ---- versions ----

def test_new_version_name_makes_candidate_and_switching_default(ctx):
    wf = ctx.leave
    doc = full(ctx, wf)
    doc["basic_info"]["version"] = "v2"
    doc["basic_info"]["name"] = "Leave 2"
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf), doc))
    vers = ok(call(ctx, "GET", "%s/%s/versions" % (WF, wf)))
    types = {v["name"]: v["type"] for v in vers["version_info_list"]}
    assert types == {"v1": "default", "v2": "candidate"}, types
    assert vers["total"] == 2
    v2 = full(ctx, wf, "v2")
    v1 = full(ctx, wf, "v1")
    # a new version gets new ids everywhere
    assert v2["process_schema"]["node_info_list"][0]["id"] != v1["process_schema"]["node_info_list"][0]["id"]
    assert v2["basic_info"]["name"] == "Leave 2"
    vid = {v["name"]: v["id"] for v in vers["version_info_list"]}
    one = ok(call(ctx, "GET", "%s/%s/versions/%s" % (WF, wf, vid["v2"]), who=ctx.norm))
    assert one["name"] == "v2" and one["type"] == "candidate" and one["id"] == vid["v2"]
    # the only default cannot be demoted
    r = call(ctx, "PATCH", "%s/%s/versions/%s" % (WF, wf, vid["v1"]), {"type": "candidate"})
    assert r.code == -1 and "default" in r.msg, r
    # switching: v2 becomes default, v1 candidate; still exactly one default
    ok(call(ctx, "PATCH", "%s/%s/versions/%s" % (WF, wf, vid["v2"]), {"type": "default"}))
    vers = ok(call(ctx, "GET", "%s/%s/versions" % (WF, wf)))
    types = {v["name"]: v["type"] for v in vers["version_info_list"]}
    assert types == {"v1": "candidate", "v2": "default"}, types
    assert full(ctx, wf)["basic_info"]["version"] == "v2"
    listed = ok(call(ctx, "GET", WF + "?search_value=Leave 2".replace(" ", "%20")))
    assert [w["version"] for w in listed["workflow_info_list"]] == ["v2"], listed
    # archive v1: its definition and its creation form are refused
    ok(call(ctx, "PATCH", "%s/%s/versions/%s" % (WF, wf, vid["v1"]), {"type": "archived",
                                                                       "description": "old"}))
    r = call(ctx, "GET", "%s/%s?version_name=v1" % (WF, wf))
    assert r.code == -1 and r.msg == "version is archived, does not support to get full definition"
    r = call(ctx, "GET", "%s/%s/ticket_creation_form?version_name=v1" % (WF, wf))
    assert r.code == -1 and r.msg == "workflow version is archived", r
    r = call(ctx, "PATCH", "%s/%s/versions/%s" % (WF, wf, vid["v1"]), {"name": "v2"})
    assert r.code == -1 and "already used" in r.msg, r
    r = call(ctx, "PATCH", "%s/%s/versions/%s" % (WF, wf, vid["v1"]), {"type": "bogus"})
    assert r.code == -1 and r.msg.startswith("Request data is invalid:"), r


def test_in_place_save_adds_and_keeps_ids(ctx):
    wf = create(ctx, leave_request("v1", "Inplace"))
    doc = full(ctx, wf)
    node_ids = [n["id"] for n in doc["process_schema"]["node_info_list"]]
    # add a text field, an edge and a hook in place
    doc["form_schema"]["component_info_list"][0]["children"].append(
        {"id": "temp_new", "type": "text", "component_key": "reason", "component_name": "Reason",
         "props": {}})
    doc["process_schema"]["node_info_list"][0]["props"]["field_permissions"]["reason"] = "optional"
    doc["process_schema"]["edge_info_list"].append(
        {"id": "temp_back", "type": "other", "name": "Back", "source_node_id": node_ids[2],
         "target_node_id": node_ids[0], "props": {}})
    doc["advanced_schema"]["customization_info"]["hook_info_list"].append(
        {"id": "temp_h2", "url": "http://127.0.0.1:9/y", "token": "t2", "event_list": ["reject"]})
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf), doc))
    got = full(ctx, wf)
    assert [n["id"] for n in got["process_schema"]["node_info_list"]] == node_ids
    assert len(got["process_schema"]["edge_info_list"]) == 6
    assert got["process_schema"]["edge_info_list"][5]["name"] == "Back"
    assert not got["process_schema"]["edge_info_list"][5]["id"].startswith("temp_")
    assert [h["event_list"] for h in got["advanced_schema"]["customization_info"]["hook_info_list"]] \
        == [["create", "finish"], ["reject"]]
    assert len(ok(call(ctx, "GET", "%s/%s/versions" % (WF, wf)))["version_info_list"]) == 1
    # an id that is neither temp_ nor of this version is refused
    bad = copy.deepcopy(got)
    bad["form_schema"]["component_info_list"][0]["children"][0]["id"] = "5c9e6f3e-0000-4000-8000-000000000000"
    r = call(ctx, "PATCH", "%s/%s" % (WF, wf), bad)
    assert r.code == -1 and "does not belong to version" in r.msg, r
    assert full(ctx, wf) == got  # nothing changed


# ---- validation through the API ----

def test_invalid_design_is_refused_and_changes_nothing(ctx):
    doc = leave_request("v1", "Broken")
    doc["process_schema"]["node_info_list"].append(
        {"id": "temp_e2", "type": "end", "name": "End 2", "props": {}})
    r = call(ctx, "POST", WF, doc)
    assert r.code == -1 and r.msg.startswith("Request data is invalid:basic.endNodeCountError"), r
    doc = leave_request("v1", "Broken")
    doc["process_schema"]["edge_info_list"][0]["target_node_id"] = "temp_nowhere"
    r = call(ctx, "POST", WF, doc)
    assert r.code == -1 and "process.edgeTargetMissing" in r.msg and "Submit" in r.msg, r
    listed = ok(call(ctx, "GET", WF + "?search_value=Broken"))
    assert listed["total"] == 0
    # a failing in-place save leaves the stored version alone
    before = full(ctx, ctx.parallel)
    bad = copy.deepcopy(before)
    bad["basic_info"]["name"] = ""
    r = call(ctx, "PATCH", "%s/%s" % (WF, ctx.parallel), bad)
    assert r.code == -1 and "basic.workflowNameEmpty" in r.msg, r
    assert full(ctx, ctx.parallel) == before
    r = call(ctx, "POST", WF, {"basic_info": {"name": "x"}})
    assert r.code == -1 and r.msg.startswith("Request data is invalid:"), r
    r = ctx.srv.request("POST", WF, headers=ctx.admin, raw_body=b"{not json")
    assert r.status == 400 and r.code == -1


def test_unknown_users_and_apps_are_refused(ctx):
    doc = leave_request("v1", "Refs")
    doc["advanced_schema"]["permission_info"]["admin_id_list"] = ["5c9e6f3e-0000-4000-8000-000000000000"]
    r = call(ctx, "POST", WF, doc)
    assert r.code == -1 and "admin_id_list" in r.msg and "not found" in r.msg, r
    doc = leave_request("v1", "Refs")
    doc["advanced_schema"]["customization_info"]["authorized_app_id_list"] = ["nope"]
    r = call(ctx, "POST", WF, doc)
    assert r.code == -1 and "authorized_app_id_list" in r.msg, r


# ---- permissions ----

def test_normal_user_is_refused_where_upstream_refuses(ctx):
    for method, path in (("GET", WF), ("POST", WF), ("GET", "%s/%s" % (WF, ctx.leave)),
                         ("PATCH", "%s/%s" % (WF, ctx.leave)), ("DELETE", "%s/%s" % (WF, ctx.leave)),
                         ("GET", "%s/%s/versions" % (WF, ctx.leave))):
        r = call(ctx, method, path, leave_request() if method != "GET" else None, ctx.norm)
        assert r.code == -1 and r.msg.startswith("has no permission"), (method, path, r)
    simple = ok(call(ctx, "GET", "/api/v1.0/simple_workflows?per_page=100", who=ctx.norm))
    assert ctx.leave in [w["workflow_id"] for w in simple["workflow_info_list"]]
    item = simple["workflow_info_list"][0]
    assert set(item) == {"id", "name", "description", "version", "workflow_id"}


def test_workflow_admin_sees_only_theirs(ctx):
    doc = leave_request("v1", "Mine")
    mine = create(ctx, doc, ctx.wfa)
    doc = leave_request("v1", "Shared")
    doc["advanced_schema"]["permission_info"]["admin_id_list"] = [ctx.ids["wfb@example.com"]]
    shared = create(ctx, doc)
    la = ok(call(ctx, "GET", WF + "?per_page=100", who=ctx.wfa))
    assert [w["workflow_id"] for w in la["workflow_info_list"]] == [mine], la
    lb = ok(call(ctx, "GET", WF + "?per_page=100", who=ctx.wfb))
    assert [w["workflow_id"] for w in lb["workflow_info_list"]] == [shared], lb
    item = lb["workflow_info_list"][0]
    assert set(item) == {"id", "label", "creator_info", "created_at", "updated_at", "tenant_id",
                         "name", "description", "version", "workflow_id"}
    r = call(ctx, "GET", "%s/%s" % (WF, shared), who=ctx.wfa)
    assert r.code == -1 and r.msg.startswith("has no permission"), r
    assert full(ctx, shared, who=ctx.wfb)["basic_info"]["name"] == "Shared"
    # hook node tokens stay with those who administer the workflow
    doc = leave_request("v1", "Hooked")
    ps = doc["process_schema"]
    ps["node_info_list"].insert(3, {"id": "temp_hk", "type": "hook", "name": "Notify", "props": {
        "hook_url": "http://127.0.0.1:9/hook", "hook_token": "node-secret", "is_async": False}})
    ps["edge_info_list"][3]["target_node_id"] = "temp_hk"
    ps["edge_info_list"].append({"id": "temp_6", "type": "agree", "name": "Go",
                                 "source_node_id": "temp_hk", "target_node_id": "temp_e"})
    doc["advanced_schema"]["permission_info"]["admin_id_list"] = [ctx.ids["wfa@example.com"]]
    hooked = create(ctx, doc)
    path = "%s/%s/process_single_schema" % (WF, hooked)
    for who, shown in ((ctx.norm, False), (ctx.wfb, False), (ctx.wfa, True), (ctx.admin, True)):
        nodes = ok(call(ctx, "GET", path, who=who))["process_schema"]["node_info_list"]
        hook = [n for n in nodes if n["type"] == "hook"][0]
        assert ("hook_token" in hook["props"]) == shown, (who, hook)
        assert hook["props"]["hook_url"] == "http://127.0.0.1:9/hook"
    al = ok(call(ctx, "GET", WF + "?per_page=100"))
    assert al["total"] >= 4


def test_not_found_and_other_tenant(ctx):
    srv = ctx.srv
    for path in ("%s/%s" % (WF, "5c9e6f3e-0000-4000-8000-000000000000"), WF + "/not-a-uuid",
                 WF + "/5c9e6f3e-0000-4000-8000-000000000000/ticket_creation_form"):
        r = call(ctx, "GET", path)
        assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    r = call(ctx, "GET", "%s/%s?version_name=nope" % (WF, ctx.leave))
    assert r.code == -1 and r.msg == "version is not existed or has been deleted", r
    other = "00000000-0000-0000-0000-0000000000b7"
    srv.lfctl("tenant", "create", "--name", "t2", "--domain", "t2.example", "--id", other)
    srv.lfctl("user", "create", "--tenant", other, "--email", "boss@t2.example", "--password",
              "pw-123456", "--type", "admin", "--iterations", "1000")
    boss = srv.jwt_headers(srv.login("boss@t2.example", "pw-123456"))
    ctx.boss = boss
    r = call(ctx, "GET", "%s/%s" % (WF, ctx.leave), who=boss)
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    r = call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, ctx.leave), who=boss)
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    r = call(ctx, "DELETE", "%s/%s" % (WF, ctx.leave), who=boss)
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    assert ok(call(ctx, "GET", WF, who=boss))["total"] == 0
    assert ok(call(ctx, "GET", "/api/v1.0/simple_workflows", who=boss))["total"] == 0
    vid = ok(call(ctx, "GET", "%s/%s/versions" % (WF, ctx.leave)))["version_info_list"][0]["id"]
    for method, path in (("GET", "%s/%s/versions/%s" % (WF, ctx.leave, vid)),
                         ("PATCH", "%s/%s/versions/%s" % (WF, ctx.leave, vid)),
                         ("GET", "%s/%s/versions" % (WF, ctx.leave)),
                         ("GET", "%s/%s/process_single_schema" % (WF, ctx.leave)),
                         ("PATCH", "%s/%s" % (WF, ctx.leave))):
        r = call(ctx, method, path, {"description": "x"} if method == "PATCH" else None, boss)
        assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", (path, r)
    r = call(ctx, "GET", "%s/%s/versions/%s" % (WF, ctx.parallel, vid))
    assert r.code == -1 and r.msg == "version is not existed or has been deleted", r
    # a design naming a user of another tenant is refused
    doc = leave_request("v1", "Cross")
    doc["advanced_schema"]["permission_info"]["viewer_id_list"] = [ctx.ids["wfa@example.com"]]
    r = call(ctx, "POST", WF, doc, boss)
    assert r.code == -1 and "viewer_id_list" in r.msg, r


def test_app_workflow_grants(ctx):
    srv = ctx.srv
    app_id, token = srv.lfctl("app", "create", "--tenant", TENANT, "--name", "field-dev",
                              "--type", "workflow_admin")
    base = "/api/v1.0/accounts/applications/%s/workflows" % app_id
    assert ok(call(ctx, "GET", base))["total"] == 0
    r = call(ctx, "POST", base, {"workflow_id_list": [ctx.parallel, "5c9e6f3e-0000-4000-8000-000000000000"]})
    assert r.code == -1 and "not existed" in r.msg, r
    assert ok(call(ctx, "GET", base))["total"] == 0
    ok(call(ctx, "POST", base, {"workflow_id_list": [ctx.parallel]}))
    got = ok(call(ctx, "GET", base))
    assert [w["workflow_id"] for w in got["workflow_info_list"]] == [ctx.parallel], got
    assert full(ctx, ctx.parallel)["advanced_schema"]["customization_info"][
        "authorized_app_id_list"] == [app_id]
    # the app reaches the granted workflow and nothing else
    h = signed_headers(app="field-dev", token=token)
    ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, ctx.parallel), who=h))
    r = call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, ctx.leave), who=h)
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    ok(call(ctx, "DELETE", base, {"workflow_id_list": [ctx.parallel]}))
    assert ok(call(ctx, "GET", base))["total"] == 0
    # the web UI's spellings: POST {"workflow_ids"}, DELETE ?workflow_id=
    ok(call(ctx, "POST", base, {"workflow_ids": [ctx.parallel, ctx.leave]}))
    assert ok(call(ctx, "GET", base))["total"] == 2
    ok(call(ctx, "DELETE", base + "?workflow_id=" + ctx.leave))
    got = ok(call(ctx, "GET", base))
    assert [w["workflow_id"] for w in got["workflow_info_list"]] == [ctx.parallel], got
    ok(call(ctx, "DELETE", base, {"workflow_id_list": [ctx.parallel]}))
    assert full(ctx, ctx.parallel)["advanced_schema"]["customization_info"][
        "authorized_app_id_list"] == []
    r = call(ctx, "GET", "/api/v1.0/accounts/applications/5c9e6f3e-0000-4000-8000-000000000000/workflows")
    assert r.code == -1 and "application" in r.msg, r
    r = call(ctx, "GET", base, who=ctx.wfa)
    assert r.code == -1 and r.msg.startswith("has no permission"), r
    # another tenant's admin does not find our application
    for method in ("GET", "POST", "DELETE"):
        r = call(ctx, method, base, {"workflow_id_list": []} if method != "GET" else None, ctx.boss)
        assert r.code == -1 and r.msg == "application is not exist or has been deleted", r


def test_lists_page_newest_first(ctx):
    made = [create(ctx, leave_request("v1", "Paged %d" % i)) for i in range(3)]
    seen = []
    for page in (1, 2, 3):
        got = ok(call(ctx, "GET", WF + "?search_value=Paged&per_page=1&page=%d" % page))
        assert got["total"] == 3 and got["page"] == page and got["per_page"] == 1, got
        seen += [w["workflow_id"] for w in got["workflow_info_list"]]
    assert seen == made[::-1], (seen, made)
    # past the end: the last page, as upstream's paginator (API.md 2.5)
    got = ok(call(ctx, "GET", WF + "?search_value=Paged&per_page=1&page=9"))
    assert [w["workflow_id"] for w in got["workflow_info_list"]] == [made[0]], got
    assert got["total"] == 3 and got["page"] == 9, got
    r = call(ctx, "GET", WF + "?page=0")
    assert r.code == -1 and r.msg.startswith("Request data is invalid:"), r
    simple = ok(call(ctx, "GET", "/api/v1.0/simple_workflows?search_value=Paged%201", who=ctx.norm))
    assert [w["workflow_id"] for w in simple["workflow_info_list"]] == [made[1]], simple


def test_delete_archives_the_workflow(ctx):
    wf = create(ctx, leave_request("v1", "Doomed"))
    assert ok(call(ctx, "DELETE", "%s/%s" % (WF, wf))) == {}
    r = call(ctx, "GET", "%s/%s" % (WF, wf))
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    assert ok(call(ctx, "GET", WF + "?search_value=Doomed"))["total"] == 0
    r = call(ctx, "DELETE", "%s/%s" % (WF, wf))
    assert r.code == -1
