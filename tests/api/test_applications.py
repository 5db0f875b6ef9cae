"""Applications (signature-mode callers) and tenants: every route for success,
validation, not-found, another tenant's ids and insufficient rights; tokens
that sign, rotate and die with their app."""
import subprocess
import uuid

from lfclient import ADMIN_EMAIL, APP_NAME, APP_TOKEN, TENANT, Server, signed_headers

APPS = "/api/v1.0/accounts/applications"
SIMPLE = "/api/v1.0/accounts/simple_applications"
PROFILE = "/api/v1.0/accounts/my_profile"
OTHER = "00000000-0000-0000-0000-0000000000b2"
NEED_ADMIN = "has no permission: permission check fail, need admin"
NOT_FOUND = "application is not exist or has been deleted"


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
    _, ctx.wf_app_token = srv.lfctl("app", "create", "--tenant", TENANT, "--name", "wf-device",
                                    "--type", "workflow_admin")
    srv.lfctl("tenant", "create", "--name", "plant-2", "--domain", "plant2.example", "--id", OTHER)
    srv.lfctl("user", "create", "--tenant", OTHER, "--email", "boss@plant2.example",
              "--password", "pw", "--type", "admin", "--iterations", "1000")
    ctx.other_admin = srv.jwt_headers(srv.login("boss@plant2.example", "pw"))
    ctx.other_app_id, ctx.other_app_token = srv.lfctl("app", "create", "--tenant", OTHER,
                                                      "--name", "plant-2-device")
    return ctx


def teardown(ctx):
    ctx.srv.cleanup()


def create(ctx, name, type_="admin", description="", headers=None):
    r = ctx.srv.request("POST", APPS, {"name": name, "type": type_, "description": description},
                        headers=headers or ctx.admin)
    assert r.code == 0, r
    return r.data["application_id"]


def detail(ctx, app_id, headers=None):
    return ctx.srv.request("GET", APPS + "/" + app_id, headers=headers or ctx.admin)


def fails(r, msg):
    assert r.status == 200 and r.code == -1 and r.data == {}, r
    assert msg in r.msg, (msg, r.msg)


def archive_keys(srv):
    """Keys of the archive table, read from the LMDB file as an operator would."""
    out = subprocess.run(["mdb_dump", "-s", "archive", srv.data_dir],
                         capture_output=True, text=True, check=True).stdout
    body = out.split("HEADER=END\n", 1)[1]
    lines = [bytes.fromhex(l.strip()) for l in body.splitlines() if l.startswith(" ")]
    return lines[0::2]


def test_create_then_detail_has_upstream_keys_and_a_working_token(ctx):
    app_id = create(ctx, "sensor-gw", description="gateway in hall 3")
    r = detail(ctx, app_id)
    assert r.code == 0, r
    info = r.data["application_info"]
    assert list(info) == ["id", "label", "creator_info", "created_at", "updated_at", "tenant_id",
                          "name", "description", "token", "type"], info
    assert info["id"] == app_id and info["tenant_id"] == TENANT
    assert info["name"] == "sensor-gw" and info["description"] == "gateway in hall 3"
    assert info["type"] == "admin" and info["label"] == {}
    assert info["created_at"].endswith(" +0000")
    assert info["creator_info"]["name"] == "admin"
    assert str(uuid.UUID(info["token"])) == info["token"]
    # the new token signs requests at once
    h = signed_headers(app="sensor-gw", token=info["token"])
    r = ctx.srv.request("GET", PROFILE, headers=h)
    assert r.code == 0 and r.data["my_profile"]["email"] == ADMIN_EMAIL, r
    # and, being an admin app signing for an admin, passes admin checks
    assert ctx.srv.request("GET", APPS + "/" + app_id, headers=h).code == 0


def test_the_web_uis_workflowAdmin_type_is_stored_as_workflow_admin(ctx):
    app_id = create(ctx, "ui-made", type_="workflowAdmin")
    assert detail(ctx, app_id).data["application_info"]["type"] == "workflow_admin"
    r = ctx.srv.request("GET", APPS + "?type=workflow_admin&per_page=100", headers=ctx.admin)
    assert app_id in [a["id"] for a in r.data["application_list"]], r


