"""Assignee resolution and the assignee actions: whole votes, voluntary
pick-up, random, forward, consult, and every assignee source type."""
from ticketfix import A, T, Fix, design, human


def setup(binary):
    return Fix(binary)


def teardown(fix):
    fix.cleanup()


def one_step(fix, props, name, start_perms=None):
    """start -> H (props) -> end, with a reject edge back to start."""
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": start_perms or {"days": "optional",
                                                                        "who": "optional"}}),
         ("temp_h", "normal", "H", props), ("temp_e", "end", "E", {})],
        [("temp_1", "agree", "temp_s", "temp_h", {}), ("temp_2", "agree", "temp_h", "temp_e", {}),
         ("temp_3", "reject", "temp_h", "temp_s", {})], name=name)
    return fix.workflow(doc)


def test_whole_vote_all_agree_takes_the_last_voters_edge(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s" % (ids["v1"], ids["v2"]), "whole"), "Whole")
    t = fix.create(wf, e["temp_1"])
    assert fix.current(t) == {n["H"]: sorted([ids["v1"], ids["v2"]])}
    fix.must(t, n["H"], e["temp_2"], who="v1")
    assert fix.ticket(t)["act_state"] == "on_going"
    assert fix.current(t) == {n["H"]: [ids["v2"]]}
    row = fix.nodes(t)[0]
    assert row["all_assignee_result"] == {ids["v1"]: e["temp_2"], ids["v2"]: ""}
    rel = fix.relations(t)
    assert not rel[ids["v1"]]["as_assignee"] and rel[ids["v1"]]["as_processor"]
    fix.refused(t, n["H"], e["temp_2"], who="v1", contains="no permission")
    fix.must(t, n["H"], e["temp_2"], who="v2")
    assert fix.ticket(t)["act_state"] == "finished"
    assert [f["action_type"] for f in fix.flows(t)] == ["create", "agree", "agree"]


def test_whole_vote_one_reject_ends_the_vote(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s,%s" % (ids["v1"], ids["v2"], ids["v3"]),
                                   "whole"), "WholeReject")
    t = fix.create(wf, e["temp_1"])
    fix.must(t, n["H"], e["temp_2"], who="v1")
    fix.must(t, n["H"], e["temp_3"], kind="reject", who="v3")
    assert fix.ticket(t)["act_state"] == "rejected"
    assert fix.current(t) == {n["S"]: [ids["cre"]]}
    assert not fix.relations(t)[ids["v2"]]["as_assignee"]


