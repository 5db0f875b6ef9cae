"""Where two areas meet: workflow saves against the organisation (departments
that exist), save-time checks by the same condition evaluator the engine runs,
and deletes that leave no grants or tokens behind."""
import copy

from lfclient import TENANT, Server, signed_headers
from orgfix import OTHER_TENANT
from test_workflows import leave_request

WF = "/api/v1.0/workflows"
A = "/api/v1.0/accounts"


class Ctx:
    pass


def setup(binary):
    srv = Server(binary).start()
    ctx = Ctx()
    ctx.srv = srv
    ctx.admin = srv.jwt_headers(srv.login())
    srv.lfctl("tenant", "create", "--name", "other", "--domain", "other.example",
              "--id", OTHER_TENANT)
    srv.lfctl("user", "create", "--tenant", OTHER_TENANT, "--email", "o@example.com",
              "--password", "pw", "--type", "admin", "--iterations", "1000")
    ctx.other = srv.jwt_headers(srv.login("o@example.com", "pw"))
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


def call(ctx, method, path, body=None, who=None):
    return ctx.srv.request(method, path, body, headers=who or ctx.admin)


def ok(r):
    assert r.status == 200 and r.code == 0, r
    return r.data


def refused(r, *words):
    assert r.status == 200 and r.code == -1 and r.data == {}, r
    for w in words:
        assert w in r.msg, (w, r.msg)
    return r.msg


def with_viewer_depts(ids, name="Depts"):
    doc = leave_request("v1", name)
    doc["advanced_schema"]["permission_info"]["viewer_dept_id_list"] = ids
    return doc


def test_viewer_departments_must_exist_in_the_tenant(ctx):
    mine = ok(call(ctx, "POST", A + "/depts", {"name": "Ops", "parent_dept_id": ""}))["dept_id"]
    theirs = ok(call(ctx, "POST", A + "/depts", {"name": "Far", "parent_dept_id": ""},
                     ctx.other))["dept_id"]
    ghost = "5c9e6f3e-0000-4000-8000-0000000000d1"
    for bad in (ghost, theirs, "not-a-uuid"):
        refused(call(ctx, "POST", WF, with_viewer_depts([mine, bad])), "viewer_dept_id_list",
                "department '%s' not found" % bad)
    wf = ok(call(ctx, "POST", WF, with_viewer_depts([mine])))["workflow_id"]
    got = ok(call(ctx, "GET", "%s/%s" % (WF, wf)))["workflow_full_defination"]
    assert got["advanced_schema"]["permission_info"]["viewer_dept_id_list"] == [mine]
    # a department deleted later leaves the list (one deleted alone, one in a batch)
    other = ok(call(ctx, "POST", A + "/depts", {"name": "Ops2", "parent_dept_id": ""}))["dept_id"]
    doc = with_viewer_depts([mine, other])
    doc["basic_info"]["version"] = "v2"
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf), doc))
    ok(call(ctx, "DELETE", A + "/depts/" + mine))
    ok(call(ctx, "DELETE", A + "/depts", {"dept_id_list": [other]}))
    for v in ("v1", "v2"):
        got = ok(call(ctx, "GET", "%s/%s?version_name=%s" % (WF, wf, v)))
        assert got["workflow_full_defination"]["advanced_schema"]["permission_info"][
            "viewer_dept_id_list"] == [], (v, got)
    refused(call(ctx, "PATCH", "%s/%s" % (WF, wf), doc), "department '%s' not found" % mine)


