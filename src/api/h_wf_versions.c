/* /workflows/<id>/versions: list, detail, and name/description/type changes
 * (including switching the default version). */
#include "internal.h"
#include "loonflow/workflow.h"

#include <string.h>

static void write_version(lf_call *c, const lf_wf_version *v)
{
    lf_jw *w = &c->w;
    lf_jw_uuid(w, "id", &v->id);
    lf_jw_kraw(w, "label", lf_strz(v->label));
    lf_jw_creator_info(c, w, &v->creator_id);
    lf_jw_time(w, "created_at", v->created_at, LF_TIME_RECORD);
    lf_jw_time(w, "updated_at", v->updated_at, LF_TIME_RECORD);
    lf_jw_uuid(w, "tenant_id", &v->tenant_id);
    lf_jw_kstrz(w, "name", v->name);
    lf_jw_kstrz(w, "description", v->description);
    lf_jw_kstrz(w, "type", v->type);
}

typedef struct ver_list {
    lf_call *c;
    const char *search; /* "" matches all */
    lf_pager pg;
} ver_list;

static int list_one(const lf_wf_version *v, void *ctx)
{
    ver_list *l = ctx;
    if (!lf_icontains(v->name, lf_strz(l->search)))
        return 0;
    if (lf_pager_take(&l->pg)) {
        lf_jw_obj(&l->c->w);
        write_version(l->c, v);
        lf_jw_obj_end(&l->c->w);
    }
    return 0;
}

int lf_h_wf_versions(lf_call *c)
{
    lf_workflow wf;
    ver_list l = {.c = c};
    int rc = lf_wf_load(c, 1, &wf);
    if (rc || (rc = lf_pager_init(c, &l.pg)))
        return rc;
    if ((rc = lf_wf_search_value(c, &l.search)) ||
        (rc = lf_wf_version_each(c->txn, &wf, c->a, list_one, &l)))
        return rc;
    lf_pager_turn(&l.pg);
    lf_jw_key(&c->w, "version_info_list");
    lf_jw_arr(&c->w);
    rc = lf_wf_version_each(c->txn, &wf, c->a, list_one, &l);
    lf_jw_arr_end(&c->w);
    lf_jw_pager(&c->w, &l.pg);
    return rc;
}

static int load_version(lf_call *c, const lf_workflow *wf, lf_uuid *vid, lf_wf_version *v)
{
    int rc = lf_call_param_uuid(c, 1, vid);
    if (rc == LF_OK)
        rc = lf_wf_version_get(c->txn, wf, vid, c->a, v);
    if (rc == LF_EINVAL || rc == LF_ENOTFOUND)
        return lf_call_fail(c, "version is not existed or has been deleted");
    return rc;
}

int lf_h_wf_version_get(lf_call *c)
{
    lf_workflow wf;
    lf_wf_version v;
    lf_uuid vid;
    int rc = lf_wf_load(c, 0, &wf);
    if (rc || (rc = load_version(c, &wf, &vid, &v)))
        return rc;
    write_version(c, &v);
    return LF_H_OK;
}

/* A string member or NULL when absent; a non-string fails the call. */
static int opt_str(lf_call *c, const lf_json *j, const char *key, const char **out)
{
    lf_str s;
    int rc = lf_json_get_str(j, 0, key, c->a, &s);
    *out = NULL;
    if (rc == LF_ENOTFOUND)
        return LF_H_OK;
    if (rc == LF_ETYPE)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a string", key);
    if (rc == LF_OK && strlen(s.p) != s.n)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: contains NUL", key);
    *out = s.p;
    return rc;
}

int lf_h_wf_version_patch(lf_call *c)
{
    lf_workflow wf;
    lf_wf_version v;
    lf_uuid vid;
    lf_json j;
    lf_wf_err err;
    const char *name, *desc, *type;
    lf_wf_actor who = lf_wf_actor_of(c);
    int rc = lf_wf_load(c, 1, &wf);
    if (rc || (rc = load_version(c, &wf, &vid, &v)) || (rc = lf_call_json(c, &j)) ||
        (rc = opt_str(c, &j, "name", &name)) || (rc = opt_str(c, &j, "description", &desc)) ||
        (rc = opt_str(c, &j, "type", &type)))
        return rc;
    if (desc && strlen(desc) > 500)
        return lf_call_fail(c, "Request data is invalid:description is longer than 500 characters");
    rc = lf_wf_version_update(c->txn, &who, &wf, &vid, name, desc, type, c->a, &err);
    return rc ? lf_wf_fail(c, rc, &err) : LF_H_OK;
}