def test_create_validation(ctx):
    s, h = ctx.srv, ctx.admin
    fails(s.request("POST", APPS, {"type": "admin"}, headers=h), "Request data is invalid:name is need")
    fails(s.request("POST", APPS, {"name": "", "type": "admin"}, headers=h), "name is need")
    fails(s.request("POST", APPS, {"name": "x"}, headers=h), "Request data is invalid:type is need")
    fails(s.request("POST", APPS, {"name": "x", "type": "root"}, headers=h),
          "type should be admin or workflow_admin")
    fails(s.request("POST", APPS, {"name": 5, "type": "admin"}, headers=h), "'name'")
    fails(s.request("POST", APPS, {"name": "x", "type": "admin", "token": "mine"}, headers=h),
          "Wrong key 'token'")
    fails(s.request("POST", APPS, {"name": "n" * 51, "type": "admin"}, headers=h), "at most 50")
    fails(s.request("POST", APPS, {"name": "x", "type": "admin", "description": "d" * 201},
                    headers=h), "at most 200")
    fails(s.request("POST", APPS, {"name": "loonflow", "type": "admin"}, headers=h), "reserved")
    r = s.request("POST", APPS, raw_body=b"{nope", headers=h)
    assert r.status == 400 and r.code == -1, r
    # nothing of the above was stored
    r = s.request("GET", APPS + "?search_value=x&per_page=100", headers=h)
    assert all(a["name"] != "x" for a in r.data["application_list"]), r


def test_duplicate_names_in_a_tenant_are_refused(ctx):
    s, h = ctx.srv, ctx.admin
    create(ctx, "dup-a")
    b = create(ctx, "dup-b")
    fails(s.request("POST", APPS, {"name": "dup-a", "type": "admin"}, headers=h), "already used")
    fails(s.request("POST", APPS, {"name": APP_NAME, "type": "admin"}, headers=h), "already used")
    fails(s.request("PATCH", APPS + "/" + b, {"name": "dup-a", "type": "admin"}, headers=h),
          "already used")
    assert detail(ctx, b).data["application_info"]["name"] == "dup-b"
    # the same name in another tenant is fine
    r = s.request("POST", APPS, {"name": "dup-a", "type": "admin"}, headers=ctx.other_admin)
    assert r.code == 0, r
    # the built-in admin app still signs
    assert s.request("GET", PROFILE, headers=signed_headers()).code == 0


