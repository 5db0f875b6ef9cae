"""The upstream web UI's calls (WEB_UI_CLIENT.md §2: users, departments,
roles, applications, tenant, profile, manage, workflows) replayed as its
axios client sends them: snake_cased bodies, its query spellings (arrays as
key[]=, booleans as true/false, empty strings kept, page+1 where the UI adds
it), Bearer JWT only. Each must succeed with the keys the UI reads."""
from urllib.parse import quote

from lfclient import TENANT, Server
from test_workflows import leave_request

A = "/api/v1.0/accounts"
M = "/api/v1.0/manage"
WF = "/api/v1.0/workflows"


def axios_query(params):
    """axios' default params serializer: arrays as key[]=v, undefined dropped."""
    parts = []
    for k, v in params.items():
        if v is None:
            continue
        for item in (v if isinstance(v, list) else [v]):
            key = k + "[]" if isinstance(v, list) else k
            if isinstance(item, bool):
                item = "true" if item else "false"
            parts.append("%s=%s" % (key, quote(str(item), safe="")))
    return ("?" + "&".join(parts)) if parts else ""


class Ui:
    """One signed-in browser: the jwtToken cookie turned into a Bearer header."""

    def __init__(self, srv, email, password):
        self.srv = srv
        r = srv.request("POST", "/api/v1.0/login", {"email": email, "password": password})
        assert r.code == 0 and r.data["jwt"], r
        self.headers = {"Authorization": "Bearer " + r.data["jwt"],
                        "Content-Type": "application/json"}

    def call(self, method, path, params=None, body=None, keys=()):
        r = self.srv.request(method, path + axios_query(params or {}), body,
                             headers=self.headers)
        assert r.status == 200 and r.code == 0, (method, path, params, body, r)
        assert list(r.json) == ["code", "data", "msg"], r
        for k in keys:
            assert k in r.data, (method, path, k, r)
        return r.data


class Ctx:
    pass


def setup(binary):
    srv = Server(binary).start()
    ctx = Ctx()
    ctx.srv = srv
    srv.lfctl("user", "create", "--tenant", TENANT, "--email", "ui-user@example.com",
              "--password", "pw-1", "--type", "normal", "--iterations", "1000")
    ctx.admin = Ui(srv, "admin@example.com", "admin-pass-1")
    ctx.user = Ui(srv, "ui-user@example.com", "pw-1")
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


PAGED = ("per_page", "page", "total")


def test_profile_and_tokens(ctx):
    ui = ctx.user
    p = ui.call("GET", A + "/my_profile", keys=("my_profile",))["my_profile"]
    for k in ("name", "alias", "email", "phone", "avatar", "lang", "dept_info_list"):
        assert k in p, (k, p)
    ui.call("PATCH", A + "/my_profile", body={"lang": "en"})
    assert ui.call("GET", A + "/my_profile")["my_profile"]["lang"] == "en"
    ui.call("POST", A + "/users/change_password",
            body={"source_password": "pw-1", "new_password": "pw-2", "new_password_again": "pw-2"})
    ctx.user = ui = Ui(ctx.srv, "ui-user@example.com", "pw-2")
    made = ui.call("POST", A + "/personal_access_tokens",
                   body={"label": "laptop", "expires_in_days": 30}, keys=("id", "token"))
    got = ui.call("GET", A + "/personal_access_tokens",
                  keys=("personal_access_token_list",))["personal_access_token_list"]
    assert [t["id"] for t in got] == [made["id"]] and not got[0]["revoked"], got
    ui.call("DELETE", A + "/personal_access_tokens/" + made["id"])
    got = ui.call("GET", A + "/personal_access_tokens")["personal_access_token_list"]
    assert got[0]["revoked"], got


