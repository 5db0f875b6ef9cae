#include "loonflow/store.h"

/* These names are the LMDB database names on disk: never rename one. */
static const char *const table_names[] = {
    [LF_T_CONFIG] = "config",
    [LF_T_TENANT] = "tenant",
    [LF_T_TENANT_DOMAIN] = "tenant_domain",
    [LF_T_USER] = "user",
    [LF_T_USER_EMAIL] = "user_email",
    [LF_T_USER_TENANT] = "user_tenant",
    [LF_T_APP] = "app",
    [LF_T_APP_NAME] = "app_name",
    [LF_T_PAT] = "pat",
    [LF_T_PAT_USER] = "pat_user",
    [LF_T_IDEMPOTENCY] = "idempotency",
    [LF_T_IDEM_TIME] = "idem_time",
    [LF_T_ARCHIVE] = "archive",
    /* accounts: users, departments, roles */
    [LF_T_DEPT] = "dept",
    [LF_T_DEPT_CHILD] = "dept_child",
    [LF_T_DEPT_APPROVER] = "dept_approver",
    [LF_T_APPROVER_DEPT] = "approver_dept",
    [LF_T_USER_DEPT] = "user_dept",
    [LF_T_DEPT_USER] = "dept_user",
    [LF_T_ROLE] = "role",
    [LF_T_ROLE_TENANT] = "role_tenant",
    [LF_T_ROLE_USER] = "role_user",
    [LF_T_USER_ROLE] = "user_role",

    /* accounts: applications, tenants; /manage */
    [LF_T_APP_TENANT] = "app_tenant",
    [LF_T_AUTH_CONFIG] = "auth_config",
    [LF_T_AUTH_CONFIG_TENANT] = "auth_config_tenant",

    /* workflows */
    [LF_T_WF] = "wf",
    [LF_T_WF_TENANT] = "wf_tenant",
    [LF_T_WF_VERSION] = "wf_version",
    [LF_T_WF_VERSIONS] = "wf_versions",
    [LF_T_WF_DEF] = "wf_def",
    [LF_T_WF_PERM] = "wf_perm",

    /* tickets */
    [LF_T_TICKET] = "ticket",
    [LF_T_TICKET_LIST] = "ticket_list",
    [LF_T_TICKET_COUNT] = "ticket_count",
    [LF_T_TICKET_CUR] = "ticket_cur",
    [LF_T_TICKET_USER] = "ticket_user",
    [LF_T_TICKET_FIELD] = "ticket_field",
    [LF_T_FLOW] = "flow",
    [LF_T_TICKET_NODE] = "ticket_node",

};
_Static_assert(sizeof table_names / sizeof table_names[0] == LF_T__COUNT,
               "every lf_table needs a name");

const char *lf_table_name(lf_table t)
{
    return (unsigned)t < LF_T__COUNT ? table_names[t] : NULL;
}
