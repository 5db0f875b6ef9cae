/* manage: the tenant's third-party login configurations (WeCom and
 * Microsoft OIDC), as records in the store. No HTTP here. */
#ifndef LOONFLOW_MANAGE_H
#define LOONFLOW_MANAGE_H

#include "loonflow/core.h"
#include "loonflow/store.h"

typedef struct lf_auth_config {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    int64_t seq; /* insertion order within the store: newest-first lists */
    const char *type; /* "wecom" | "microsoft_oidc" */
    const char *description, *client_id, *client_secret, *redirect_uri;
    const char *agent_id;        /* wecom only */
    const char *azure_tenant_id; /* microsoft_oidc only */
    int is_enabled;
} lf_auth_config;

int lf_auth_config_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_auth_config *out);
/* Stores a new config and sets cfg->seq. */
int lf_auth_config_insert(lf_txn *t, lf_auth_config *cfg);
int lf_auth_config_update(lf_txn *t, const lf_auth_config *cfg);
/* Archives the config, then deletes it and its index row. */
int lf_auth_config_delete(lf_txn *t, const lf_auth_config *cfg);
/* Calls fn for each config of the tenant, newest first, until fn returns non-zero. */
int lf_auth_config_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                                  int (*fn)(const lf_auth_config *cfg, void *ctx), void *ctx);

#endif