def test_deleted_users_leave_workflow_permission_lists(ctx):
    def user(email):
        return ok(call(ctx, "POST", A + "/users", {
            "name": email.split("@")[0], "alias": "", "email": email, "phone": "",
            "type": "workflow_admin", "is_active": True, "dept_id_list": []}))["user_id"]
    gone, batch, stays = user("gone@example.com"), user("batch@example.com"), \
        user("stays@example.com")
    doc = leave_request("v1", "People")
    doc["advanced_schema"]["permission_info"] = {
        "admin_id_list": [gone, stays], "dispatcher_id_list": [batch],
        "viewer_id_list": [stays, gone, batch], "viewer_dept_id_list": []}
    wf = ok(call(ctx, "POST", WF, doc))["workflow_id"]
    ok(call(ctx, "DELETE", A + "/users/" + gone))
    ok(call(ctx, "DELETE", A + "/users", {"user_id_list": [batch]}))
    got = ok(call(ctx, "GET", "%s/%s" % (WF, wf)))["workflow_full_defination"]
    assert got["advanced_schema"]["permission_info"] == {
        "admin_id_list": [stays], "dispatcher_id_list": [], "viewer_id_list": [stays],
        "viewer_dept_id_list": []}, got["advanced_schema"]["permission_info"]
    # the design as read back saves again in place
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf), got))


def with_condition(props, edge=1):
    doc = leave_request("v1", "Cond")
    doc["process_schema"]["edge_info_list"][edge]["props"] = props
    return doc


def test_malformed_conditions_are_refused_on_save_naming_the_edge(ctx):
    good = {"id": "c1", "field_type": "number", "field_name": "custom_field_days",
            "operator": ">", "value": "3"}
    bad_groups = [
        ([{"id": "g", "conditions": [dict(good, value={"n": 3})]}], "value"),
        ([{"id": "g", "conditions": [dict(good, operator="=~")]}], "operator"),
        ([{"id": "g", "conditions": [dict(good, field_name=7)]}], "field_name"),
        ([{"id": "g", "conditions": [good, "x"]}], "condition 2"),
        ([{"id": "g", "conditions": [good]}, []], "condition group 2"),
        ({"conditions": [good]}, "must be a list"),
        ([{"id": "g", "when": [good]}], "conditions"),
        ([{"id": "g", "conditions": [dict(good, field_name="")]}], "field_name"),
    ]
    for groups, word in bad_groups:
        msg = refused(call(ctx, "POST", WF, with_condition({"condition_groups": groups})),
                      "edge.conditionInvalid", "edge 'long'", word)
        assert msg.startswith("Request data is invalid:"), msg
    for expr, word in (("{custom_field_days} >", "offset"), ("({a} == 1", "offset"),
                       ("{a} =~ 'x'", "offset"), ("__import__('os')", "offset")):
        refused(call(ctx, "POST", WF, with_condition({"condition_expression": expr})),
                "edge.conditionExpressionInvalid", "edge 'long'", word)
    refused(call(ctx, "POST", WF, with_condition({"condition_expression": 42})),
            "edge 'long'", "must be a string")
    # what the evaluator accepts is saved
    ok(call(ctx, "POST", WF, with_condition(
        {"condition_expression": "{custom_field_days} > 3 and not {custom_field_days} >= 30"})))
    ok(call(ctx, "POST", WF, with_condition(
        {"condition_groups": [{"id": "g", "conditions": [dict(good, value=3)]}]})))


def granted(ctx, app_id):
    return ok(call(ctx, "GET", "%s/applications/%s/workflows" % (A, app_id)))["total"]


def apps_of(ctx, wf):
    d = ok(call(ctx, "GET", "%s/%s" % (WF, wf)))["workflow_full_defination"]
    return d["advanced_schema"]["customization_info"]["authorized_app_id_list"]


