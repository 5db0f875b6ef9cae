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
    lf_key k;
    int rc = name_key(&k, &app->tenant_id, lf_strz(app->name));
    if (rc == LF_OK)
        rc = lf_put_new(t, LF_T_APP_NAME, lf_key_val(&k), lf_uuid_val(&app->id));
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_APP, lf_uuid_val(&app->id), &app_rt, app);
    return rc;
}
