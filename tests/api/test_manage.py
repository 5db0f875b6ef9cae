"""/api/v1.0/manage: the index, common config, SSO auth configurations
(admins only, secrets included) and the public list of enabled login types."""
import subprocess
import uuid

from lfclient import TENANT, Server, signed_headers

MANAGE = "/api/v1.0/manage"
CONFIGS = MANAGE + "/auth_configs"
LOGIN_TYPES = MANAGE + "/auth/login"
OTHER = "00000000-0000-0000-0000-0000000000c3"
NEED_ADMIN = "has no permission: permission check fail, need admin"
NOT_FOUND = "Auth config not found"
WECOM = {"type": "wecom", "client_id": "corp-1", "client_secret": "s3cret-w",
         "redirect_uri": "https://lf.example/api/v1.0/manage/auth/wecom/callback",
         "agent_id": "1000002", "description": "factory WeCom"}
OIDC = {"type": "microsoft_oidc", "client_id": "app-guid", "client_secret": "s3cret-m",
        "redirect_uri": "https://lf.example/api/v1.0/manage/auth/microsoft_oidc/callback",
        "azure_tenant_id": "contoso-tenant"}


class Ctx:
    pass


def setup(binary):
    srv = Server(binary).start()
    ctx = Ctx()
    ctx.srv = srv
    ctx.admin = srv.jwt_headers(srv.login())
    for kind in ("normal", "workflow_admin"):
        email = "%s@example.com" % kind
        srv.lfctl("user", "create", "--tenant", TENANT, "--email", email, "--password", "pw",
                  "--type", kind, "--iterations", "1000")
        setattr(ctx, kind, srv.jwt_headers(srv.login(email, "pw")))
    _, token = srv.lfctl("app", "create", "--tenant", TENANT, "--name", "wf-device",
                         "--type", "workflow_admin")
    ctx.wf_app = lambda: signed_headers(app="wf-device", token=token)
    srv.lfctl("tenant", "create", "--name", "plant-3", "--domain", "plant3.example", "--id", OTHER)
    srv.lfctl("user", "create", "--tenant", OTHER, "--email", "boss@plant3.example",
              "--password", "pw", "--type", "admin", "--iterations", "1000")
    ctx.other_admin = srv.jwt_headers(srv.login("boss@plant3.example", "pw"))
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


def fails(r, msg):
    assert r.status == 200 and r.code == -1 and r.data == {}, r
    assert msg in r.msg, (msg, r.msg)


def create(ctx, body, headers=None):
    r = ctx.srv.request("POST", CONFIGS, body, headers=headers or ctx.admin)
    assert r.code == 0, r
    return r.data["config_id"]


def get(ctx, cfg_id, headers=None):
    return ctx.srv.request("GET", CONFIGS + "/" + cfg_id, headers=headers or ctx.admin)


def login_types(ctx, tenant=None):
    h = {"TenantId": tenant} if tenant else {}
    r = ctx.srv.request("GET", LOGIN_TYPES, headers=h)
    assert r.status == 200 and r.code == 0, r
    return [t["type"] for t in r.data["auth_types"]]


def test_index_answers_any_method_with_upstreams_text(ctx):
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        r = ctx.srv.request(method, MANAGE, headers=ctx.normal)
        assert r.status == 200 and r.headers["content-type"].startswith("text/html"), (method, r)
        assert r.text.startswith("This is loonflow's api server"), r
    assert ctx.srv.request("GET", MANAGE).status == 401


def test_common_config_describes_the_callers_tenant(ctx):
    r = ctx.srv.request("GET", MANAGE + "/common", headers=ctx.normal)
    assert r.code == 0, r
    assert r.data == {"common_config": {"tenant_id": TENANT, "tenant_name": "loonapp",
                                        "tenant_icon": "", "tenant_domain": "loonapp.com",
                                        "lang": "zh-cn"}}, r
    r = ctx.srv.request("GET", MANAGE + "/common", headers=ctx.other_admin)
    assert r.data["common_config"]["tenant_id"] == OTHER
    assert r.data["common_config"]["tenant_domain"] == "plant3.example"
    assert ctx.srv.request("GET", MANAGE + "/common", headers=ctx.wf_app()).code == 0
    assert ctx.srv.request("GET", MANAGE + "/common").status == 401


