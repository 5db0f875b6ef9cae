#include "loonflow/accounts.h"
#include "rec_io.h"

#include <string.h>

const lf_uuid LF_DEFAULT_TENANT = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};

static const lf_field tenant_fields[] = {
    LF_FIELD(lf_tenant, id, LF_F_UUID),
    LF_FIELD(lf_tenant, label, LF_F_JSON),
    LF_FIELD(lf_tenant, creator_id, LF_F_UUID),
    LF_FIELD(lf_tenant, created_at, LF_F_I64),
    LF_FIELD(lf_tenant, updated_at, LF_F_I64),
    LF_FIELD(lf_tenant, name, LF_F_STR),
    LF_FIELD(lf_tenant, domain, LF_F_STR),
    LF_FIELD(lf_tenant, logo_path, LF_F_STR),
    LF_FIELD(lf_tenant, workflow_limit, LF_F_I64),
    LF_FIELD(lf_tenant, ticket_limit, LF_F_I64),
    LF_FIELD(lf_tenant, is_active, LF_F_BOOL),
};
static const lf_record_type tenant_rt = {tenant_fields, sizeof tenant_fields / sizeof *tenant_fields};

int lf_tenant_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_tenant *out)
{
    return lf_rec_get(t, LF_T_TENANT, lf_uuid_val(id), &tenant_rt, a, out);
}

int lf_tenant_by_domain(lf_txn *t, lf_str domain, lf_arena *a, lf_tenant *out)
{
    if (domain.n == 0 || domain.n > LF_KEY_MAX)
        return LF_ENOTFOUND;
    return lf_rec_get_via(t, LF_T_TENANT_DOMAIN, (lf_val){domain.p, domain.n}, LF_T_TENANT,
                          &tenant_rt, a, out);
}

int lf_tenant_put(lf_txn *t, const lf_tenant *tn)
{
    int rc = lf_rec_put(t, LF_T_TENANT, lf_uuid_val(&tn->id), &tenant_rt, tn);
    if (rc == LF_OK && tn->domain && *tn->domain)
        rc = lf_put(t, LF_T_TENANT_DOMAIN, (lf_val){tn->domain, strlen(tn->domain)},
                    lf_uuid_val(&tn->id));
    return rc;
}
