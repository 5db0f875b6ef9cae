/* /manage/auth_configs: the tenant's WeCom and Microsoft OIDC login
 * configurations (admins only, so the client secret is shown in the detail),
 * and the public /manage/auth/login that tells the sign-in page which of
 * them are enabled. */
#include "internal.h"
#include "loonflow/manage.h"

#include <string.h>

static const char not_found[] = "Auth config not found";

static const char *type_display(const char *type)
{
    return strcmp(type, "wecom") == 0 ? "\xe4\xbc\x81\xe4\xb8\x9a\xe5\xbe\xae\xe4\xbf\xa1" /* 企业微信 */
                                      : "Microsoft OIDC";
}

static int is_wecom(const lf_auth_config *cfg)
{
    return strcmp(cfg->type, "wecom") == 0;
}

static int load_config(lf_call *c, lf_auth_config *cfg)
{
    lf_uuid id;
    if (lf_call_param_uuid(c, 0, &id) != LF_OK)
        return lf_call_fail(c, not_found);
    int rc = lf_auth_config_get(c->txn, &id, c->a, cfg);
    if (rc == LF_ENOTFOUND ||
        (rc == LF_OK && !lf_uuid_eq(&cfg->tenant_id, &c->caller.user.tenant_id)))
        return lf_call_fail(c, not_found);
    return rc;
}

/* ---- list ---- */

typedef struct config_list {
    lf_call *c;
    lf_str search;
    lf_pager pg;
} config_list;

/* Upstream's search filters on a field that does not exist and always fails;
 * ours matches the words an admin sees or typed: type, its display name, the
 * description and the client id. */
static int matches(const lf_auth_config *cfg, lf_str s)
{
    return s.n == 0 || lf_icontains(cfg->type, s) || lf_icontains(type_display(cfg->type), s) ||
           lf_icontains(cfg->description, s) || lf_icontains(cfg->client_id, s);
}

static int list_visit(const lf_auth_config *cfg, void *ctx)
{
    config_list *l = ctx;
    if (!matches(cfg, l->search))
        return 0;
    if (lf_pager_take(&l->pg)) {
        lf_jw *w = &l->c->w;
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &cfg->id);
        lf_jw_kstrz(w, "type", cfg->type);
        lf_jw_kstrz(w, "type_display", type_display(cfg->type));
        lf_jw_kbool(w, "is_enabled", cfg->is_enabled);
        lf_jw_time(w, "created_at", cfg->created_at, LF_TIME_PLAIN);
        lf_jw_obj_end(w);
    }
    return 0;
}

int lf_h_auth_config_list(lf_call *c)
{
    config_list l = {.c = c};
    int rc = lf_pager_init(c, &l.pg);
    if (rc)
        return rc;
    if (lf_call_query(c, "search_value", &l.search) != LF_OK)
        l.search = LF_STR("");
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    if ((rc = lf_auth_config_each_of_tenant(c->txn, tenant, c->a, list_visit, &l)))
        return rc;
    lf_pager_turn(&l.pg);
    lf_jw *w = &c->w;
    lf_jw_key(w, "auth_config_list");
    lf_jw_arr(w);
    rc = lf_auth_config_each_of_tenant(c->txn, tenant, c->a, list_visit, &l);
    lf_jw_arr_end(w);
    lf_jw_key(w, "paginator_info");
    lf_jw_obj(w);
    lf_jw_ki64(w, "page", l.pg.page);
    lf_jw_ki64(w, "per_page", l.pg.per_page);
    lf_jw_ki64(w, "total", l.pg.total);
    lf_jw_obj_end(w);
    return rc;
}

/* ---- create and edit ---- */

/* Another enabled config of cfg's type in its tenant (not cfg itself). */
typedef struct enabled_scan {
    const lf_auth_config *cfg;
    lf_txn *txn;
    int disable; /* 0: only look; 1: switch the others off */
    int found;
    int rc;
} enabled_scan;

