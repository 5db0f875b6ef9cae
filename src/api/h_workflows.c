/* /workflows: create, save, read the full definition, delete, list; and
 * the per-workflow access rules every workflow handler shares. */
#include "internal.h"
#include "loonflow/workflow.h"

#include <string.h>

#define WF_NOT_FOUND "workflow is not existed or has been deleted"
#define VERSION_NOT_FOUND "version is not existed or has been deleted"

lf_wf_actor lf_wf_actor_of(const lf_call *c)
{
    return (lf_wf_actor){c->caller.user.tenant_id, c->caller.user.id, c->now};
}

int lf_wf_fail(lf_call *c, int rc, const lf_wf_err *err)
{
    if ((rc == LF_EINVAL || rc == LF_ENOTFOUND) && err->msg[0])
        return lf_call_fail(c, "%s", err->msg);
    return rc;
}

/* An application caller other than an admin app reaches only the workflows
 * whose default version grants it (the api permission, keyed by application
 * id), as upstream's check does when no version is named. */
static int app_allowed(lf_call *c, const lf_workflow *wf)
{
    if (c->caller.kind != LF_AUTH_SIG || strcmp(c->caller.app.type, "admin") == 0)
        return 1;
    return lf_wf_has_perm(c->txn, &wf->tenant_id, LF_WFP_API, &c->caller.app.id, &wf->id,
                          &wf->default_version_id);
}

/* Admins administer every workflow; a workflow_admin those they created or
 * whose default version lists them (upstream lists by the default version). */
int lf_wf_administers(lf_call *c, const lf_workflow *wf)
{
    const lf_user *u = &c->caller.user;
    if (!app_allowed(c, wf))
        return 0;
    if (lf_user_level(u) == LF_USER_ADMIN)
        return 1;
    if (lf_user_level(u) != LF_USER_WORKFLOW_ADMIN)
        return 0;
    return lf_uuid_eq(&wf->creator_id, &u->id) ||
           lf_wf_has_perm(c->txn, &wf->tenant_id, LF_WFP_ADMIN, &u->id, &wf->id,
                          &wf->default_version_id);
}

int lf_wf_load(lf_call *c, int need_admin, lf_workflow *wf)
{
    lf_uuid id;
    int rc = lf_call_param_uuid(c, 0, &id);
    if (rc == LF_OK)
        rc = lf_wf_get(c->txn, &c->caller.user.tenant_id, &id, c->a, wf);
    if (rc == LF_EINVAL || rc == LF_ENOTFOUND || (rc == LF_OK && !app_allowed(c, wf)))
        return lf_call_fail(c, WF_NOT_FOUND);
    if (rc)
        return rc;
    if (need_admin && !lf_wf_administers(c, wf))
        return lf_call_fail(c, "has no permission: you are not an administrator of this workflow");
    return LF_H_OK;
}

int lf_wf_load_version(lf_call *c, const lf_workflow *wf, lf_str name, lf_wf_version *v)
{
    int rc = lf_wf_version_by_name(c->txn, wf, name, c->a, v);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, VERSION_NOT_FOUND);
    return rc;
}

int lf_h_workflow_create(lf_call *c)
{
    lf_json j;
    lf_uuid id;
    lf_wf_err err;
    lf_wf_actor who = lf_wf_actor_of(c);
    int rc = lf_call_json(c, &j);
    if (rc)
        return rc;
    if ((rc = lf_wf_create(c->txn, &who, &j, c->a, &id, &err)))
        return lf_wf_fail(c, rc, &err);
    lf_jw_uuid(&c->w, "workflow_id", &id);
    return LF_H_OK;
}

int lf_h_workflow_save(lf_call *c)
{
    lf_json j;
    lf_workflow wf;
    lf_wf_err err;
    lf_wf_actor who = lf_wf_actor_of(c);
    int rc = lf_wf_load(c, 1, &wf);
    if (rc || (rc = lf_call_json(c, &j)))
        return rc;
    if ((rc = lf_wf_save(c->txn, &who, &wf, &j, c->a, &err)))
        return lf_wf_fail(c, rc, &err);
    lf_jw_uuid(&c->w, "workflow_id", &wf.id);
    return LF_H_OK;
}

