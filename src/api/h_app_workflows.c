/* /accounts/applications/<id>/workflows: which workflows an application may
 * call (the "api" permission, keyed by application id), granted and revoked
 * with {"workflow_id_list": [...]}. */
#include "internal.h"
#include "loonflow/workflow.h"


#define APP_NOT_FOUND "application is not exist or has been deleted"

static int load_app(lf_call *c, lf_app *app)
{
    lf_uuid id;
    int rc = lf_call_param_uuid(c, 0, &id);
    if (rc == LF_OK)
        rc = lf_app_get(c->txn, &id, c->a, app);
    if (rc == LF_OK && !lf_uuid_eq(&app->tenant_id, &c->caller.user.tenant_id))
        rc = LF_ENOTFOUND;
    if (rc == LF_EINVAL || rc == LF_ENOTFOUND)
        return lf_call_fail(c, APP_NOT_FOUND);
    return rc;
}

typedef struct app_list {
    lf_call *c;
    const char *search; /* "" matches all */
    lf_pager pg;
} app_list;

static int list_one(const lf_uuid *wf_id, void *ctx)
{
    app_list *l = ctx;
    lf_call *c = l->c;
    lf_workflow wf;
    lf_wf_version v;
    if (lf_wf_get(c->txn, &c->caller.user.tenant_id, wf_id, c->a, &wf) != LF_OK ||
        lf_wf_version_get(c->txn, &wf, &wf.default_version_id, c->a, &v) != LF_OK)
        return 0;
    if (!lf_icontains(v.wf_name, lf_strz(l->search)) &&
        !lf_icontains(v.wf_description, lf_strz(l->search)))
        return 0;
    if (lf_pager_take(&l->pg))
        lf_wf_write_item(c, &wf, &v, 0);
    return 0;
}

int lf_h_app_workflows(lf_call *c)
{
    lf_app app;
    app_list l = {.c = c};
    int rc = load_app(c, &app);
    if (rc || (rc = lf_pager_init(c, &l.pg)))
        return rc;
    if ((rc = lf_wf_search_value(c, &l.search)) ||
        (rc = lf_wf_each_by_target(c->txn, &app.tenant_id, LF_WFP_API, &app.id, list_one, &l)))
        return rc;
    lf_pager_turn(&l.pg);
    lf_jw_key(&c->w, "workflow_info_list");
    lf_jw_arr(&c->w);
    rc = lf_wf_each_by_target(c->txn, &app.tenant_id, LF_WFP_API, &app.id, list_one, &l);
    lf_jw_arr_end(&c->w);
    lf_jw_pager(&c->w, &l.pg);
    return rc;
}

static int grant_one(lf_call *c, const lf_app *app, lf_str id_text, lf_workflow *wf)
{
    lf_uuid id;
    int rc = lf_uuid_parse(id_text, &id) == LF_OK
                 ? lf_wf_get(c->txn, &app->tenant_id, &id, c->a, wf)
                 : LF_ENOTFOUND;
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "workflow is not existed or has been deleted");
    return rc;
}

/* Body {"workflow_id_list": [...]} (the web UI's POST says "workflow_ids",
 * its DELETE sends ?workflow_id=). Every id is checked before anything
 * changes: one unknown id, no change. */
static int change(lf_call *c, int grant)
{
    static const char *const keys[] = {"workflow_id_list", "workflow_ids", NULL};
    lf_app app;
    lf_json j;
    lf_str one;
    int rc = load_app(c, &app);
    if (rc)
        return rc;
    if (c->req->body.n == 0 && lf_call_query(c, "workflow_id", &one) == LF_OK) {
        lf_workflow wf;
        return (rc = grant_one(c, &app, one, &wf)) ? rc
                                                   : lf_wf_app_grant(c->txn, &wf, &app.id, grant, c->a);
    }
    if ((rc = lf_call_json(c, &j)) || (rc = lf_call_only_keys(c, &j, keys)))
        return rc;
    int list = lf_json_get(&j, 0, "workflow_id_list");
    if (list < 0)
        list = lf_json_get(&j, 0, "workflow_ids");
    if (lf_json_type_of(&j, list) != LF_JSON_ARRAY)
        return lf_call_fail(c, "Request data is invalid:workflow_id_list must be a list");
    int n = lf_json_count(&j, list);
    lf_workflow *wfs = lf_arena_alloc(c->a, sizeof *wfs * (size_t)(n ? n : 1));
    if (!wfs)
        return LF_ENOMEM;
    int i = 0;
    for (int v = lf_json_first(&j, list); v >= 0; v = lf_json_next(&j, v), i++) {
        lf_str s = LF_STR("");
        if (lf_json_type_of(&j, v) == LF_JSON_STRING && (rc = lf_json_str(&j, v, c->a, &s)))
            return rc;
        if ((rc = grant_one(c, &app, s, &wfs[i])))
            return rc;
    }
    for (i = 0; i < n; i++)
        if ((rc = lf_wf_app_grant(c->txn, &wfs[i], &app.id, grant, c->a)))
            return rc;
    return LF_H_OK;
}

int lf_h_app_workflows_add(lf_call *c)
{
    return change(c, 1);
}

int lf_h_app_workflows_del(lf_call *c)
{
    return change(c, 0);
}
