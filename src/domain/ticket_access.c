#include "loonflow/ticket.h"
#include "loonflow/workflow.h"

#include <string.h>

int lf_ticket_app_allowed(lf_txn *t, const lf_app *app, const lf_uuid *tenant,
                          const lf_uuid *workflow, const lf_uuid *version)
{
    if (!app || strcmp(app->type, "admin") == 0)
        return 1;
    return lf_wf_has_perm(t, tenant, LF_WFP_API, &app->id, workflow, version);
}

int lf_ticket_is_admin(lf_txn *t, const lf_user *u, const lf_ticket *tk)
{
    if (lf_user_level(u) == LF_USER_ADMIN)
        return 1;
    int rc = lf_wf_has_perm(t, &tk->tenant_id, LF_WFP_ADMIN, &u->id, &tk->workflow_id,
                            &tk->version_id);
    if (rc == 0)
        rc = lf_wf_has_perm(t, &tk->tenant_id, LF_WFP_DISPATCHER, &u->id, &tk->workflow_id,
                            &tk->version_id);
    return rc;
}

int lf_ticket_can_view(lf_txn *t, const lf_user *u, const lf_ticket *tk, lf_arena *a)
{
    int rc = lf_ticket_is_admin(t, u, tk);
    if (rc == 0)
        rc = lf_wf_has_perm(t, &tk->tenant_id, LF_WFP_VIEW_USER, &u->id, &tk->workflow_id,
                            &tk->version_id);
    if (rc == 0) {
        lf_ticket_user rel;
        rc = lf_ticket_user_get(t, &tk->id, &u->id, a, &rel);
        rc = rc == LF_OK ? 1 : rc == LF_ENOTFOUND ? 0 : rc;
    }
    if (rc == 0) {
        lf_ids depts = {0};
        rc = lf_user_depts_up(t, &tk->tenant_id, &u->id, a, &depts);
        for (size_t i = 0; rc == LF_OK && i < depts.n; i++)
            if ((rc = lf_wf_has_perm(t, &tk->tenant_id, LF_WFP_VIEW_DEPT, &depts.v[i],
                                     &tk->workflow_id, &tk->version_id)))
                break;
    }
    return rc;
}