def test_create_list_detail(ctx):
    assert login_types(ctx) == []
    w = create(ctx, WECOM)
    o = create(ctx, dict(OIDC, is_enabled=False))
    r = ctx.srv.request("GET", CONFIGS, headers=ctx.admin)
    assert r.code == 0, r
    items = r.data["auth_config_list"]
    assert [i["id"] for i in items] == [o, w], "newest first"
    assert list(items[0]) == ["id", "type", "type_display", "is_enabled", "created_at"]
    assert items[1]["type_display"] == "\u4f01\u4e1a\u5fae\u4fe1" and items[1]["is_enabled"] is True
    assert "\\u4f01\\u4e1a" in r.text, "non-ASCII is escaped"
    assert items[0]["type_display"] == "Microsoft OIDC" and items[0]["is_enabled"] is False
    assert len(items[0]["created_at"]) == 19 and "+" not in items[0]["created_at"]
    assert r.data["paginator_info"] == {"page": 1, "per_page": 10, "total": 2}
    assert "client_secret" not in r.text
    d = get(ctx, w).data["auth_config"]
    assert list(d) == ["id", "type", "type_display", "is_enabled", "description", "created_at",
                       "client_id", "client_secret", "redirect_uri", "agent_id"], d
    assert (d["client_secret"], d["agent_id"], d["description"]) == \
        ("s3cret-w", "1000002", "factory WeCom")
    d = get(ctx, o).data["auth_config"]
    assert d["azure_tenant_id"] == "contoso-tenant" and "agent_id" not in d
    assert d["client_secret"] == "s3cret-m" and d["is_enabled"] is False
    # the sign-in page sees the enabled one only
    assert login_types(ctx) == ["wecom"]
    assert login_types(ctx, TENANT) == ["wecom"]
    assert login_types(ctx, OTHER) == []
    # paging and search
    r = ctx.srv.request("GET", CONFIGS + "?page=2&per_page=1", headers=ctx.admin).data
    assert [i["id"] for i in r["auth_config_list"]] == [w]
    assert r["paginator_info"] == {"page": 2, "per_page": 1, "total": 2}
    r = ctx.srv.request("GET", CONFIGS + "?search_value=factory", headers=ctx.admin).data
    assert [i["id"] for i in r["auth_config_list"]] == [w] and r["paginator_info"]["total"] == 1
    r = ctx.srv.request("GET", CONFIGS + "?search_value=OIDC", headers=ctx.admin).data
    assert [i["id"] for i in r["auth_config_list"]] == [o]
    fails(ctx.srv.request("GET", CONFIGS + "?page=zero", headers=ctx.admin), "page")
    ctx.wecom, ctx.oidc = w, o


def test_create_validation(ctx):
    s, h = ctx.srv, ctx.admin
    cases = [
        (dict(WECOM, type="dingtalk"), "Request data is invalid:Auth type must be wecom or microsoft_oidc"),
        ({k: v for k, v in WECOM.items() if k != "type"}, "Auth type must be"),
        (dict(WECOM, client_id=""), "Request data is invalid:Client ID cannot be empty"),
        ({k: v for k, v in WECOM.items() if k != "client_secret"}, "Client Secret cannot be empty"),
        (dict(WECOM, redirect_uri=""), "Redirect URI cannot be empty"),
        (dict(WECOM, is_enabled="yes"), "is_enabled should be true or false"),
        (dict(WECOM, name="x"), "Wrong key 'name'"),
        ({k: v for k, v in WECOM.items() if k != "agent_id"}, "Wecom config requires agent_id"),
        ({k: v for k, v in OIDC.items() if k != "azure_tenant_id"},
         "Microsoft OIDC config requires azure_tenant_id (tenant_id)"),
        (dict(OIDC, agent_id="1"), "agent_id applies to wecom configs only"),
        (dict(OIDC, extra_config="x", azure_tenant_id=""), "extra_config should be an object"),
        (dict(WECOM, client_id=7), "'client_id'"),
    ]
    for body, msg in cases:
        fails(s.request("POST", CONFIGS, body, headers=h), msg)
    # only one enabled config per type in a tenant
    fails(s.request("POST", CONFIGS, dict(WECOM, client_id="corp-2"), headers=h),
          "An enabled Wecom auth config already exists")
    r = s.request("GET", CONFIGS, headers=h)
    assert r.data["paginator_info"]["total"] == 2, "nothing was stored"
    assert s.request("POST", CONFIGS, raw_body=b"[", headers=h).status == 400


