#include "loonflow/accounts.h"
#include "rec_io.h"

#include <string.h>

static const lf_field app_fields[] = {
    LF_FIELD(lf_app, id, LF_F_UUID),
    LF_FIELD(lf_app, tenant_id, LF_F_UUID),
    LF_FIELD(lf_app, label, LF_F_JSON),
    LF_FIELD(lf_app, creator_id, LF_F_UUID),
    LF_FIELD(lf_app, created_at, LF_F_I64),
    LF_FIELD(lf_app, updated_at, LF_F_I64),
    LF_FIELD(lf_app, name, LF_F_STR),
    LF_FIELD(lf_app, description, LF_F_STR),
    LF_FIELD(lf_app, token, LF_F_STR),
    LF_FIELD(lf_app, type, LF_F_STR),
};
static const lf_record_type app_rt = {app_fields, sizeof app_fields / sizeof *app_fields};

static int name_key(lf_key *k, const lf_uuid *tenant, lf_str name)
{
    lf_key_init(k);
    lf_key_uuid(k, tenant);
    lf_key_str(k, name);
    return k->overflow || name.n == 0 ? LF_EINVAL : LF_OK;
}

static int tenant_key(lf_key *k, const lf_app *app)
{
    lf_key_init(k);
    lf_key_uuid(k, &app->tenant_id);
    lf_key_uuid(k, &app->id);
    return k->overflow ? LF_EINVAL : LF_OK;
}

int lf_app_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_app *out)
{
    return lf_rec_get(t, LF_T_APP, lf_uuid_val(id), &app_rt, a, out);
}

int lf_app_by_name(lf_txn *t, const lf_uuid *tenant, lf_str name, lf_arena *a, lf_app *out)
{
    lf_key k;
    if (name_key(&k, tenant, name))
        return LF_ENOTFOUND;
    return lf_rec_get_via(t, LF_T_APP_NAME, lf_key_val(&k), LF_T_APP, &app_rt, a, out);
}

int lf_app_insert(lf_txn *t, const lf_app *app)
{
    lf_key k, tk;
    int rc = name_key(&k, &app->tenant_id, lf_strz(app->name));
    if (rc == LF_OK)
        rc = tenant_key(&tk, app);
    if (rc == LF_OK)
        rc = lf_put_new(t, LF_T_APP_NAME, lf_key_val(&k), lf_uuid_val(&app->id));
    if (rc == LF_OK)
        rc = lf_put(t, LF_T_APP_TENANT, lf_key_val(&tk), (lf_val){"", 0});
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_APP, lf_uuid_val(&app->id), &app_rt, app);
    return rc;
}

int lf_app_update(lf_txn *t, const lf_app *old, const lf_app *app)
{
    int rc = LF_OK;
    /* The tenant never changes: only the name index can move. */
    if (strcmp(old->name, app->name) != 0) {
        lf_key nk, ok;
        rc = name_key(&nk, &app->tenant_id, lf_strz(app->name));
        if (rc == LF_OK)
            rc = lf_put_new(t, LF_T_APP_NAME, lf_key_val(&nk), lf_uuid_val(&app->id));
        if (rc == LF_OK && name_key(&ok, &old->tenant_id, lf_strz(old->name)) == LF_OK)
            rc = lf_del(t, LF_T_APP_NAME, lf_key_val(&ok));
    }
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_APP, lf_uuid_val(&app->id), &app_rt, app);
    return rc;
}

int lf_app_delete(lf_txn *t, const lf_app *app)
{
    lf_key nk, tk;
    int rc = lf_archive_record(t, LF_T_APP, lf_table_name(LF_T_APP), &app->id);
    if (rc == LF_OK)
        rc = lf_del(t, LF_T_APP, lf_uuid_val(&app->id));
    /* Index rows that are already gone do not stop the delete. */
    if (rc == LF_OK && name_key(&nk, &app->tenant_id, lf_strz(app->name)) == LF_OK &&
        (rc = lf_del(t, LF_T_APP_NAME, lf_key_val(&nk))) == LF_ENOTFOUND)
        rc = LF_OK;
    if (rc == LF_OK && tenant_key(&tk, app) == LF_OK &&
        (rc = lf_del(t, LF_T_APP_TENANT, lf_key_val(&tk))) == LF_ENOTFOUND)
        rc = LF_OK;
    return rc;
}

int lf_app_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                          int (*fn)(const lf_app *app, void *ctx), void *ctx)
{
    lf_ids ids = {0};
    int rc = lf_rec_ids(t, LF_T_APP_TENANT, lf_uuid_val(tenant), 0, a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_app app;
        rc = lf_app_get(t, &ids.v[i], a, &app);
        if (rc == LF_ENOTFOUND)
            rc = LF_OK; /* a stale index row hides nothing else */
        else if (rc == LF_OK && fn(&app, ctx))
            break;
    }
    return rc;
}