def test_deleting_an_application_revokes_its_workflow_grants(ctx):
    wf1 = ok(call(ctx, "POST", WF, leave_request("v1", "Grant one")))["workflow_id"]
    wf2 = ok(call(ctx, "POST", WF, leave_request("v1", "Grant two")))["workflow_id"]
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf1), leave_request("v2", "Grant one")))
    assert len(ok(call(ctx, "GET", "%s/%s/versions" % (WF, wf1)))["version_info_list"]) == 2
    a1, t1 = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "dev-one",
                           "--type", "workflow_admin")
    a2, _ = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "dev-two",
                          "--type", "workflow_admin")
    a3, _ = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "dev-three",
                          "--type", "workflow_admin")
    for app in (a1, a2, a3):
        ok(call(ctx, "POST", "%s/applications/%s/workflows" % (A, app),
                {"workflow_id_list": [wf1, wf2]}))
    assert sorted(apps_of(ctx, wf1)) == sorted([a1, a2, a3])
    ok(call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf1),
            who=signed_headers(app="dev-one", token=t1)))
    ok(call(ctx, "DELETE", "%s/applications/%s" % (A, a1)))
    ok(call(ctx, "DELETE", A + "/applications", {"application_id_list": [a2]}))
    for wf in (wf1, wf2):
        assert apps_of(ctx, wf) == [a3], apps_of(ctx, wf)
    assert granted(ctx, a3) == 2
    # a new application under the old name starts with no grants
    a4, t4 = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "dev-one",
                           "--type", "workflow_admin")
    assert granted(ctx, a4) == 0
    r = call(ctx, "GET", "%s/%s/ticket_creation_form" % (WF, wf1),
             who=signed_headers(app="dev-one", token=t4))
    refused(r, "workflow is not existed")


def test_search_value_matches_alike_in_every_list(ctx):
    """One matcher (case-insensitive substring) for accounts and workflows."""
    wf = ok(call(ctx, "POST", WF, leave_request("Quarter-V1", "MiXeD Case Flow")))["workflow_id"]
    app, _ = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "MiXeD-app",
                           "--type", "workflow_admin")
    ok(call(ctx, "POST", "%s/applications/%s/workflows" % (A, app), {"workflow_id_list": [wf]}))
    ok(call(ctx, "POST", A + "/roles", {"name": "MiXeD role"}))
    for path, key in ((WF, "workflow_info_list"), ("/api/v1.0/simple_workflows",
                                                    "workflow_info_list"),
                      ("%s/%s/versions" % (WF, wf), "version_info_list"),
                      ("%s/applications/%s/workflows" % (A, app), "workflow_info_list"),
                      (A + "/applications", "application_list"), (A + "/roles", "role_list")):
        needle = "quarter-v" if "versions" in path else "mixed"
        got = ok(call(ctx, "GET", path + "?search_value=" + needle))[key]
        assert len(got) == 1, (path, got)
        assert ok(call(ctx, "GET", path + "?search_value=nomatch"))[key] == [], path


def test_a_page_past_the_end_serves_the_last_page_in_every_list(ctx):
    """Upstream's paginator clamps; accounts lists did, workflow lists did not."""
    wf = ok(call(ctx, "POST", WF, leave_request("pg1", "Paging flow")))["workflow_id"]
    ok(call(ctx, "PATCH", "%s/%s" % (WF, wf), leave_request("pg2", "Paging flow")))
    app, _ = ctx.srv.lfctl("app", "create", "--tenant", TENANT, "--name", "paging-app",
                           "--type", "workflow_admin")
    ok(call(ctx, "POST", "%s/applications/%s/workflows" % (A, app), {"workflow_id_list": [wf]}))
    for path, key in ((WF + "?search_value=paging", "workflow_info_list"),
                      ("/api/v1.0/simple_workflows?search_value=paging", "workflow_info_list"),
                      ("%s/%s/versions?search_value=pg" % (WF, wf), "version_info_list"),
                      ("%s/applications/%s/workflows?search_value=" % (A, app),
                       "workflow_info_list"),
                      (A + "/applications?search_value=paging", "application_list"),
                      (A + "/users?search_value=admin", "user_info_list")):
        first = ok(call(ctx, "GET", path + "&page=1&per_page=1"))
        past = ok(call(ctx, "GET", path + "&page=9&per_page=1"))
        total = first["total"]
        assert total >= 1 and past["total"] == total and past["page"] == 9, (path, past)
        last = ok(call(ctx, "GET", path + "&page=%d&per_page=1" % total))
        assert past[key] == last[key] and len(past[key]) == 1, (path, past, last)
