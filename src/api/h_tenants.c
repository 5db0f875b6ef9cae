/* Tenants: the public look-up by domain and an admin's own tenant. */
#include "internal.h"

int lf_h_tenant_by_domain(lf_call *c)
{
    lf_str domain;
    lf_tenant t;
    if (lf_call_query(c, "domain", &domain) != LF_OK || domain.n == 0)
        return lf_call_fail(c, "domain is required");
    int rc = lf_tenant_by_domain(c->txn, domain, c->a, &t);
    if (rc == LF_ENOTFOUND)
        rc = lf_tenant_get(c->txn, &LF_DEFAULT_TENANT, c->a, &t);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "Default tenant not found");
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "tenant_info");
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &t.id);
    lf_jw_kstrz(w, "name", t.name);
    lf_jw_kstrz(w, "domain", t.domain);
    lf_jw_kstrz(w, "logo_path", t.logo_path);
    lf_jw_obj_end(w);
    return LF_H_OK;
}

int lf_h_tenant_get(lf_call *c)
{
    lf_uuid id;
    lf_tenant t;
    /* Another tenant's id is "not found", exactly like a missing one. */
    if (lf_call_param_uuid(c, 0, &id) != LF_OK || !lf_uuid_eq(&id, &c->caller.user.tenant_id))
        return lf_call_fail(c, "tenant is not exist or has been deleted");
    int rc = lf_tenant_get(c->txn, &id, c->a, &t);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "tenant is not exist or has been deleted");
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "tenant_info");
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &t.id);
    lf_jw_kraw(w, "label", lf_strz(t.label));
    lf_jw_time(w, "created_at", t.created_at, LF_TIME_RECORD);
    lf_jw_time(w, "updated_at", t.updated_at, LF_TIME_RECORD);
    lf_jw_kstrz(w, "name", t.name);
    lf_jw_kstrz(w, "domain", t.domain);
    lf_jw_kstrz(w, "logo_path", t.logo_path);
    lf_jw_ki64(w, "workflow_limit", t.workflow_limit);
    lf_jw_ki64(w, "ticket_limit", t.ticket_limit);
    lf_jw_kbool(w, "is_active", t.is_active);
    lf_jw_obj_end(w);
    return LF_H_OK;
}