int lf_h_workflow_get(lf_call *c)
{
    lf_workflow wf;
    lf_wf_version v;
    lf_json j;
    lf_wf_design d;
    lf_str name = LF_STR("");
    int rc = lf_wf_load(c, 1, &wf);
    if (rc)
        return rc;
    lf_call_query(c, "version_name", &name);
    if ((rc = lf_wf_load_version(c, &wf, name, &v)))
        return rc;
    if (strcmp(v.type, "archived") == 0)
        return lf_call_fail(c, "version is archived, does not support to get full definition");
    if ((rc = lf_wf_design_load(c->txn, &v.id, c->a, &j, &d)))
        return rc;
    lf_wf_doc_info info = {&wf.id, &wf.tenant_id, v.name};
    lf_jw_key(&c->w, "workflow_full_defination");
    lf_wf_design_write(&d, &info, &c->w);
    return LF_H_OK;
}

int lf_h_workflow_delete(lf_call *c)
{
    lf_workflow wf;
    int rc = lf_wf_load(c, 1, &wf);
    if (rc || (rc = lf_wf_delete(c->txn, &wf, c->a)) != LF_EBUSY)
        return rc;
    return lf_call_fail(c, "workflow has open tickets and can not be deleted; archive its "
                           "versions instead");
}

/* ---- lists ---- */

int lf_wf_search_value(lf_call *c, const char **out)
{
    lf_str q;
    *out = "";
    if (lf_call_query(c, "search_value", &q) != LF_OK)
        return LF_H_OK;
    if (memchr(q.p, 0, q.n))
        return lf_call_fail(c, "Request data is invalid:search_value contains a NUL character");
    *out = q.p; /* decoded query values are NUL-terminated arena strings */
    return LF_H_OK;
}

typedef struct wf_list {
    lf_call *c;
    const char *search; /* "" matches all */
    lf_pager pg;
    int simple, only_admin;
} wf_list;

void lf_wf_write_item(lf_call *c, const lf_workflow *wf, const lf_wf_version *v, int simple)
{
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &v->id); /* upstream: the basic-info row, one per version */
    if (!simple) {
        lf_jw_kraw(w, "label", lf_strz(v->label));
        lf_jw_creator_info(c, w, &wf->creator_id);
        lf_jw_time(w, "created_at", wf->created_at, LF_TIME_RECORD);
        lf_jw_time(w, "updated_at", wf->updated_at, LF_TIME_RECORD);
        lf_jw_uuid(w, "tenant_id", &wf->tenant_id);
    }
    lf_jw_kstrz(w, "name", v->wf_name);
    lf_jw_kstrz(w, "description", v->wf_description);
    lf_jw_kstrz(w, "version", v->name);
    lf_jw_uuid(w, "workflow_id", &wf->id);
    lf_jw_obj_end(w);
}

static int list_one(const lf_workflow *wf, void *ctx)
{
    wf_list *l = ctx;
    lf_call *c = l->c;
    lf_wf_version v;
    if (l->only_admin && !lf_wf_administers(c, wf))
        return 0;
    if (!app_allowed(c, wf))
        return 0;
    if (lf_wf_version_get(c->txn, wf, &wf->default_version_id, c->a, &v) != LF_OK)
        return 0; /* no default version: nothing to list */
    if (!lf_icontains(v.wf_name, lf_strz(l->search)) &&
        !lf_icontains(v.wf_description, lf_strz(l->search)))
        return 0;
    if (lf_pager_take(&l->pg))
        lf_wf_write_item(c, wf, &v, l->simple);
    return 0;
}

/* Counts, then writes the page: a page past the end serves the last page,
 * as upstream's paginator (and every other list here) does. */
static int list(lf_call *c, int simple)
{
    wf_list l = {.c = c, .simple = simple};
    int rc = lf_pager_init(c, &l.pg);
    if (rc || (rc = lf_wf_search_value(c, &l.search)))
        return rc;
    l.only_admin = !simple && lf_user_level(&c->caller.user) != LF_USER_ADMIN;
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    if ((rc = lf_wf_each_of_tenant(c->txn, tenant, c->a, list_one, &l)))
        return rc;
    lf_pager_turn(&l.pg);
    lf_jw_key(&c->w, "workflow_info_list");
    lf_jw_arr(&c->w);
    rc = lf_wf_each_of_tenant(c->txn, tenant, c->a, list_one, &l);
    lf_jw_arr_end(&c->w);
    lf_jw_pager(&c->w, &l.pg);
    return rc;
}

int lf_h_workflow_list(lf_call *c)
{
    return list(c, 0);
}

int lf_h_simple_workflows(lf_call *c)
{
    return list(c, 1);
}
