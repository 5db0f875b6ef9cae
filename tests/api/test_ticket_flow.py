"""Ticket engine stories on the ENGINE.md 2.11 leave request: creation,
exclusive routing both ways, reject and resubmit, withdraw, field checks,
refusals that change nothing, and idempotent concurrent creates."""
import json
import threading
import uuid

from test_workflows import leave_request
from ticketfix import T, WF, Fix, design, human, leave


def setup(binary):
    fix = Fix(binary)
    fix.wf, fix.n, fix.e = leave(fix)
    return fix


def teardown(fix):
    fix.cleanup()


def tickets_of(fix, wf):
    return [d for _, v in fix.dump("ticket") for d in [json.loads(v)] if d.get("workflow_id") == wf]


def test_long_leave_goes_to_the_dept_approver_and_finishes(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 5}, cc_to_user_id_list=[ids["v3"]],
                   action_props={"comment": "please"})
    tk = fix.ticket(t)
    assert tk["act_state"] == "on_going" and tk["creator_id"] == ids["cre"]
    assert tk["title"] == "cre(CRE) asks 5 days"
    assert fix.current(t) == {n["Manager"]: [ids["mgr"]]}
    [create] = fix.flows(t)
    assert (create["action_type"], create["comment"], create["node_id"], create["action_id"]) == \
        ("create", "please", n["Start"], e["Submit"])
    assert create["ticket_data"] == {"custom_field_days": 5}
    rel = fix.relations(t)
    assert rel[ids["cre"]]["as_creator"] and rel[ids["cre"]]["as_processor"]
    assert rel[ids["mgr"]]["as_assignee"] and rel[ids["mgr"]]["assignee_node_ids"] == n["Manager"]
    assert rel[ids["v3"]]["as_cc_recipient"] and not rel[ids["v3"]]["as_assignee"]
    assert any(t.replace("-", "") in k for k in fix.open_index())
    # the creator is not the approver: refused, nothing changes
    fix.refused(t, n["Manager"], e["Approve"], who="cre", contains="no permission")
    r = fix.req("POST", "%s/%s/handle" % (T, t), {
        "action_type": "agree", "action_id": e["Approve"], "cc_to_user_id_list": [ids["v2"]],
        "action_props": {"node_id": n["Manager"], "comment": "ok"}}, "mgr")
    assert r.code == 0 and r.data == {} and r.msg == "", r
    assert fix.relations(t)[ids["v2"]]["as_cc_recipient"]
    assert fix.ticket(t)["act_state"] == "finished"
    assert list(fix.current(t)) == [n["End"]]
    flows = fix.flows(t)
    assert [f["action_type"] for f in flows] == ["create", "agree"]
    assert flows[1]["processor"] == ids["mgr"] and flows[1]["comment"] == "ok"
    assert flows[1]["ticket_data"]["custom_field_days"] == 5
    rel = fix.relations(t)
    assert not rel[ids["mgr"]]["as_assignee"] and rel[ids["mgr"]]["as_processor"]
    assert not any(t.replace("-", "") in k for k in fix.open_index())
    fix.refused(t, n["Manager"], e["Approve"], who="mgr", contains="no permission")


def test_short_leave_takes_the_other_branch_to_the_end(fix):
    t = fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 2})
    assert fix.ticket(t)["act_state"] == "finished"
    assert list(fix.current(t)) == [fix.n["End"]]


def test_reject_and_resubmit(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 9})
    fix.must(t, n["Manager"], e["Reject"], kind="reject", who="mgr", comment="too long")
    assert fix.ticket(t)["act_state"] == "rejected"
    assert fix.current(t) == {n["Start"]: [ids["cre"]]}
    assert fix.relations(t)[ids["cre"]]["assignee_node_ids"] == n["Start"]
    # resubmitted shorter: the exclusive gateway now ends it
    fix.must(t, n["Start"], e["Submit"], who="cre", fields={"custom_field_days": 1})
    assert fix.ticket(t)["act_state"] == "finished"
    assert [f["action_type"] for f in fix.flows(t)] == ["create", "reject", "agree"]
    # the snapshot is the value before the change
    assert fix.flows(t)[2]["ticket_data"]["custom_field_days"] == 9


