"""Parallel branches with multi-node branches and the merge node, and the
admin actions (force_forward, force_close, force_alter_node) by an admin,
by a dispatcher, and refused to a normal user."""
from test_workflows import leave_request

from ticketfix import Fix, parallel


def setup(binary):
    fix = Fix(binary)
    fix.pwf, fix.pn, fix.pe = parallel(fix)
    doc = leave_request("v1", "Dispatched")
    doc["advanced_schema"]["permission_info"]["dispatcher_id_list"] = [fix.ids["disp"]]
    fix.lwf, fix.ln, fix.le = fix.workflow(doc)
    return fix


def teardown(fix):
    fix.cleanup()


def test_branches_run_to_the_merge_node(fix):
    n, e, me = fix.pn, fix.pe, [fix.ids["cre"]]
    t = fix.create(fix.pwf, e["temp_1"], {"title": "buy", "amount": "12", "note": "ro",
                                          "internal": "hidden", "unknown": 1})
    assert fix.ticket(t)["title"] == "buy"
    assert fix.current(t) == {n["A1"]: me, n["B1"]: me}
    assert all(r["in_parallel"] and r["parallel_node_id"] == n["Split"] for r in fix.nodes(t))
    assert fix.ticket(t)["act_state"] == "on_going"
    fix.must(t, n["A1"], e["temp_4"], fields={"amount": "13"})
    assert fix.current(t) == {n["B1"]: me, n["A2"]: me}
    # only the keys editable at the node are stored: amount is readonly at A1
    data = fix.flows(t)[-1]["ticket_data"]
    assert data["amount"] == "12" and data["title"] == "buy"
    assert "note" not in data and "internal" not in data and "unknown" not in data
    assert all(r["in_parallel"] for r in fix.nodes(t))
    fix.must(t, n["A2"], e["temp_6"])
    # branch A has arrived: it ends there, the merge waits for B
    assert fix.current(t) == {n["B1"]: me}
    fix.refused(t, n["Join"], e["temp_9"], contains="no permission")
    fix.must(t, n["B1"], e["temp_7"])
    assert fix.current(t) == {n["B2"]: me}
    fix.refused(t, n["Join"], e["temp_9"], contains="no permission")
    fix.must(t, n["B2"], e["temp_8"])
    assert fix.current(t) == {n["Join"]: me}
    assert not fix.nodes(t)[0]["in_parallel"]
    assert fix.relations(t)[fix.ids["cre"]]["assignee_node_ids"] == n["Join"]
    fix.must(t, n["Join"], e["temp_9"])
    assert fix.ticket(t)["act_state"] == "finished"
    assert not any(t.replace("-", "") in k for k in fix.open_index())


def test_reject_out_of_a_branch_cancels_the_siblings(fix):
    n, e = fix.pn, fix.pe
    t = fix.create(fix.pwf, e["temp_1"], {"title": "buy"})
    fix.must(t, n["B1"], e["temp_7"])
    fix.must(t, n["A1"], e["temp_5"], kind="reject")
    assert fix.current(t) == {n["Start"]: [fix.ids["cre"]]}
    assert fix.ticket(t)["act_state"] == "rejected"
    assert not fix.nodes(t)[0]["in_parallel"]
    index = [k for k in fix.open_index() if t.replace("-", "") in k]
    assert len(index) == 1 and n["Start"].replace("-", "") in index[0]
    # resubmitting needs the required title in the request, non-empty
    fix.refused(t, n["Start"], e["temp_1"], fields={}, contains="field title is required")
    fix.refused(t, n["Start"], e["temp_1"], fields={"title": ""},
                contains="field title is required")
    # resubmitted: both branches start again
    fix.must(t, n["Start"], e["temp_1"], fields={"title": "buy again"})
    assert set(fix.current(t)) == {n["A1"], n["B1"]}
    assert fix.ticket(t)["title"] == "buy again"