def test_departments(ctx):
    ui = ctx.admin
    me = ui.call("GET", A + "/simple_users", {"search_value": "admin", "user_ids": "", "page": 1,
                                               "per_page": 100}, keys=("user_info_list",) + PAGED)
    admin_id = me["user_info_list"][0]["id"]
    top = ui.call("POST", A + "/depts", body={"name": "UI Top", "parent_dept_id": "",
                                              "leader_id": admin_id,
                                              "approver_id_list": [admin_id]},
                  keys=("dept_id",))["dept_id"]
    sub = ui.call("POST", A + "/depts", body={"name": "UI Sub", "parent_dept_id": top,
                                              "leader_id": admin_id, "approver_id_list": []},
                  keys=("dept_id",))["dept_id"]
    tree = ui.call("GET", A + "/depts_tree", {"is_simple": True}, keys=("dept_list",))["dept_list"]
    assert len(tree) == 1 and tree[0]["children"], tree
    assert any(n["id"] == top and n["children"][0]["id"] == sub for n in tree[0]["children"])
    simple = ui.call("GET", A + "/simple_depts_tree", {"search_value": "UI"},
                     keys=("dept_list",))["dept_list"]
    assert simple and "children" in simple[0], simple
    ui.call("PATCH", A + "/depts/" + sub, body={"name": "UI Sub 2", "parent_dept_id": top,
                                                "leader_id": admin_id,
                                                "approver_id_list": [admin_id]})
    info = ui.call("GET", A + "/depts/" + sub, keys=("dept_info",))["dept_info"]
    assert info["name"] == "UI Sub 2", info
    paths = ui.call("GET", A + "/dept_paths", {"search_value": "", "dept_ids": sub, "page": 1,
                                               "per_page": 100},
                    keys=("dept_path_list",))["dept_path_list"]
    assert [p["path"] for p in paths] == ["UI Top-UI Sub 2"], paths
    one = ui.call("GET", A + "/dept_paths/" + sub, keys=("dept_path",))["dept_path"]
    assert one["id"] == sub and one["path"] == "UI Top-UI Sub 2", one
    ui.call("PATCH", A + "/depts/%s/parent_dept" % sub, body={"parent_dept_id": ""})
    ui.call("DELETE", A + "/depts/" + sub)
    ctx.dept = top


def test_users(ctx):
    ui = ctx.admin
    uid = ui.call("POST", A + "/users", body={
        "name": "ui-new", "alias": "New", "email": "ui-new@example.com", "phone": "123",
        "password": "pw-new-1", "password1": "pw-new-1", "type": "normal", "is_active": True,
        "dept_id_list": [ctx.dept]}, keys=("user_id",))["user_id"]
    lst = ui.call("GET", A + "/users", {"search_value": "ui-new", "dept_id": ctx.dept,
                                        "per_page": 10, "page": 1},
                  keys=("user_info_list",) + PAGED)
    assert [u["id"] for u in lst["user_info_list"]] == [uid], lst
    assert lst["user_info_list"][0]["dept_info_list"][0]["id"] == ctx.dept
    info = ui.call("GET", A + "/users/" + uid, keys=("user_info",))["user_info"]
    assert info["email"] == "ui-new@example.com" and info["dept_info_list"], info
    ui.call("PATCH", A + "/users/" + uid, body={
        "name": "ui-new", "alias": "Renamed", "email": "ui-new@example.com", "phone": "456",
        "type": "workflow_admin", "is_active": True, "dept_id_list": [ctx.dept]})
    assert ui.call("GET", A + "/users/" + uid)["user_info"]["alias"] == "Renamed"
    by_ids = ui.call("GET", A + "/users/by_ids", {"user_ids": [uid]},
                     keys=("user_info_list",))["user_info_list"]
    assert [u["id"] for u in by_ids] == [uid], by_ids
    simple = ui.call("GET", A + "/simple_users", {"search_value": "", "user_ids": uid, "page": 1,
                                                  "per_page": 100})["user_info_list"]
    assert [u["id"] for u in simple] == [uid], simple
    # the reset button sends no body; the new password is handed back once
    r = ctx.srv.request("POST", A + "/users/%s/reset_password" % uid, headers=ui.headers)
    assert r.code == 0 and r.data["password"], r
    Ui(ctx.srv, "ui-new@example.com", r.data["password"])
    ctx.new_user = uid