def test_extra_config_supplies_the_type_specific_value(ctx):
    s, h = ctx.srv, ctx.other_admin
    body = {k: v for k, v in OIDC.items() if k != "azure_tenant_id"}
    o = create(ctx, dict(body, extra_config={"tenantId": "from-extra"}), headers=h)
    assert get(ctx, o, headers=h).data["auth_config"]["azure_tenant_id"] == "from-extra"
    fails(s.request("POST", CONFIGS, dict(body, extra_config={"tenant_id": "second"}), headers=h),
          "An enabled Microsoft OIDC auth config already exists")
    body = {k: v for k, v in WECOM.items() if k != "agent_id"}
    w = create(ctx, dict(body, extra_config={"agent_id": "42"}), headers=h)
    assert get(ctx, w, headers=h).data["auth_config"]["agent_id"] == "42"
    assert login_types(ctx, OTHER) == ["wecom", "microsoft_oidc"]
    # the first tenant's configs are not the second's
    assert ctx.wecom not in [i["id"] for i in
                             s.request("GET", CONFIGS, headers=h).data["auth_config_list"]]
    ctx.other_cfg = w


def test_patch_changes_only_what_is_sent_and_enabling_switches_others_off(ctx):
    s, h = ctx.srv, ctx.admin
    w2 = create(ctx, dict(WECOM, client_id="corp-2", is_enabled=False, description="spare"))
    r = s.request("PATCH", CONFIGS + "/" + w2, {"client_secret": "rotated", "name": "ignored"},
                  headers=h)
    assert r.code == 0 and r.data == {}, r
    d = get(ctx, w2).data["auth_config"]
    assert (d["client_secret"], d["client_id"], d["description"], d["is_enabled"]) == \
        ("rotated", "corp-2", "spare", False)
    # enabling the spare switches the first WeCom config off, not the OIDC one
    r = s.request("PATCH", CONFIGS + "/" + w2, {"is_enabled": True, "agent_id": "7",
                                                "redirect_uri": "https://x/cb"}, headers=h)
    assert r.code == 0, r
    d = get(ctx, w2).data["auth_config"]
    assert d["is_enabled"] is True and d["agent_id"] == "7" and d["redirect_uri"] == "https://x/cb"
    assert get(ctx, ctx.wecom).data["auth_config"]["is_enabled"] is False
    assert login_types(ctx) == ["wecom"]
    r = s.request("PATCH", CONFIGS + "/" + ctx.oidc, {"is_enabled": True}, headers=h)
    assert r.code == 0
    assert get(ctx, w2).data["auth_config"]["is_enabled"] is True
    assert sorted(login_types(ctx)) == ["microsoft_oidc", "wecom"]
    # the other tenant's configs were not switched off
    assert get(ctx, ctx.other_cfg, headers=ctx.other_admin).data["auth_config"]["is_enabled"]
    # what the web UI sends on save works
    r = s.request("PATCH", CONFIGS + "/" + ctx.oidc,
                  {"client_id": "app-2", "client_secret": "m2", "redirect_uri": "https://y/cb",
                   "is_enabled": True, "description": "", "azure_tenant_id": "fabrikam"},
                  headers=h)
    assert r.code == 0, r
    d = get(ctx, ctx.oidc).data["auth_config"]
    assert (d["client_id"], d["azure_tenant_id"], d["description"]) == ("app-2", "fabrikam", "")
    # validation
    url = CONFIGS + "/" + w2
    fails(s.request("PATCH", url, {"type": "microsoft_oidc"}, headers=h), "Wrong key 'type'")
    fails(s.request("PATCH", url, {"extra_config": {}}, headers=h), "Wrong key 'extra_config'")
    fails(s.request("PATCH", url, {"client_id": ""}, headers=h), "Client ID cannot be empty")
    fails(s.request("PATCH", url, {"agent_id": ""}, headers=h), "Wecom config requires agent_id")
    fails(s.request("PATCH", url, {"azure_tenant_id": "z"}, headers=h), "applies to microsoft_oidc")
    fails(s.request("PATCH", url, {"is_enabled": 1}, headers=h), "is_enabled")
    assert get(ctx, w2).data["auth_config"]["client_id"] == "corp-2"
    ctx.spare = w2