static int enabled_visit(const lf_auth_config *other, void *ctx)
{
    enabled_scan *s = ctx;
    if (!other->is_enabled || lf_uuid_eq(&other->id, &s->cfg->id) ||
        strcmp(other->type, s->cfg->type) != 0)
        return 0;
    s->found = 1;
    if (!s->disable)
        return 1;
    lf_auth_config off = *other;
    off.is_enabled = 0;
    off.updated_at = s->cfg->updated_at;
    s->rc = lf_auth_config_update(s->txn, &off);
    return s->rc != LF_OK;
}

static int scan_enabled(lf_call *c, const lf_auth_config *cfg, int disable, int *found)
{
    enabled_scan s = {.cfg = cfg, .txn = c->txn, .disable = disable};
    int rc = lf_auth_config_each_of_tenant(c->txn, &cfg->tenant_id, c->a, enabled_visit, &s);
    *found = s.found;
    return rc ? rc : s.rc;
}

static int non_empty(lf_call *c, const lf_json *j, const char *key, int required,
                     const char *empty_msg, const char **out)
{
    lf_str v;
    int present = lf_json_get(j, 0, key) >= 0;
    int rc = lf_call_str_field(c, j, key, 0, &v);
    if (rc)
        return rc;
    if ((required || present) && v.n == 0)
        return lf_call_fail(c, "Request data is invalid:%s", empty_msg);
    if (memchr(v.p, 0, v.n))
        return lf_call_fail(c, "Request data is invalid:%s must not contain a NUL character", key);
    if (present || required)
        *out = v.p;
    return LF_H_OK;
}

static int optional_str(lf_call *c, const lf_json *j, const char *key, const char **out)
{
    lf_str v;
    int rc = lf_call_str_field(c, j, key, 0, &v);
    if (rc)
        return rc;
    if (memchr(v.p, 0, v.n))
        return lf_call_fail(c, "Request data is invalid:%s must not contain a NUL character", key);
    if (lf_json_get(j, 0, key) >= 0)
        *out = v.p;
    return LF_H_OK;
}