def test_voluntary_accept_first_then_act(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s" % (ids["v1"], ids["v2"]), "voluntary"), "Vol")
    t = fix.create(wf, e["temp_1"])
    assert fix.nodes(t)[0]["in_accept_wait"]
    fix.refused(t, n["H"], e["temp_2"], who="v1", contains="accept wait")
    fix.refused(t, n["H"], kind="accept", who="norm", contains="no permission")
    fix.must(t, n["H"], kind="accept", who="v2", comment="mine")
    assert fix.current(t) == {n["H"]: [ids["v2"]]} and not fix.nodes(t)[0]["in_accept_wait"]
    rel = fix.relations(t)
    assert not rel[ids["v1"]]["as_assignee"] and rel[ids["v2"]]["as_processor"]
    acc = fix.flows(t)[-1]
    assert (acc["action_type"], acc["comment"]) == ("accept", "mine")
    fix.refused(t, n["H"], kind="accept", who="v2", contains="Node is not in accept wait status")
    fix.refused(t, n["H"], e["temp_2"], who="v1", contains="no permission")
    fix.must(t, n["H"], e["temp_2"], who="v2")
    assert fix.ticket(t)["act_state"] == "finished"


def test_random_picks_one(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s" % (ids["v1"], ids["v2"]), "random"), "Rnd")
    t = fix.create(wf, e["temp_1"])
    [who] = fix.current(t)[n["H"]]
    assert who in (ids["v1"], ids["v2"])


def test_forward(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s" % (ids["mgr"], ids["v1"])), "Fwd")
    t = fix.create(wf, e["temp_1"])
    fix.refused(t, n["H"], kind="forward", who="mgr", contains="target_assignee_id is required")
    fix.refused(t, n["H"], kind="forward", who="mgr", target_assignee_id="nope",
                contains="target assignee not found")
    fix.refused(t, n["H"], kind="forward", who="norm", target_assignee_id=ids["v2"],
                contains="no permission")
    fix.must(t, n["H"], kind="forward", who="mgr", target_assignee_id=ids["v2"], comment="yours")
    assert fix.current(t) == {n["H"]: sorted([ids["v1"], ids["v2"]])}
    f = fix.flows(t)[-1]
    assert (f["action_type"], f["comment"]) == ("forward", "yours")
    rel = fix.relations(t)
    assert not rel[ids["mgr"]]["as_assignee"] and rel[ids["v2"]]["assignee_node_ids"] == n["H"]
    fix.refused(t, n["H"], e["temp_2"], who="mgr", contains="no permission")
    fix.must(t, n["H"], e["temp_2"], who="v2")
    assert fix.ticket(t)["act_state"] == "finished"


def test_consult_and_consult_submit(fix):
    ids = fix.ids
    wf, n, e = one_step(fix, human("users", "%s,%s" % (ids["mgr"], ids["v1"])), "Consult")
    t = fix.create(wf, e["temp_1"])
    fix.must(t, n["H"], kind="consult", who="mgr", target_assignee_id=ids["v3"], comment="advise")
    row = fix.nodes(t)[0]
    assert row["in_consult"] and row["consult_from_id"] == ids["mgr"]
    assert row["consult_target_id"] == ids["v3"]
    assert fix.flows(t)[-1]["action_type"] == "consult"
    rel = fix.relations(t)
    assert rel[ids["v3"]]["as_consultant"] and rel[ids["v3"]]["as_assignee"]
    # in consult: no edge action, for anyone
    fix.refused(t, n["H"], e["temp_2"], who="v3", contains="consult")
    fix.refused(t, n["H"], kind="consult_submit", who="mgr", contains="no permission")
    fix.must(t, n["H"], kind="consult_submit", who="v3", comment="fine by me")
    assert fix.flows(t)[-1]["action_type"] == "consult_submit"
    assert not fix.nodes(t)[0]["in_consult"]
    # every co-assignee is back
    assert fix.current(t) == {n["H"]: sorted([ids["mgr"], ids["v1"]])}
    rel = fix.relations(t)
    assert rel[ids["v3"]]["as_processor"] and not rel[ids["v3"]]["as_assignee"]
    fix.refused(t, n["H"], kind="consult_submit", who="v3", contains="no permission")
    fix.must(t, n["H"], e["temp_2"], who="v1")


def test_assignee_sources(fix):
    ids = fix.ids
    sub = fix.ok("POST", A + "/depts", {"name": "Ops sub", "parent_dept_id": fix.dept})["dept_id"]
    fix.person("deep", dept_id_list=[sub])
    role = fix.ok("POST", A + "/roles", {"name": "checkers", "description": ""})["role_id"]
    fix.ok("POST", A + "/roles/%s/users" % role, {"user_ids": [ids["v1"], ids["v2"]]})
    cases = [
        (human("depts", fix.dept), sorted([ids["cre"], ids["deep"]])),
        (human("roles", role), sorted([ids["v1"], ids["v2"]])),
        (human("variables", "creator"), [ids["cre"]]),
        (human("variables", "dept_approver"), [ids["mgr"]]),
        (human("ticket_field", "who"), sorted([ids["v2"], ids["v3"]])),
    ]
    for i, (props, want) in enumerate(cases):
        wf, n, e = one_step(fix, props, "Src%d" % i)
        t = fix.create(wf, e["temp_1"], {"who": "%s,%s" % (ids["v2"], ids["v3"])})
        assert fix.current(t) == {n["H"]: want}, (props, fix.current(t), want)
        assert fix.nodes(t)[0]["assignee_type"] == "users"
    # the parent's stored field
    pwf, _, pe = one_step(fix, human("users", ids["v2"]), "SrcParentOf")
    parent = fix.create(pwf, pe["temp_1"], {"who": ids["v1"]}, who="v2")
    wf, n, e = one_step(fix, human("parent_ticket_field", "who"), "SrcParent")
    # without a parent nobody is found
    fix.fail("POST", T, {"workflow_id": wf, "action_id": e["temp_1"], "fields": {}}, "cre",
             "has no assignee")
    child = fix.create(wf, e["temp_1"], {"who": ids["v3"]}, parent_ticket_id=parent)
    assert fix.current(child) == {n["H"]: [ids["v1"]]}


def test_unresolvable_assignees_are_refused(fix):
    for props, text in ((human("external", "http://127.0.0.1:9/x"),
                         "external assignees are not available yet"),
                        (human("ticket_field", "who"), "has no assignee"),
                        (human("users", "00000000-0000-0000-0000-0000000000aa"), "has no assignee"),
                        (human("variables", "nobody"), "unknown assignee variable")):
        wf, n, e = one_step(fix, props, "Bad" + text[:5] + props["assignee_type"])
        body = {"workflow_id": wf, "action_id": e["temp_1"], "fields": {}}
        fix.fail("POST", T, body, "cre", text)
    # a user field naming nobody is refused before any routing
    wf, n, e = one_step(fix, human("ticket_field", "who"), "BadUser")
    fix.fail("POST", T, {"workflow_id": wf, "action_id": e["temp_1"],
                         "fields": {"who": "00000000-0000-0000-0000-0000000000aa"}}, "cre", "who")


def test_nobody_at_a_later_node_refuses_the_action_and_changes_nothing(fix):
    ids = fix.ids
    doc = design(
        [("temp_s", "start", "S", {"field_permissions": {"days": "optional", "who": "optional"}}),
         ("temp_a", "normal", "A", human("users", ids["mgr"])),
         ("temp_b", "normal", "B", human("ticket_field", "who")), ("temp_e", "end", "E", {})],
        [("temp_1", "agree", "temp_s", "temp_a", {}), ("temp_2", "agree", "temp_a", "temp_b", {}),
         ("temp_3", "agree", "temp_b", "temp_e", {})], name="LaterNobody")
    wf, n, e = fix.workflow(doc)
    t = fix.create(wf, e["temp_1"], {"days": 3})
    fix.refused(t, n["A"], e["temp_2"], who="mgr", contains="node B has no assignee")
    assert fix.current(t) == {n["A"]: [ids["mgr"]]}
