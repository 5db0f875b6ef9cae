#include "loonflow/accounts.h"
#include "loonflow/manage.h"
#include "rec_io.h"

#include <string.h>

static const lf_field auth_config_fields[] = {
    LF_FIELD(lf_auth_config, id, LF_F_UUID),
    LF_FIELD(lf_auth_config, tenant_id, LF_F_UUID),
    LF_FIELD(lf_auth_config, label, LF_F_JSON),
    LF_FIELD(lf_auth_config, creator_id, LF_F_UUID),
    LF_FIELD(lf_auth_config, created_at, LF_F_I64),
    LF_FIELD(lf_auth_config, updated_at, LF_F_I64),
    LF_FIELD(lf_auth_config, seq, LF_F_I64),
    LF_FIELD(lf_auth_config, type, LF_F_STR),
    LF_FIELD(lf_auth_config, description, LF_F_STR),
    LF_FIELD(lf_auth_config, client_id, LF_F_STR),
    LF_FIELD(lf_auth_config, client_secret, LF_F_STR),
    LF_FIELD(lf_auth_config, redirect_uri, LF_F_STR),
    LF_FIELD(lf_auth_config, agent_id, LF_F_STR),
    LF_FIELD(lf_auth_config, azure_tenant_id, LF_F_STR),
    LF_FIELD(lf_auth_config, is_enabled, LF_F_BOOL),
};
static const lf_record_type auth_config_rt = {
    auth_config_fields, sizeof auth_config_fields / sizeof *auth_config_fields};

static void tenant_key(lf_key *k, const lf_auth_config *cfg)
{
    lf_key_init(k);
    lf_key_uuid(k, &cfg->tenant_id);
    lf_key_be64(k, (uint64_t)cfg->seq);
    lf_key_uuid(k, &cfg->id);
}

int lf_auth_config_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_auth_config *out)
{
    return lf_rec_get(t, LF_T_AUTH_CONFIG, lf_uuid_val(id), &auth_config_rt, a, out);
}

int lf_auth_config_insert(lf_txn *t, lf_auth_config *cfg)
{
    uint64_t seq;
    lf_key k;
    int rc = lf_next_seq(t, "seq.auth_config", &seq);
    if (rc)
        return rc;
    cfg->seq = (int64_t)seq;
    tenant_key(&k, cfg);
    rc = lf_put(t, LF_T_AUTH_CONFIG_TENANT, lf_key_val(&k), (lf_val){"", 0});
    return rc ? rc : lf_auth_config_update(t, cfg);
}

int lf_auth_config_update(lf_txn *t, const lf_auth_config *cfg)
{
    return lf_rec_put(t, LF_T_AUTH_CONFIG, lf_uuid_val(&cfg->id), &auth_config_rt, cfg);
}

int lf_auth_config_delete(lf_txn *t, const lf_auth_config *cfg)
{
    lf_key k;
    int rc = lf_archive_record(t, LF_T_AUTH_CONFIG, lf_table_name(LF_T_AUTH_CONFIG), &cfg->id);
    if (rc == LF_OK)
        rc = lf_del(t, LF_T_AUTH_CONFIG, lf_uuid_val(&cfg->id));
    tenant_key(&k, cfg);
    if (rc == LF_OK && (rc = lf_del(t, LF_T_AUTH_CONFIG_TENANT, lf_key_val(&k))) == LF_ENOTFOUND)
        rc = LF_OK;
    return rc;
}

int lf_auth_config_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                                  int (*fn)(const lf_auth_config *cfg, void *ctx), void *ctx)
{
    lf_ids ids = {0};
    int rc = lf_rec_ids(t, LF_T_AUTH_CONFIG_TENANT, lf_uuid_val(tenant), 1, a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_auth_config cfg;
        rc = lf_auth_config_get(t, &ids.v[i], a, &cfg);
        if (rc == LF_ENOTFOUND)
            rc = LF_OK; /* a stale index row hides nothing else */
        else if (rc == LF_OK && fn(&cfg, ctx))
            break;
    }
    return rc;
}