static int optional_bool(lf_call *c, const lf_json *j, const char *key, int *out)
{
    int v = lf_json_get(j, 0, key);
    if (v >= 0 && lf_json_bool(j, v, out) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:%s should be true or false", key);
    return LF_H_OK;
}

/* extra_config may carry agent_id / agentId and tenant_id / tenantId, the
 * web UI's alternative spelling of the type-specific value. */
static int from_extra(lf_call *c, const lf_json *j, const char *k1, const char *k2,
                      const char **out)
{
    int extra = lf_json_get(j, 0, "extra_config");
    if (extra < 0 || (*out && **out))
        return LF_H_OK;
    if (lf_json_type_of(j, extra) != LF_JSON_OBJECT)
        return lf_call_fail(c, "Request data is invalid:extra_config should be an object");
    lf_str v;
    const char *keys[] = {k1, k2};
    for (int i = 0; i < 2; i++) {
        int rc = lf_json_get_str(j, extra, keys[i], c->a, &v);
        if (rc == LF_ETYPE)
            return lf_call_fail(c, "Request data is invalid:extra_config.%s should be a string",
                                keys[i]);
        if (rc == LF_OK && v.n && !memchr(v.p, 0, v.n)) {
            *out = v.p;
            break;
        }
    }
    return LF_H_OK;
}

/* The type-specific value must be there for its own type; the other type's
 * key is refused rather than silently dropped. */
static int check_specific(lf_call *c, const lf_auth_config *cfg, int has_agent, int has_azure)
{
    if (is_wecom(cfg)) {
        if (has_azure)
            return lf_call_fail(c, "Request data is invalid:azure_tenant_id applies to "
                                   "microsoft_oidc configs only");
        if (!cfg->agent_id || !*cfg->agent_id)
            return lf_call_fail(c, "Wecom config requires agent_id");
    } else {
        if (has_agent)
            return lf_call_fail(c, "Request data is invalid:agent_id applies to wecom configs "
                                   "only");
        if (!cfg->azure_tenant_id || !*cfg->azure_tenant_id)
            return lf_call_fail(c, "Microsoft OIDC config requires azure_tenant_id (tenant_id)");
    }
    return LF_H_OK;
}

static int present_non_empty(const lf_json *j, const char *key, lf_arena *a)
{
    lf_str v;
    return lf_json_get_str(j, 0, key, a, &v) == LF_OK && v.n > 0;
}

int lf_h_auth_config_create(lf_call *c)
{
    static const char *const keys[] = {"type", "client_id", "client_secret", "redirect_uri",
                                       "is_enabled", "description", "extra_config", "agent_id",
                                       "azure_tenant_id", NULL};
    lf_json j;
    lf_str type;
    lf_auth_config cfg = {.tenant_id = c->caller.user.tenant_id, .creator_id = c->caller.user.id,
                          .label = "{}", .created_at = c->now, .updated_at = c->now,
                          .description = "", .agent_id = "", .azure_tenant_id = "",
                          .is_enabled = 1};
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "type", 0, &type)))
        return rc;
    if (lf_str_eqz(type, "wecom"))
        cfg.type = "wecom";
    else if (lf_str_eqz(type, "microsoft_oidc"))
        cfg.type = "microsoft_oidc";
    else
        return lf_call_fail(c, "Request data is invalid:Auth type must be wecom or microsoft_oidc");
    if ((rc = non_empty(c, &j, "client_id", 1, "Client ID cannot be empty", &cfg.client_id)) ||
        (rc = non_empty(c, &j, "client_secret", 1, "Client Secret cannot be empty",
                        &cfg.client_secret)) ||
        (rc = non_empty(c, &j, "redirect_uri", 1, "Redirect URI cannot be empty",
                        &cfg.redirect_uri)) ||
        (rc = optional_bool(c, &j, "is_enabled", &cfg.is_enabled)) ||
        (rc = optional_str(c, &j, "description", &cfg.description)) ||
        (rc = optional_str(c, &j, "agent_id", &cfg.agent_id)) ||
        (rc = optional_str(c, &j, "azure_tenant_id", &cfg.azure_tenant_id)))
        return rc;
    int has_agent = present_non_empty(&j, "agent_id", c->a);
    int has_azure = present_non_empty(&j, "azure_tenant_id", c->a);
    if (is_wecom(&cfg))
        rc = from_extra(c, &j, "agent_id", "agentId", &cfg.agent_id);
    else
        rc = from_extra(c, &j, "tenant_id", "tenantId", &cfg.azure_tenant_id);
    if (rc || (rc = check_specific(c, &cfg, has_agent, has_azure)) || (rc = lf_uuid_v4(&cfg.id)))
        return rc;
    if (cfg.is_enabled) {
        int found;
        if ((rc = scan_enabled(c, &cfg, 0, &found)))
            return rc;
        if (found)
            return lf_call_fail(c, "An enabled %s auth config already exists",
                                is_wecom(&cfg) ? "Wecom" : "Microsoft OIDC");
    }
    if ((rc = lf_auth_config_insert(c->txn, &cfg)))
        return rc;
    lf_jw_uuid(&c->w, "config_id", &cfg.id);
    return LF_H_OK;
}