def test_withdraw_and_resubmit(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 4})
    fix.refused(t, n["Manager"], kind="withdraw", who="mgr",
                contains="operator is not ticket creator")
    fix.must(t, n["Manager"], kind="withdraw", who="cre")
    assert fix.ticket(t)["act_state"] == "withdrawn"
    assert fix.current(t) == {n["Start"]: [ids["cre"]]}
    w = fix.flows(t)[-1]
    assert (w["action_type"], w["comment"], w["node_id"]) == ("withdraw", "withdraw", n["Manager"])
    fix.refused(t, n["Manager"], e["Approve"], who="mgr", contains="no permission")
    # start has no allow_withdraw
    fix.refused(t, n["Start"], kind="withdraw", who="cre", contains="allow withdraw")
    fix.must(t, n["Start"], e["Submit"], who="cre", fields={"custom_field_days": 7})
    assert fix.current(t) == {n["Manager"]: [ids["mgr"]]}
    assert fix.ticket(t)["act_state"] == "on_going"


def test_required_and_invalid_values_are_refused(fix):
    e = fix.e
    before = len(tickets_of(fix, fix.wf))
    body = {"workflow_id": fix.wf, "action_id": e["Submit"]}
    fix.fail("POST", T, dict(body, fields={}), "cre", "field custom_field_days is required")
    fix.fail("POST", T, dict(body, fields={"custom_field_days": ""}), "cre",
             "field custom_field_days is required")
    fix.fail("POST", T, dict(body, fields={"custom_field_days": None}), "cre", "required")
    r = fix.fail("POST", T, dict(body, fields={"custom_field_days": "lots"}), "cre",
                 "Request data is invalid:")
    assert "custom_field_days" in r.msg
    fix.fail("POST", T, dict(body, bogus=1), "cre", "Request data is invalid:Wrong key 'bogus'")
    fix.fail("POST", T, {"action_id": e["Submit"]}, "cre", "Missing key: 'workflow_id'")
    fix.fail("POST", T, dict(body, action_id=e["Approve"], fields={"custom_field_days": 5}), "cre",
             "start node and action not match")
    fix.fail("POST", T, dict(body, action_id=str(uuid.uuid4())), "cre", "action not found")
    fix.fail("POST", T, dict(body, workflow_id=str(uuid.uuid4())), "cre", "workflow not found")
    fix.fail("POST", T, dict(body, workflow_version="nope", fields={"custom_field_days": 5}), "cre")
    fix.fail("POST", T, dict(body, parent_ticket_id=str(uuid.uuid4()),
                             fields={"custom_field_days": 5}), "cre", "parent ticket not found")
    fix.fail("POST", T, dict(body, cc_to_user_id_list=[str(uuid.uuid4())],
                             fields={"custom_field_days": 5}), "cre", "not found")
    assert len(tickets_of(fix, fix.wf)) == before
    # the named default version and a parent ticket are accepted
    p = fix.create(fix.wf, e["Submit"], {"custom_field_days": 1})
    c = fix.create(fix.wf, e["Submit"], {"custom_field_days": 1}, workflow_version="v1",
                   parent_ticket_id=p, parent_ticket_node_id=fix.n["End"])
    assert fix.ticket(c)["parent_ticket_id"] == p


