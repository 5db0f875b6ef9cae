/* /api/v1.0/manage itself (upstream's index text) and /manage/common, the
 * tenant facts a client shows in its frame. */
#include "internal.h"

int lf_h_manage_index(lf_call *c)
{
    c->raw_type = "text/html; charset=utf-8";
    c->raw = LF_STR("This is loonflow's api server, please view frontend page, reference: "
                    "http://loonflow.readthedocs.io/");
    return LF_H_OK;
}

/* Upstream always fails here (it reads tenant fields that do not exist); the
 * intended answer is the caller's tenant with its logo as the icon, and the
 * caller's language. */
int lf_h_manage_common(lf_call *c)
{
    lf_tenant t;
    int rc = lf_tenant_get(c->txn, &c->caller.user.tenant_id, c->a, &t);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "tenant is not exist or has been deleted");
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "common_config");
    lf_jw_obj(w);
    lf_jw_uuid(w, "tenant_id", &t.id);
    lf_jw_kstrz(w, "tenant_name", t.name);
    lf_jw_kstrz(w, "tenant_icon", t.logo_path);
    lf_jw_kstrz(w, "tenant_domain", t.domain);
    lf_jw_kstrz(w, "lang", c->caller.user.lang);
    lf_jw_obj_end(w);
    return LF_H_OK;
}