def test_roles(ctx):
    ui = ctx.admin
    rid = ui.call("POST", A + "/roles", body={"name": "ui-role", "description": "d"},
                  keys=("role_id",))["role_id"]
    lst = ui.call("GET", A + "/roles", {"search_value": "ui-", "page": 0 + 1, "per_page": 10},
                  keys=("role_list",) + PAGED)
    assert [r["id"] for r in lst["role_list"]] == [rid], lst
    simple = ui.call("GET", A + "/simple_roles", {"search_value": "", "role_ids": rid,
                                                  "page": 1, "per_page": 10},
                     keys=("role_info_list",) + PAGED)["role_info_list"]
    assert [r["id"] for r in simple] == [rid], simple
    ui.call("PATCH", A + "/roles/" + rid, body={"name": "ui-role-2", "description": "e"})
    assert ui.call("GET", A + "/roles/" + rid, keys=("role_info",))["role_info"]["name"] == \
        "ui-role-2"
    ui.call("POST", A + "/roles/%s/users" % rid, body={"user_ids": [ctx.new_user]})
    users = ui.call("GET", A + "/roles/%s/users" % rid, {"search_value": "", "page": 1,
                                                         "per_page": 10},
                    keys=("user_info_list",) + PAGED)["user_info_list"]
    assert [u["id"] for u in users] == [ctx.new_user], users
    roles = ui.call("GET", A + "/users/%s/roles" % ctx.new_user, keys=("role_list",))["role_list"]
    assert [r["id"] for r in roles] == [rid], roles
    ui.call("DELETE", A + "/roles/%s/users" % rid, body={"user_ids": [ctx.new_user]})
    assert ui.call("GET", A + "/roles/%s/users" % rid)["total"] == 0
    ui.call("DELETE", A + "/roles/" + rid)


def test_tenant(ctx):
    ui = ctx.admin
    t = ui.call("GET", A + "/tenants/" + TENANT, keys=("tenant_info",))["tenant_info"]
    for k in ("id", "name", "domain", "logo_path", "workflow_limit", "ticket_limit", "is_active"):
        assert k in t, (k, t)
    # on start-up, before sign-in, with window.location.hostname
    r = ctx.srv.request("GET", A + "/tenants/by_domain?domain=localhost")
    assert r.code == 0 and r.data["tenant_info"]["id"] == TENANT, r


def test_workflows(ctx):
    ui = ctx.admin
    wf = ui.call("POST", WF, body=leave_request("v1", "UI flow"), keys=("workflow_id",))[
        "workflow_id"]
    for path in (WF, "/api/v1.0/simple_workflows"):
        lst = ui.call("GET", path, {"search_value": "UI flow", "page": 1, "per_page": 10},
                      keys=("workflow_info_list",) + PAGED)["workflow_info_list"]
        assert lst and lst[0]["workflow_id"] == wf, lst
    doc = ui.call("GET", WF + "/" + wf, {"version_name": "v1"},
                  keys=("workflow_full_defination",))["workflow_full_defination"]
    assert doc["basic_info"]["version"] == "v1", doc
    ui.call("PATCH", WF + "/" + wf, body=doc)
    ui.call("PATCH", WF + "/" + wf, body=leave_request("v2", "UI flow"))
    vers = ui.call("GET", WF + "/%s/versions" % wf, {"search_value": "", "page": 1,
                                                      "per_page": 10},
                   keys=("version_info_list",) + PAGED)["version_info_list"]
    assert sorted(v["name"] for v in vers) == ["v1", "v2"], vers
    v1 = [v for v in vers if v["name"] == "v1"][0]
    ui.call("PATCH", WF + "/%s/versions/%s" % (wf, v1["id"]),
            body={"name": "v1", "description": "first", "type": "default"})
    got = ui.call("GET", WF + "/%s/versions/%s" % (wf, v1["id"]))
    assert got["id"] == v1["id"] and got["description"] == "first", got
    form = ui.call("GET", WF + "/%s/ticket_creation_form" % wf, {"version_name": "v1"},
                   keys=("form_schema",))["form_schema"]
    assert "component_info_list" in form, form
    acts = ui.call("GET", WF + "/%s/ticket_creation_actions" % wf, {"version_name": "v1"},
                   keys=("actions",))["actions"]
    assert [a["name"] for a in acts] == ["Submit"], acts
    ps = ui.call("GET", WF + "/%s/process_single_schema" % wf, {"version_id": v1["id"]},
                 keys=("process_schema",))["process_schema"]
    assert "node_info_list" in ps and "edge_info_list" in ps, ps
    ctx.wf = wf