def test_edge_actions_are_checked_and_failures_change_nothing(fix):
    n, e = fix.n, fix.e
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 6})
    fix.refused(t, n["Manager"], e["Approve"], who="norm", contains="no permission")
    fix.refused(t, n["Start"], e["Approve"], who="mgr",
                contains="current node has no permission to run this transition")
    fix.refused(t, n["Start"], e["Submit"], who="cre", contains="no permission")
    fix.refused(t, n["Manager"], e["Approve"], kind="save", who="mgr", contains="no permission")
    fix.refused(t, None, e["Approve"], who="mgr", contains="node_id is required")
    fix.refused(t, n["Manager"], str(uuid.uuid4()), who="mgr", contains="action not found")
    r = fix.req("POST", "%s/%s/handle" % (T, uuid.uuid4()), {"action_type": "agree"}, "mgr")
    assert r.code == -1 and r.msg == "ticket not found"
    # a bad or missing value on an edge action, or a failing gateway, leaves everything as it was
    fix.must(t, n["Manager"], e["Reject"], kind="reject", who="mgr")
    fix.refused(t, n["Start"], e["Submit"], who="cre", fields={"custom_field_days": "x"},
                contains="custom_field_days")
    fix.refused(t, n["Start"], e["Submit"], who="cre", fields={"custom_field_days": ""},
                contains="field custom_field_days is required")


def test_add_comment_needs_view(fix):
    n, e, ids = fix.n, fix.e, fix.ids
    t = fix.create(fix.wf, e["Submit"], {"custom_field_days": 6})
    fix.must(t, n["Manager"], kind="add_comment", who="mgr", comment="looking")
    c = fix.flows(t)[-1]
    assert (c["action_type"], c["comment"], c["processor"]) == \
        ("add_comment", "looking", ids["mgr"])
    fix.refused(t, n["Manager"], kind="add_comment", who="norm", contains="no permission")
    fix.refused(t, None, kind="add_comment", who="cre", contains="node_id is required")


def test_exclusive_without_match_or_default_is_an_error(fix):
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": {"days": "optional"}}),
         ("temp_x", "exclusive", "X", {}),
         ("temp_m", "normal", "M", human("users", fix.ids["mgr"])),
         ("temp_e", "end", "E", {})],
        [("temp_1", "agree", "temp_s", "temp_x", {}),
         ("temp_2", "condition", "temp_x", "temp_m", {"condition_expression": "{days} > 3"}),
         ("temp_3", "condition", "temp_x", "temp_e", {"condition_groups": [
             {"id": "g", "conditions": [{"id": "c", "field_type": "number", "field_name": "days",
                                         "operator": ">", "value": "100"}]}]}),
         ("temp_4", "agree", "temp_m", "temp_e", {})], name="NoDefault")
    wf, n, e = fix.workflow(doc)
    before = len(tickets_of(fix, wf))
    fix.fail("POST", T, {"workflow_id": wf, "action_id": e["temp_1"], "fields": {"days": 1}}, "cre",
             "no branch of gateway X matches")
    assert len(tickets_of(fix, wf)) == before
    t = fix.create(wf, e["temp_1"], {"days": 4})
    assert fix.current(t) == {n["M"]: [fix.ids["mgr"]]}