def test_list_order_paging_total_and_filters(ctx):
    s, h = ctx.srv, ctx.admin
    ids = [create(ctx, "list-%d" % i, description="Batch Seven" if i % 2 else "")
           for i in range(5)]
    r = s.request("GET", APPS + "?per_page=1000", headers=h)
    assert r.code == 0, r
    everything = r.data["application_list"]
    got = [a["id"] for a in everything]
    assert got == sorted(got), "ordered by id"
    assert r.data["total"] == len(everything) and set(ids) <= set(got)
    assert all(a["tenant_id"] == TENANT for a in everything)
    assert "token" in everything[0]
    # pages are slices of the same order
    r1 = s.request("GET", APPS + "?page=1&per_page=2", headers=h).data
    r2 = s.request("GET", APPS + "?page=2&per_page=2", headers=h).data
    assert [a["id"] for a in r1["application_list"] + r2["application_list"]] == got[:4]
    assert (r1["page"], r1["per_page"], r1["total"]) == (1, 2, len(got))
    # past the end: the last page, the requested page echoed
    last = s.request("GET", APPS + "?page=999&per_page=2", headers=h).data
    assert last["page"] == 999 and [a["id"] for a in last["application_list"]] == \
        got[(len(got) - 1) // 2 * 2:]
    # search_value: name or description, any case
    r = s.request("GET", APPS + "?search_value=batch%20seven&per_page=100", headers=h).data
    assert sorted(a["id"] for a in r["application_list"]) == sorted(ids[1::2]), r
    assert r["total"] == 2
    r = s.request("GET", APPS + "?search_value=LIST-&per_page=100", headers=h).data
    assert sorted(a["id"] for a in r["application_list"]) == sorted(ids) and r["total"] == 5
    # app_ids (another tenant's id and unknown ids match nothing)
    q = ",".join([ids[3], ids[0], ctx.other_app_id, str(uuid.uuid4())])
    r = s.request("GET", APPS + "?app_ids=" + q, headers=h).data
    assert [a["id"] for a in r["application_list"]] == sorted([ids[0], ids[3]]), r
    assert r["total"] == 2
    r = s.request("GET", APPS + "?app_ids%%5B%%5D=%s&app_ids%%5B%%5D=%s" % (ids[4], ids[2]),
                  headers=h).data
    assert [a["id"] for a in r["application_list"]] == sorted([ids[2], ids[4]]), r
    r = s.request("GET", APPS + "?app_ids=%s&search_value=Seven" % q, headers=h).data
    assert [a["id"] for a in r["application_list"]] == [ids[3]], r
    # type
    r = s.request("GET", APPS + "?type=workflow_admin&per_page=100", headers=h).data
    assert r["application_list"] and all(a["type"] == "workflow_admin"
                                         for a in r["application_list"])
    r = s.request("GET", APPS + "?type=all&per_page=100", headers=h).data
    assert r["total"] == len(got)
    fails(s.request("GET", APPS + "?type=root", headers=h), "type should be")
    fails(s.request("GET", APPS + "?app_ids=nope", headers=h), "app_ids")
    fails(s.request("GET", APPS + "?page=x", headers=h), "page")
    fails(s.request("GET", APPS + "?per_page=0", headers=h), "per_page")


def test_simple_list_has_no_token_and_is_open_to_every_user(ctx):
    s = ctx.srv
    for who in (ctx.normal, ctx.workflow_admin, ctx.admin):
        r = s.request("GET", SIMPLE + "?per_page=100", headers=who)
        assert r.code == 0, r
        items = r.data["application_list"]
        assert items and all(list(a) == ["id", "name", "description", "type"] for a in items)
        assert r.data["total"] == len(items)
        assert APP_NAME in [a["name"] for a in items]
        assert "plant-2-device" not in [a["name"] for a in items]
    r = s.request("GET", SIMPLE + "?type=workflow_admin&page=1&per_page=1000", headers=ctx.normal)
    assert "wf-device" in [a["name"] for a in r.data["application_list"]]
    assert all(a["type"] == "workflow_admin" for a in r.data["application_list"])


def test_patch_updates_what_it_is_given(ctx):
    s, h = ctx.srv, ctx.admin
    app_id = create(ctx, "patch-me", description="before")
    before = detail(ctx, app_id).data["application_info"]
    r = s.request("PATCH", APPS + "/" + app_id,
                  {"name": "patched", "type": "workflow_admin", "description": "after"}, headers=h)
    assert r.code == 0 and r.data == {}, r
    after = detail(ctx, app_id).data["application_info"]
    assert (after["name"], after["type"], after["description"]) == \
        ("patched", "workflow_admin", "after")
    assert after["token"] == before["token"], "a plain PATCH keeps the token"
    # the new name signs, the old one is gone
    h2 = signed_headers(app="patched", token=after["token"])
    assert s.request("GET", PROFILE, headers=h2).code == 0
    r = s.request("GET", PROFILE, headers=signed_headers(app="patch-me", token=after["token"]))
    assert r.status == 401, r
    # without description: the description stays
    r = s.request("PATCH", APPS + "/" + app_id, {"name": "patched", "type": "admin"}, headers=h)
    assert r.code == 0
    assert detail(ctx, app_id).data["application_info"]["description"] == "after"
    # validation
    url = APPS + "/" + app_id
    fails(s.request("PATCH", url, {"type": "admin"}, headers=h), "Missing key: 'name'")
    fails(s.request("PATCH", url, {"name": "patched"}, headers=h), "Missing key: 'type'")
    fails(s.request("PATCH", url, {"name": "patched", "type": "root"}, headers=h),
          "type should be admin or workflow_admin")
    fails(s.request("PATCH", url, {"name": "", "type": "admin"}, headers=h), "name is need")
    fails(s.request("PATCH", url, {"name": "p", "type": "admin", "x": 1}, headers=h), "Wrong key 'x'")
    fails(s.request("PATCH", url, {"regenerate_token": "yes"}, headers=h), "regenerate_token")
    assert detail(ctx, app_id).data["application_info"]["name"] == "patched"


def test_regenerated_token_replaces_the_old_one(ctx):
    s, h = ctx.srv, ctx.admin
    app_id = create(ctx, "rotate-me", description="keep")
    old = detail(ctx, app_id).data["application_info"]["token"]
    assert s.request("GET", PROFILE, headers=signed_headers(app="rotate-me", token=old)).code == 0
    r = s.request("PATCH", APPS + "/" + app_id, {"regenerate_token": True}, headers=h)
    assert r.code == 0, r
    new = r.data["token"]
    assert new != old and str(uuid.UUID(new)) == new
    info = detail(ctx, app_id).data["application_info"]
    assert info["token"] == new and info["name"] == "rotate-me" and info["description"] == "keep"
    r = s.request("GET", PROFILE, headers=signed_headers(app="rotate-me", token=old))
    assert r.status == 401 and "signature" in r.msg, r
    assert s.request("GET", PROFILE, headers=signed_headers(app="rotate-me", token=new)).code == 0
    # false rotates nothing
    r = s.request("PATCH", APPS + "/" + app_id, {"regenerate_token": False}, headers=h)
    assert r.code == 0 and r.data == {} and detail(ctx, app_id).data["application_info"]["token"] == new


def test_delete_archives_and_the_app_stops_signing(ctx):
    s, h = ctx.srv, ctx.admin
    app_id = create(ctx, "short-lived")
    token = detail(ctx, app_id).data["application_info"]["token"]
    sig = signed_headers(app="short-lived", token=token)
    assert s.request("GET", PROFILE, headers=sig).code == 0
    r = s.request("DELETE", APPS + "/" + app_id, headers=h)
    assert r.code == 0 and r.data == {}, r
    r = s.request("GET", PROFILE, headers=signed_headers(app="short-lived", token=token))
    assert r.status == 401 and "Appname:short-lived" in r.msg, r
    fails(detail(ctx, app_id), NOT_FOUND)
    fails(s.request("DELETE", APPS + "/" + app_id, headers=h), NOT_FOUND)
    assert b"app\x00" + uuid.UUID(app_id).bytes in archive_keys(s)
    r = s.request("GET", APPS + "?per_page=1000", headers=h)
    assert app_id not in [a["id"] for a in r.data["application_list"]]
    # the name is free again
    assert create(ctx, "short-lived") != app_id


def test_batch_delete(ctx):
    s, h = ctx.srv, ctx.admin
    a, b, keep = create(ctx, "batch-a"), create(ctx, "batch-b"), create(ctx, "batch-keep")
    body = {"application_id_list": [a, b, ctx.other_app_id, str(uuid.uuid4())]}
    r = s.request("DELETE", APPS, body, headers=h)
    assert r.code == 0 and r.msg == "deleted" and r.data == {}, r
    fails(detail(ctx, a), NOT_FOUND)
    fails(detail(ctx, b), NOT_FOUND)
    assert detail(ctx, keep).code == 0
    # another tenant's app was not touched
    sig = signed_headers(app="plant-2-device", token=ctx.other_app_token, email="boss@plant2.example",
                         tenant=OTHER)
    assert s.request("GET", PROFILE, headers=sig).code == 0
    fails(s.request("DELETE", APPS, {}, headers=h), "application_id_list")
    fails(s.request("DELETE", APPS, {"application_id_list": "x"}, headers=h), "should be a list")
    fails(s.request("DELETE", APPS, {"application_id_list": [keep, "nope"]}, headers=h),
          "application ids")
    assert detail(ctx, keep).code == 0, "a refused batch deletes nothing"
    fails(s.request("DELETE", APPS, {"application_id_list": [], "x": 1}, headers=h), "Wrong key")


def test_unknown_and_malformed_ids_are_not_found(ctx):
    s, h = ctx.srv, ctx.admin
    for app_id in (str(uuid.uuid4()), "not-a-uuid"):
        fails(detail(ctx, app_id), NOT_FOUND)
        fails(s.request("PATCH", APPS + "/" + app_id, {"name": "n", "type": "admin"}, headers=h),
              NOT_FOUND)
        fails(s.request("DELETE", APPS + "/" + app_id, headers=h), NOT_FOUND)
    assert "not not" not in NOT_FOUND


def test_another_tenants_app_is_not_found(ctx):
    s, h = ctx.srv, ctx.admin
    url = APPS + "/" + ctx.other_app_id
    fails(s.request("GET", url, headers=h), NOT_FOUND)
    fails(s.request("PATCH", url, {"name": "stolen", "type": "admin"}, headers=h), NOT_FOUND)
    fails(s.request("PATCH", url, {"regenerate_token": True}, headers=h), NOT_FOUND)
    fails(s.request("DELETE", url, headers=h), NOT_FOUND)
    r = s.request("GET", url, headers=ctx.other_admin)
    assert r.code == 0 and r.data["application_info"]["name"] == "plant-2-device", r
    assert r.data["application_info"]["token"] == ctx.other_app_token
    # and that tenant's admin sees only its own apps
    r = s.request("GET", APPS + "?per_page=1000", headers=ctx.other_admin)
    assert all(a["tenant_id"] == OTHER for a in r.data["application_list"]), r
    assert APP_NAME not in [a["name"] for a in r.data["application_list"]]


def test_admin_routes_refuse_lesser_callers(ctx):
    s = ctx.srv
    app_id = create(ctx, "guarded")
    wf_app = signed_headers(app="wf-device", token=ctx.wf_app_token)  # signs for the admin user
    assert s.request("GET", PROFILE, headers=wf_app).code == 0
    normal_app = signed_headers(email="normal@example.com")  # admin app, normal user
    calls = [("GET", APPS, None), ("POST", APPS, {"name": "sneaky", "type": "admin"}),
             ("DELETE", APPS, {"application_id_list": [app_id]}),
             ("GET", APPS + "/" + app_id, None),
             ("PATCH", APPS + "/" + app_id, {"regenerate_token": True}),
             ("DELETE", APPS + "/" + app_id, None)]
    for who in (ctx.normal, ctx.workflow_admin, wf_app, normal_app):
        for method, url, body in calls:
            r = s.request(method, url, body, headers=who)
            assert r.status == 200 and r.code == -1 and r.msg == NEED_ADMIN, (method, url, r)
    # nothing changed
    info = detail(ctx, app_id).data["application_info"]
    assert info["name"] == "guarded"
    r = s.request("GET", APPS + "?search_value=sneaky", headers=ctx.admin)
    assert r.data["total"] == 0
    # no credentials at all
    assert s.request("GET", APPS).status == 401
    assert s.request("GET", SIMPLE).status == 401


def test_tenant_routes(ctx):
    s = ctx.srv
    r = s.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=plant2.example")
    assert r.code == 0 and r.data == {"tenant_info": {"id": OTHER, "name": "plant-2",
                                                      "domain": "plant2.example",
                                                      "logo_path": ""}}, r
    r = s.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=unknown.example")
    assert r.code == 0 and r.data["tenant_info"]["id"] == TENANT, r
    fails(s.request("GET", "/api/v1.0/accounts/tenants/by_domain"), "domain is required")
    r = s.request("GET", "/api/v1.0/accounts/tenants/" + TENANT, headers=ctx.admin)
    assert r.code == 0, r
    assert list(r.data["tenant_info"]) == ["id", "label", "created_at", "updated_at", "name",
                                           "domain", "logo_path", "workflow_limit",
                                           "ticket_limit", "is_active"]
    fails(s.request("GET", "/api/v1.0/accounts/tenants/" + OTHER, headers=ctx.admin),
          "tenant is not exist or has been deleted")
    r = s.request("GET", "/api/v1.0/accounts/tenants/" + OTHER, headers=ctx.other_admin)
    assert r.code == 0 and r.data["tenant_info"]["name"] == "plant-2", r
    fails(s.request("GET", "/api/v1.0/accounts/tenants/nope", headers=ctx.admin),
          "tenant is not exist")
    for who in (ctx.normal, ctx.workflow_admin):
        r = s.request("GET", "/api/v1.0/accounts/tenants/" + TENANT, headers=who)
        assert r.code == -1 and r.msg == NEED_ADMIN, r


def test_apps_survive_a_restart(ctx):
    s = ctx.srv
    app_id = create(ctx, "durable")
    token = detail(ctx, app_id).data["application_info"]["token"]
    s.stop()
    s.start()
    ctx.admin = s.jwt_headers(s.login())
    assert detail(ctx, app_id).data["application_info"]["token"] == token
    assert s.request("GET", PROFILE, headers=signed_headers(app="durable", token=token)).code == 0