def test_applications(ctx):
    ui = ctx.admin
    # the dialog's radio button says workflowAdmin
    aid = ui.call("POST", A + "/applications", body={"name": "ui-app", "description": "d",
                                                     "type": "workflowAdmin"},
                  keys=("application_id",))["application_id"]
    lst = ui.call("GET", A + "/applications", {"search_value": "ui-", "page": 0 + 1,
                                               "per_page": 10, "type": ""},
                  keys=("application_list",) + PAGED)["application_list"]
    assert [a["id"] for a in lst] == [aid] and lst[0]["token"], lst
    simple = ui.call("GET", A + "/simple_applications",
                     {"search_value": "", "app_ids": "", "page": 1, "per_page": 1000,
                      "type": "workflow_admin"}, keys=("application_list",))["application_list"]
    assert aid in [a["id"] for a in simple], simple
    info = ui.call("GET", A + "/applications/" + aid, keys=("application_info",))[
        "application_info"]
    assert info["type"] == "workflow_admin", info
    base = A + "/applications/%s/workflows" % aid
    ui.call("POST", base, body={"workflow_ids": [ctx.wf]})
    got = ui.call("GET", base, {"search_value": "", "page": 1, "per_page": 10},
                  keys=("workflow_info_list",) + PAGED)
    assert [w["workflow_id"] for w in got["workflow_info_list"]] == [ctx.wf], got
    ui.call("DELETE", base, {"workflow_id": ctx.wf})
    assert ui.call("GET", base)["total"] == 0
    ui.call("PATCH", A + "/applications/" + aid, body={"name": "ui-app", "description": "e",
                                                       "type": "admin"})
    ui.call("DELETE", A + "/applications/" + aid)


def test_manage_auth_configs(ctx):
    ui = ctx.admin
    cid = ui.call("POST", M + "/auth_configs", body={
        "type": "wecom", "client_id": "corp", "client_secret": "s3", "redirect_uri":
        "http://localhost/api/v1.0/manage/auth/wecom/callback", "is_enabled": True,
        "description": "d", "agent_id": "1000002"}, keys=("config_id",))["config_id"]
    lst = ui.call("GET", M + "/auth_configs", {"search_value": "", "page": 1, "per_page": 10},
                  keys=("auth_config_list", "paginator_info"))
    assert [c["id"] for c in lst["auth_config_list"]] == [cid], lst
    det = ui.call("GET", M + "/auth_configs/" + cid, keys=("auth_config",))["auth_config"]
    assert det["client_secret"] == "s3", det
    ui.call("PATCH", M + "/auth_configs/" + cid, body={
        "client_id": "corp", "client_secret": "s4", "redirect_uri": "http://localhost/cb",
        "is_enabled": True, "description": "e", "agent_id": "1000002"})
    r = ctx.srv.request("GET", M + "/auth/login")  # public: no Bearer
    assert r.code == 0 and {"type": "wecom"} in r.data["auth_types"], r
    ui.call("DELETE", M + "/auth_configs/" + cid)


def test_workflow_delete(ctx):
    ctx.admin.call("DELETE", WF + "/" + ctx.wf)
    r = ctx.srv.request("GET", WF + "/" + ctx.wf, headers=ctx.admin.headers)
    assert r.code == -1, r


def test_the_one_ui_call_that_cannot_work(ctx):
    """updateApplication PATCHes the list path with no id (unused by any page
    upstream): there is nothing to update, so 405 names the methods there are."""
    r = ctx.srv.request("PATCH", A + "/applications", {"name": "x", "description": "",
                                                       "type": "admin"},
                        headers=ctx.admin.headers)
    assert r.status == 405 and r.code == -1, r
    assert r.headers["allow"].startswith("GET, POST, DELETE"), r.headers