def test_concurrent_retries_of_one_create_make_one_ticket(fix):
    body = {"workflow_id": fix.wf, "action_id": fix.e["Submit"], "fields": {"custom_field_days": 8}}
    before = len(tickets_of(fix, fix.wf))
    key = "retry-" + str(uuid.uuid4())
    results = []

    def send():
        r = fix.req("POST", T, body, "cre", headers={"Idempotency-Key": key})
        results.append(r)
    threads = [threading.Thread(target=send) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    done = [r for r in results if r.status == 200]
    assert done and all(r.status in (200, 409) for r in results), results
    assert len({r.data["ticket_id"] for r in done}) == 1
    assert len(tickets_of(fix, fix.wf)) == before + 1
    assert len(fix.flows(done[0].data["ticket_id"])) == 1
    r = fix.req("POST", T, body, "cre", headers={"Idempotency-Key": key})
    assert r.data == done[0].data and r.headers.get("idempotent-replayed") == "true"


def test_applications_reach_only_granted_workflows(fix):
    from lfclient import TENANT, signed_headers
    app_id, token = fix.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "field-app",
                                  "--type", "workflow_admin")
    as_app = signed_headers(app="field-app", token=token, email="cre@example.com")
    body = {"workflow_id": fix.wf, "action_id": fix.e["Submit"], "fields": {"custom_field_days": 5}}
    r = fix.srv.request("POST", T, body, headers=as_app)
    assert r.code == -1 and r.msg == "app has no permission to this workflow", r
    t = fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 5})
    as_mgr = signed_headers(app="field-app", token=token, email="mgr@example.com")
    handle = {"action_type": "agree", "action_id": fix.e["Approve"],
              "action_props": {"node_id": fix.n["Manager"]}}
    r = fix.srv.request("POST", "%s/%s/handle" % (T, t), handle, headers=as_mgr)
    assert r.code == -1 and r.msg == "app has no permission to this workflow", r
    fix.ok("POST", "/api/v1.0/accounts/applications/%s/workflows" % app_id,
           {"workflow_id_list": [fix.wf]})
    r = fix.srv.request("POST", T, body, headers=as_app)
    assert r.code == 0 and fix.ticket(r.data["ticket_id"])["creator_id"] == fix.ids["cre"], r
    r = fix.srv.request("POST", "%s/%s/handle" % (T, t), handle, headers=as_mgr)
    assert r.code == 0 and fix.ticket(t)["act_state"] == "finished", r


def test_other_tenants_find_no_ticket(fix):
    other = "00000000-0000-0000-0000-0000000000c3"
    fix.srv.lfctl("tenant", "create", "--name", "o", "--domain", "o.example", "--id", other)
    fix.srv.lfctl("user", "create", "--tenant", other, "--email", "boss@o.example", "--password",
                  "pw", "--type", "admin", "--iterations", "1000")
    boss = fix.srv.jwt_headers(fix.srv.login("boss@o.example", "pw"))
    t = fix.create(fix.wf, fix.e["Submit"], {"custom_field_days": 5})
    before = fix.state(t)
    r = fix.srv.request("POST", "%s/%s/handle" % (T, t),
                        {"action_type": "force_close", "action_props": {}}, headers=boss)
    assert r.code == -1 and r.msg == "ticket not found", r
    r = fix.srv.request("POST", T, {"workflow_id": fix.wf, "action_id": fix.e["Submit"],
                                    "fields": {"custom_field_days": 5}}, headers=boss)
    assert r.code == -1 and r.msg == "workflow not found", r
    assert fix.state(t) == before


def test_a_draft_edge_may_skip_the_required_check(fix):
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": {"days": "required", "title": "optional"}}),
         ("temp_m", "normal", "M", human("users", fix.ids["mgr"])), ("temp_e", "end", "E", {})],
        [("temp_save", "agree", "temp_s", "temp_s", {"skip_fields_required_check": True}),
         ("temp_go", "agree", "temp_s", "temp_m", {}),
         ("temp_ok", "agree", "temp_m", "temp_e", {})],
        name="Drafts")
    wf, n, e = fix.workflow(doc)
    t = fix.create(wf, e["temp_save"], {"title": "draft"})
    assert fix.ticket(t)["act_state"] == "in_draft" and fix.ticket(t)["title"] == "draft"
    assert fix.current(t) == {n["S"]: [fix.ids["cre"]]}
    fix.refused(t, n["S"], e["temp_go"], fields={"title": "x"}, contains="field days is required")
    fix.must(t, n["S"], e["temp_save"], fields={"title": "still a draft"})
    assert fix.ticket(t)["title"] == "still a draft"
    fix.must(t, n["S"], e["temp_go"], fields={"days": 2})
    assert fix.current(t) == {n["M"]: [fix.ids["mgr"]]}
    assert fix.ticket(t)["act_state"] == "on_going"