int lf_h_auth_config_get(lf_call *c)
{
    lf_auth_config cfg;
    int rc = load_config(c, &cfg);
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "auth_config");
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &cfg.id);
    lf_jw_kstrz(w, "type", cfg.type);
    lf_jw_kstrz(w, "type_display", type_display(cfg.type));
    lf_jw_kbool(w, "is_enabled", cfg.is_enabled);
    lf_jw_kstrz(w, "description", cfg.description);
    lf_jw_time(w, "created_at", cfg.created_at, LF_TIME_PLAIN);
    lf_jw_kstrz(w, "client_id", cfg.client_id);
    lf_jw_kstrz(w, "client_secret", cfg.client_secret);
    lf_jw_kstrz(w, "redirect_uri", cfg.redirect_uri);
    if (is_wecom(&cfg))
        lf_jw_kstrz(w, "agent_id", cfg.agent_id);
    else
        lf_jw_kstrz(w, "azure_tenant_id", cfg.azure_tenant_id);
    lf_jw_obj_end(w);
    return LF_H_OK;
}

/* Only the keys sent change; "name" is accepted and ignored, as upstream.
 * Enabling a config switches off the tenant's other configs of its type. */
int lf_h_auth_config_patch(lf_call *c)
{
    static const char *const keys[] = {"name", "client_id", "client_secret", "redirect_uri",
                                       "is_enabled", "description", "agent_id",
                                       "azure_tenant_id", NULL};
    lf_json j;
    lf_auth_config cfg;
    lf_str ignored;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "name", 0, &ignored)) || (rc = load_config(c, &cfg)))
        return rc;
    int was_enabled = cfg.is_enabled;
    int has_agent = present_non_empty(&j, "agent_id", c->a);
    int has_azure = present_non_empty(&j, "azure_tenant_id", c->a);
    if ((rc = non_empty(c, &j, "client_id", 0, "Client ID cannot be empty", &cfg.client_id)) ||
        (rc = non_empty(c, &j, "client_secret", 0, "Client Secret cannot be empty",
                        &cfg.client_secret)) ||
        (rc = non_empty(c, &j, "redirect_uri", 0, "Redirect URI cannot be empty",
                        &cfg.redirect_uri)) ||
        (rc = optional_bool(c, &j, "is_enabled", &cfg.is_enabled)) ||
        (rc = optional_str(c, &j, "description", &cfg.description)) ||
        (is_wecom(&cfg) && (rc = optional_str(c, &j, "agent_id", &cfg.agent_id))) ||
        (!is_wecom(&cfg) &&
         (rc = optional_str(c, &j, "azure_tenant_id", &cfg.azure_tenant_id))) ||
        (rc = check_specific(c, &cfg, has_agent, has_azure)))
        return rc;
    cfg.updated_at = c->now;
    if (cfg.is_enabled && !was_enabled) {
        int found;
        if ((rc = scan_enabled(c, &cfg, 1, &found)))
            return rc;
    }
    return lf_auth_config_update(c->txn, &cfg);
}

int lf_h_auth_config_delete(lf_call *c)
{
    lf_auth_config cfg;
    int rc = load_config(c, &cfg);
    return rc ? rc : lf_auth_config_delete(c->txn, &cfg);
}

/* ---- public: which login methods the sign-in page offers ---- */

static int login_visit(const lf_auth_config *cfg, void *ctx)
{
    lf_jw *w = ctx;
    if (cfg->is_enabled) {
        lf_jw_obj(w);
        lf_jw_kstrz(w, "type", cfg->type);
        lf_jw_obj_end(w);
    }
    return 0;
}

/* The tenant is the TenantId header, the default tenant when it is absent
 * (upstream's middleware rule for /manage/auth/). */
int lf_h_auth_login_types(lf_call *c)
{
    lf_str h;
    lf_uuid tenant = LF_DEFAULT_TENANT;
    if (lf_http_header_get(c->req, "tenantid", &h) == LF_OK && h.n &&
        lf_uuid_parse(h, &tenant) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:the TenantId header is not a tenant id");
    lf_jw_key(&c->w, "auth_types");
    lf_jw_arr(&c->w);
    int rc = lf_auth_config_each_of_tenant(c->txn, &tenant, c->a, login_visit, &c->w);
    lf_jw_arr_end(&c->w);
    return rc;
}
