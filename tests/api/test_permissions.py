"""The permission matrix: every /accounts, /manage and /workflows route (read
from src/api/routes.c, so a new route without a row here fails) against five
kinds of caller, per API.md §9's table with the fixes of DECISIONS §2.

Requests are harmless: reads of real objects must succeed; writes go to a
ghost id or carry a body that fails validation, which the handler only sees
after the route's permission check (src/api/api.c), so "allowed" means the
answer is anything but a permission refusal."""
import os
import re

from lfclient import APP_NAME, APP_TOKEN, TENANT, Server, signed_headers
from test_workflows import leave_request

GHOST = "5c9e6f3e-0000-4000-8000-00000000dead"
ROUTES_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "api",
                        "routes.c")
AREAS = ("/api/v1.0/accounts", "/api/v1.0/manage", "/api/v1.0/workflows",
         "/api/v1.0/simple_workflows")

# Levels: public (no authentication), user (any caller), jwt (any user, but
# only with a JWT: DECISIONS §2 "PAT management endpoints accept only a JWT"),
# workflow_admin, admin. Probes: "get" reads real objects and must answer
# code 0; "ghost" names an id that does not exist; "bad" sends an invalid body;
# "text" is the /manage index, which answers upstream's plain text.
MATRIX = {
    ("GET", "/api/v1.0/accounts/my_profile"): ("user", "get"),
    ("PATCH", "/api/v1.0/accounts/my_profile"): ("user", "bad"),
    ("POST", "/api/v1.0/accounts/users/change_password"): ("user", "bad"),
    ("GET", "/api/v1.0/accounts/tenants/by_domain"): ("public", "get"),
    ("GET", "/api/v1.0/accounts/tenants/<tenant_id>"): ("admin", "get"),
    ("GET", "/api/v1.0/accounts/personal_access_tokens"): ("jwt", "get"),
    ("POST", "/api/v1.0/accounts/personal_access_tokens"): ("jwt", "bad"),
    ("DELETE", "/api/v1.0/accounts/personal_access_tokens/<token_id>"): ("jwt", "ghost"),
    ("GET", "/api/v1.0/accounts/users"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/users"): ("admin", "bad"),
    ("DELETE", "/api/v1.0/accounts/users"): ("admin", "bad"),
    ("GET", "/api/v1.0/accounts/users/by_ids"): ("user", "get"),  # DECISIONS §3 new route
    ("GET", "/api/v1.0/accounts/users/<user_id>"): ("admin", "get"),
    ("PATCH", "/api/v1.0/accounts/users/<user_id>"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/users/<user_id>"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/users/<user_id>/roles"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/users/<user_id>/reset_password"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/simple_users"): ("user", "get"),
    ("GET", "/api/v1.0/accounts/roles"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/roles"): ("admin", "bad"),
    ("DELETE", "/api/v1.0/accounts/roles"): ("admin", "bad"),
    ("GET", "/api/v1.0/accounts/roles/<role_id>"): ("admin", "get"),
    ("PATCH", "/api/v1.0/accounts/roles/<role_id>"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/roles/<role_id>"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/roles/<role_id>/users"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/roles/<role_id>/users"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/roles/<role_id>/users"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/simple_roles"): ("user", "get"),
    ("GET", "/api/v1.0/accounts/depts_tree"): ("admin", "get"),
    ("GET", "/api/v1.0/accounts/simple_depts_tree"): ("user", "get"),  # DECISIONS §3 new route
    ("GET", "/api/v1.0/accounts/dept_paths"): ("user", "get"),
    ("GET", "/api/v1.0/accounts/dept_paths/<dept_id>"): ("user", "get"),
    ("POST", "/api/v1.0/accounts/depts"): ("admin", "bad"),
    ("DELETE", "/api/v1.0/accounts/depts"): ("admin", "bad"),
    ("GET", "/api/v1.0/accounts/depts/<dept_id>"): ("admin", "get"),
    ("PATCH", "/api/v1.0/accounts/depts/<dept_id>"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/depts/<dept_id>"): ("admin", "ghost"),
    # upstream: any user may move a department (API.md 10.1); only admins here
    ("PATCH", "/api/v1.0/accounts/depts/<dept_id>/parent_dept"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/applications"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/applications"): ("admin", "bad"),
    ("DELETE", "/api/v1.0/accounts/applications"): ("admin", "bad"),
    ("GET", "/api/v1.0/accounts/applications/<application_id>"): ("admin", "get"),
    ("PATCH", "/api/v1.0/accounts/applications/<application_id>"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/applications/<application_id>"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/applications/<application_id>/workflows"): ("admin", "get"),
    ("POST", "/api/v1.0/accounts/applications/<application_id>/workflows"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/accounts/applications/<application_id>/workflows"): ("admin", "ghost"),
    ("GET", "/api/v1.0/accounts/simple_applications"): ("user", "get"),
    ("GET", "/api/v1.0/manage"): ("user", "text"),
    ("POST", "/api/v1.0/manage"): ("user", "text"),
    ("PUT", "/api/v1.0/manage"): ("user", "text"),
    ("PATCH", "/api/v1.0/manage"): ("user", "text"),
    ("DELETE", "/api/v1.0/manage"): ("user", "text"),
    ("GET", "/api/v1.0/manage/common"): ("user", "get"),
    ("GET", "/api/v1.0/manage/auth_configs"): ("admin", "get"),
    ("POST", "/api/v1.0/manage/auth_configs"): ("admin", "bad"),
    ("GET", "/api/v1.0/manage/auth_configs/<config_id>"): ("admin", "ghost"),
    ("PATCH", "/api/v1.0/manage/auth_configs/<config_id>"): ("admin", "ghost"),
    ("DELETE", "/api/v1.0/manage/auth_configs/<config_id>"): ("admin", "ghost"),
    ("GET", "/api/v1.0/manage/auth/login"): ("public", "get"),
    ("GET", "/api/v1.0/workflows"): ("workflow_admin", "get"),
    ("POST", "/api/v1.0/workflows"): ("workflow_admin", "bad"),
    ("GET", "/api/v1.0/workflows/<workflow_id>"): ("workflow_admin", "get"),
    ("PATCH", "/api/v1.0/workflows/<workflow_id>"): ("workflow_admin", "ghost"),
    ("DELETE", "/api/v1.0/workflows/<workflow_id>"): ("workflow_admin", "ghost"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/init_node"): ("user", "get"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/versions"): ("workflow_admin", "get"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/versions/<version_id>"): ("user", "get"),
    # upstream checks nothing here (API.md 10.1.5): a workflow admin is needed
    ("PATCH", "/api/v1.0/workflows/<workflow_id>/versions/<version_id>"): ("workflow_admin",
                                                                            "ghost"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/ticket_creation_form"): ("user", "get"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/ticket_creation_actions"): ("user", "get"),
    ("GET", "/api/v1.0/workflows/<workflow_id>/process_single_schema"): ("user", "get"),
    ("GET", "/api/v1.0/simple_workflows"): ("user", "get"),
}

# normal_appname: a normal user's JWT plus the admin app's name in an AppName
# header, which upstream would let pass admin checks (API.md 2.8.1); it must
# never raise the caller's rights (DECISIONS §2).
CALLERS = ("admin", "wfadmin", "normal", "wfapp", "adminapp_normal", "normal_appname")
ALLOWED = {
    "public": set(CALLERS),
    "user": set(CALLERS),
    "jwt": {"admin", "wfadmin", "normal", "normal_appname"},
    # an app caller needs its own type and its user's to allow the call
    "workflow_admin": {"admin", "wfadmin", "wfapp"},
    "admin": {"admin"},
}
NEED = {"admin": "has no permission: permission check fail, need admin",
        "workflow_admin": "has no permission: permission check fail, need admin or workflow_admin"}


def routes_in_source():
    """(method, path) for every row of src/api/routes.c in our areas."""
    src = open(ROUTES_C).read()
    body = src[src.index("lf_routes[] = {"):]
    out = set()
    rows = re.split(r'\n    \{"', body)[1:]
    for row in rows:
        path = row[:row.index('"')]
        if not path.startswith(AREAS):
            continue
        for m in re.finditer(r"\b(GET|POST|PATCH|DELETE|POST_RO)\(\s*\w+,", row):
            out.add(("POST" if m.group(1) == "POST_RO" else m.group(1), path))
        for m in re.finditer(r"\[LF_M_(\w+)\]\s*=\s*\{", row):
            out.add((m.group(1), path))
    return out


class Ctx:
    pass


def setup(binary):
    srv = Server(binary).start()
    ctx = Ctx()
    ctx.srv = srv
    admin = srv.jwt_headers(srv.login())

    def user(email, kind):
        return srv.lfctl("user", "create", "--tenant", TENANT, "--email", email, "--password",
                         "pw", "--type", kind, "--iterations", "1000")[0]

    wfadmin_id = user("pm-wfa@example.com", "workflow_admin")
    normal_id = user("pm-normal@example.com", "normal")
    wfapp_id, wfapp_token = srv.lfctl("app", "create", "--tenant", TENANT, "--name", "pm-wfapp",
                                      "--type", "workflow_admin")
    normal = srv.jwt_headers(srv.login("pm-normal@example.com", "pw"))
    ctx.callers = {
        "admin": lambda: admin,
        "wfadmin": (lambda h: lambda: h)(srv.jwt_headers(srv.login("pm-wfa@example.com", "pw"))),
        "normal": lambda: normal,
        "normal_appname": lambda: dict(normal, AppName=APP_NAME),
        "wfapp": lambda: signed_headers(app="pm-wfapp", token=wfapp_token),
        "adminapp_normal": lambda: signed_headers(app=APP_NAME, token=APP_TOKEN,
                                                  email="pm-normal@example.com"),
    }

    def ok(method, path, body=None):
        r = srv.request(method, path, body, headers=admin)
        assert r.code == 0, (method, path, r)
        return r.data

    A = "/api/v1.0/accounts"
    role_id = ok("POST", A + "/roles", {"name": "pm-role"})["role_id"]
    dept_id = ok("POST", A + "/depts", {"name": "pm-dept", "parent_dept_id": ""})["dept_id"]
    ok("POST", A + "/roles/%s/users" % role_id, {"user_ids": [normal_id]})
    doc = leave_request("v1", "Matrix")
    doc["advanced_schema"]["permission_info"]["admin_id_list"] = [wfadmin_id]
    wf = ok("POST", "/api/v1.0/workflows", doc)["workflow_id"]
    ok("POST", A + "/applications/%s/workflows" % wfapp_id, {"workflow_id_list": [wf]})
    vid = ok("GET", "/api/v1.0/workflows/%s/versions" % wf)["version_info_list"][0]["id"]
    ctx.real = {"tenant_id": TENANT, "user_id": normal_id, "role_id": role_id,
                "dept_id": dept_id, "application_id": wfapp_id, "workflow_id": wf,
                "version_id": vid, "token_id": GHOST, "config_id": GHOST}
    ctx.query = {"/api/v1.0/accounts/tenants/by_domain": "?domain=loonapp.com",
                 "/api/v1.0/accounts/users/by_ids": "?user_ids=" + normal_id}
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


def probe(ctx, method, path, kind, who):
    ids = ctx.real if kind in ("get", "text") else {k: GHOST for k in ctx.real}
    url = re.sub(r"<(\w+)>", lambda m: ids[m.group(1)], path) + ctx.query.get(path, "")
    body = None
    if method in ("POST", "PATCH", "DELETE", "PUT") and kind in ("ghost", "bad"):
        body = {"no_such_key": [1]} if kind == "bad" else {}
    return ctx.srv.request(method, url, body, headers=ctx.callers[who]())



def test_matrix_covers_exactly_the_routes(ctx):
    have = routes_in_source()
    assert len(have) > 60, have
    missing = sorted(have - set(MATRIX))
    stale = sorted(set(MATRIX) - have)
    assert not missing, "routes without a row in the permission matrix: %s" % missing
    assert not stale, "matrix rows for routes that do not exist: %s" % stale


def test_each_caller_gets_what_the_table_says(ctx):
    wrong = []
    for (method, path), (level, kind) in sorted(MATRIX.items()):
        for who in CALLERS:
            r = probe(ctx, method, path, kind, who)
            allowed = who in ALLOWED[level]
            refused = r.json is not None and r.code == -1 and (r.msg or "").startswith(
                "has no permission")
            if allowed and kind == "text":
                good = r.status == 200 and "loonflow's api server" in r.text
            elif allowed:
                good = r.status == 200 and not refused and (kind != "get" or r.code == 0)
            elif level == "jwt":
                good = r.status == 401 and r.code == -1
            else:
                good = r.status == 200 and r.data == {} and r.msg == NEED[level]
            if not good:
                wrong.append("%s %s as %s (%s, %s): %r" % (method, path, who, level,
                                                           "allowed" if allowed else "refused", r))
    assert not wrong, "\n".join(wrong)


def test_workflow_admins_administer_only_their_workflows(ctx):
    """The route lets any workflow_admin in; the workflow itself then decides."""
    srv = ctx.srv
    other = srv.request("POST", "/api/v1.0/workflows", leave_request("v1", "Not theirs"),
                        headers=ctx.callers["admin"]()).data["workflow_id"]
    r = srv.request("GET", "/api/v1.0/workflows/" + other, headers=ctx.callers["wfadmin"]())
    assert r.code == -1 and r.msg == "has no permission: you are not an administrator of this " \
                                     "workflow", r
    # an application not granted the workflow does not find it
    r = srv.request("GET", "/api/v1.0/workflows/" + other, headers=ctx.callers["wfapp"]())
    assert r.code == -1 and r.msg == "workflow is not existed or has been deleted", r
    r = srv.request("GET", "/api/v1.0/workflows/" + other, headers=ctx.callers["admin"]())
    assert r.code == 0, r