def test_naive_datetimes_are_read_in_the_configured_zone(fix):
    east = Fix(fix.srv.binary, extra_args=("--set", "time_zone=+08:00"))
    try:
        comps = [{"id": "temp_t", "type": "title", "component_key": "title", "component_name": "T",
                  "props": {"title_generate_mode": "manual"}},
                 {"id": "temp_w", "type": "datetime", "component_key": "when",
                  "component_name": "W", "props": {}}]
        doc = design([("temp_s", "start", "S", {"field_permissions": {"when": "required"}}),
                      ("temp_e", "end", "E", {})],
                     [("temp_1", "agree", "temp_s", "temp_e", {})], comps=comps, name="Zone")
        wf, _, e = east.workflow(doc)
        t = east.create(wf, e["temp_1"], {"when": "2024-01-02 03:04:05"})
        values = [v for k, v in east.dump("ticket_field") if t.replace("-", "") in k.hex()]
        assert values == [b'"2024-01-01T19:04:05Z"'], values
    finally:
        east.cleanup()


def test_tickets_follow_the_default_version_and_archived_versions_refuse(fix):
    wf, n, e = leave(fix, "Versioned")
    v2 = leave_request("v2", "Versioned")
    fix.ok("PATCH", "%s/%s" % (WF, wf), v2)
    vers = {v["name"]: v["id"] for v in
            fix.ok("GET", "%s/%s/versions" % (WF, wf))["version_info_list"]}
    full = fix.ok("GET", "%s/%s?version_name=v2" % (WF, wf))["workflow_full_defination"]
    submit2 = [x["id"] for x in full["process_schema"]["edge_info_list"] if x["name"] == "Submit"][0]
    # a candidate is reachable by name; the default is used without one
    t = fix.create(wf, submit2, {"custom_field_days": 1}, workflow_version="v2")
    assert fix.ticket(t)["version_id"] == vers["v2"]
    t = fix.create(wf, e["Submit"], {"custom_field_days": 1})
    assert fix.ticket(t)["version_id"] == vers["v1"]
    fix.ok("PATCH", "%s/%s/versions/%s" % (WF, wf, vers["v2"]), {"type": "default"})
    fix.ok("PATCH", "%s/%s/versions/%s" % (WF, wf, vers["v1"]), {"type": "archived"})
    t = fix.create(wf, submit2, {"custom_field_days": 1})
    assert fix.ticket(t)["version_id"] == vers["v2"]
    before = len(tickets_of(fix, wf))
    fix.fail("POST", T, {"workflow_id": wf, "action_id": e["Submit"], "workflow_version": "v1",
                         "fields": {"custom_field_days": 1}}, "cre", contains="archived")
    assert len(tickets_of(fix, wf)) == before


def test_in_place_save_keeps_nodes_that_open_tickets_sit_on(fix):
    wf, n, e = leave(fix, "Guarded")
    t = fix.create(wf, e["Submit"], {"custom_field_days": 5})
    assert list(fix.current(t)) == [n["Manager"]]
    doc = fix.ok("GET", "%s/%s" % (WF, wf))["workflow_full_defination"]
    proc = doc["process_schema"]
    proc["node_info_list"] = [x for x in proc["node_info_list"] if x["name"] != "Manager"]
    proc["edge_info_list"] = [x for x in proc["edge_info_list"] if x["name"] not in ("Approve", "Reject")]
    for x in proc["edge_info_list"]:
        if x["name"] == "long":
            x["target_node_id"] = n["End"]
    r = fix.req("PATCH", "%s/%s" % (WF, wf), doc)
    assert r.code == -1 and "new version" in r.msg, r
    assert n["Manager"] in [x["id"] for x in fix.ok("GET", "%s/%s" % (WF, wf))
                            ["workflow_full_defination"]["process_schema"]["node_info_list"]]
    # once the ticket has left the node, the same save goes through
    fix.act(t, n["Manager"], e["Approve"], who="mgr")
    fix.ok("PATCH", "%s/%s" % (WF, wf), doc)