def test_required_title_on_create(fix):
    body = {"workflow_id": fix.pwf, "action_id": fix.pe["temp_1"], "fields": {"title": "  "}}
    fix.fail("POST", "/api/v1.0/tickets", body, "cre", "field title is required")


def test_force_close_by_admin(fix):
    n, e = fix.pn, fix.pe
    t = fix.create(fix.pwf, e["temp_1"], {"title": "close me"})
    fix.refused(t, n["A1"], kind="force_close", who="cre", contains="no permission")
    r = fix.req("POST", "/api/v1.0/tickets/%s/handle" % t,
                {"action_type": "force_close", "action_props": {"comment": "stop"}})
    assert r.code == 0, r
    assert fix.ticket(t)["act_state"] == "closed"
    assert list(fix.current(t)) == [n["End"]]
    last = fix.flows(t)[-1]
    assert (last["action_type"], last["node_id"], last["comment"]) == \
        ("force_close", n["End"], "stop")
    assert not any(r["as_assignee"] for r in fix.relations(t).values())
    assert not any(t.replace("-", "") in k for k in fix.open_index())
    fix.refused(t, n["A1"], e["temp_4"], contains="no permission")


def test_force_forward_by_admin_and_dispatcher(fix):
    n, e, ids = fix.ln, fix.le, fix.ids
    t = fix.create(fix.lwf, e["Submit"], {"custom_field_days": 5})
    fix.refused(t, n["Manager"], kind="force_forward", who="norm", target_assignee_id=ids["v1"],
                contains="no permission")
    fix.refused(t, n["Manager"], kind="force_forward", who="mgr", target_assignee_id=ids["v1"],
                contains="no permission")
    fix.must(t, n["Manager"], kind="force_forward", who=None, target_assignee_id=ids["v1"])
    assert fix.current(t) == {n["Manager"]: [ids["v1"]]}
    fix.must(t, n["Manager"], kind="force_forward", who="disp", target_assignee_id=ids["v2"],
             comment="you now")
    assert fix.current(t) == {n["Manager"]: [ids["v2"]]}
    f = fix.flows(t)[-1]
    assert (f["action_type"], f["processor"], f["comment"]) == \
        ("force_forward", ids["disp"], "you now")
    fix.refused(t, n["Manager"], e["Approve"], who="v1", contains="no permission")
    fix.must(t, n["Manager"], e["Approve"], who="v2")
    assert fix.ticket(t)["act_state"] == "finished"


def test_force_alter_node_and_close_by_dispatcher(fix):
    n, e, ids = fix.ln, fix.le, fix.ids
    t = fix.create(fix.lwf, e["Submit"], {"custom_field_days": 5})
    fix.refused(t, n["Manager"], kind="force_alter_node", who="norm", target_node_id=n["Start"],
                contains="no permission")
    fix.refused(t, n["Manager"], kind="force_alter_node", who="disp",
                contains="target_node_id is required")
    fix.must(t, n["Manager"], kind="force_alter_node", who="disp", target_node_id=n["Start"],
             comment="back")
    assert fix.current(t) == {n["Start"]: [ids["cre"]]}
    assert fix.ticket(t)["act_state"] == "in_draft"
    f = fix.flows(t)[-1]
    assert (f["action_type"], f["node_id"], f["ticket_data"]) == \
        ("force_alter_node", n["Manager"], {})
    # onto the gateway: it cascades to the manager again
    fix.must(t, n["Start"], kind="force_alter_node", who="disp", target_node_id=n["Route"])
    assert fix.current(t) == {n["Manager"]: [ids["mgr"]]}
    fix.must(t, n["Manager"], kind="force_close", who="disp")
    assert fix.ticket(t)["act_state"] == "closed"
    fix.refused(t, n["End"], kind="force_close", who="disp", contains="already finished or closed")
    assert ids["disp"] in fix.relations(t) and fix.relations(t)[ids["disp"]]["as_processor"]