def test_delete_archives(ctx):
    s, h = ctx.srv, ctx.admin
    r = s.request("DELETE", CONFIGS + "/" + ctx.spare, headers=h)
    assert r.code == 0 and r.data == {}, r
    fails(get(ctx, ctx.spare), NOT_FOUND)
    fails(s.request("DELETE", CONFIGS + "/" + ctx.spare, headers=h), NOT_FOUND)
    ids = [i["id"] for i in s.request("GET", CONFIGS, headers=h).data["auth_config_list"]]
    assert ctx.spare not in ids and len(ids) == 2
    assert login_types(ctx) == ["microsoft_oidc"]
    out = subprocess.run(["mdb_dump", "-s", "archive", s.data_dir], capture_output=True,
                         text=True, check=True).stdout
    key = (b"auth_config\x00" + uuid.UUID(ctx.spare).bytes).hex()
    assert key in out


def test_unknown_malformed_and_foreign_ids_are_not_found(ctx):
    s, h = ctx.srv, ctx.admin
    for cfg in (str(uuid.uuid4()), "nope", ctx.other_cfg):
        url = CONFIGS + "/" + cfg
        fails(s.request("GET", url, headers=h), NOT_FOUND)
        fails(s.request("PATCH", url, {"is_enabled": False}, headers=h), NOT_FOUND)
        fails(s.request("DELETE", url, headers=h), NOT_FOUND)
    assert get(ctx, ctx.other_cfg, headers=ctx.other_admin).data["auth_config"]["is_enabled"]


def test_auth_configs_are_for_admins_only(ctx):
    s = ctx.srv
    url = CONFIGS + "/" + ctx.oidc
    calls = [("GET", CONFIGS, None), ("POST", CONFIGS, dict(WECOM, is_enabled=False)),
             ("GET", url, None), ("PATCH", url, {"is_enabled": False}), ("DELETE", url, None)]
    for who in (ctx.normal, ctx.workflow_admin, ctx.wf_app(), signed_headers(email="normal@example.com")):
        for method, u, body in calls:
            r = s.request(method, u, body, headers=who)
            assert r.code == -1 and r.msg == NEED_ADMIN, (method, u, r)
            assert "s3cret" not in r.text
    assert s.request("GET", CONFIGS).status == 401
    assert get(ctx, ctx.oidc).data["auth_config"]["is_enabled"] is True


def test_login_types_is_public_and_checks_the_tenant_header(ctx):
    r = ctx.srv.request("GET", LOGIN_TYPES, headers={"tenantid": "garbage"})
    fails(r, "TenantId")
    assert login_types(ctx, str(uuid.uuid4())) == []
    # credentials are not needed, and bad ones do not matter
    r = ctx.srv.request("GET", LOGIN_TYPES, headers={"Authorization": "Bearer junk"})
    assert r.code == 0 and r.data == {"auth_types": [{"type": "microsoft_oidc"}]}, r
