/* The route table: one row per path; literal segments win over <params>. */
#include "internal.h"

#define GET(fn, perm) [LF_M_GET] = {fn, perm, 0}
#define POST(fn, perm) [LF_M_POST] = {fn, perm, 1}
#define PATCH(fn, perm) [LF_M_PATCH] = {fn, perm, 1}
#define DELETE(fn, perm) [LF_M_DELETE] = {fn, perm, 1}
/* A POST that changes nothing (login): no write transaction. */
#define POST_RO(fn, perm) [LF_M_POST] = {fn, perm, 0}

const lf_route_def lf_routes[] = {
    {"/api/v1.0/login", 0, {POST_RO(lf_h_login, LF_PERM_PUBLIC)}},
    {"/api/v1.0/accounts/my_profile", 0,
     {GET(lf_h_my_profile_get, LF_PERM_USER), PATCH(lf_h_my_profile_patch, LF_PERM_USER)}},
    {"/api/v1.0/accounts/users/change_password", 0,
     {POST(lf_h_change_password, LF_PERM_USER)}},
    {"/api/v1.0/accounts/tenants/by_domain", 0, {GET(lf_h_tenant_by_domain, LF_PERM_PUBLIC)}},
    {"/api/v1.0/accounts/tenants/<tenant_id>", 0, {GET(lf_h_tenant_get, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/personal_access_tokens", LF_RT_JWT_ONLY,
     {GET(lf_h_pat_list, LF_PERM_USER), POST(lf_h_pat_create, LF_PERM_USER)}},
    {"/api/v1.0/accounts/personal_access_tokens/<token_id>", LF_RT_JWT_ONLY,
     {DELETE(lf_h_pat_revoke, LF_PERM_USER)}},

    /* ---- accounts: users, departments, roles ---- */
    {"/api/v1.0/accounts/users", 0,
     {GET(lf_h_users_list, LF_PERM_ADMIN), POST(lf_h_users_create, LF_PERM_ADMIN),
      DELETE(lf_h_users_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/users/by_ids", 0, {GET(lf_h_users_by_ids, LF_PERM_USER)}},
    {"/api/v1.0/accounts/users/<user_id>", 0,
     {GET(lf_h_user_get, LF_PERM_ADMIN), PATCH(lf_h_user_patch, LF_PERM_ADMIN),
      DELETE(lf_h_user_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/users/<user_id>/roles", 0, {GET(lf_h_user_roles, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/users/<user_id>/reset_password", 0,
     {POST(lf_h_user_reset_password, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/simple_users", 0, {GET(lf_h_simple_users, LF_PERM_USER)}},
    {"/api/v1.0/accounts/roles", 0,
     {GET(lf_h_roles_list, LF_PERM_ADMIN), POST(lf_h_roles_create, LF_PERM_ADMIN),
      DELETE(lf_h_roles_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/roles/<role_id>", 0,
     {GET(lf_h_role_get, LF_PERM_ADMIN), PATCH(lf_h_role_patch, LF_PERM_ADMIN),
      DELETE(lf_h_role_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/roles/<role_id>/users", 0,
     {GET(lf_h_role_users_list, LF_PERM_ADMIN), POST(lf_h_role_users_add, LF_PERM_ADMIN),
      DELETE(lf_h_role_users_remove, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/simple_roles", 0, {GET(lf_h_simple_roles, LF_PERM_USER)}},
    {"/api/v1.0/accounts/depts_tree", 0, {GET(lf_h_depts_tree, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/simple_depts_tree", 0, {GET(lf_h_simple_depts_tree, LF_PERM_USER)}},
    {"/api/v1.0/accounts/dept_paths", 0, {GET(lf_h_dept_paths, LF_PERM_USER)}},
    {"/api/v1.0/accounts/dept_paths/<dept_id>", 0, {GET(lf_h_dept_path, LF_PERM_USER)}},
    {"/api/v1.0/accounts/depts", 0,
     {POST(lf_h_depts_create, LF_PERM_ADMIN), DELETE(lf_h_depts_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/depts/<dept_id>", 0,
     {GET(lf_h_dept_get, LF_PERM_ADMIN), PATCH(lf_h_dept_patch, LF_PERM_ADMIN),
      DELETE(lf_h_dept_delete, LF_PERM_ADMIN)}},
    /* Upstream lets any user move a department; only admins may here. */
    {"/api/v1.0/accounts/depts/<dept_id>/parent_dept", 0, {PATCH(lf_h_dept_parent, LF_PERM_ADMIN)}},

    /* ---- accounts: applications, tenants; /manage ---- */
    {"/api/v1.0/accounts/applications", 0,
     {GET(lf_h_app_list, LF_PERM_ADMIN), POST(lf_h_app_create, LF_PERM_ADMIN),
      DELETE(lf_h_app_batch_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/applications/<application_id>", 0,
     {GET(lf_h_app_get, LF_PERM_ADMIN), PATCH(lf_h_app_patch, LF_PERM_ADMIN),
      DELETE(lf_h_app_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/accounts/simple_applications", 0, {GET(lf_h_simple_app_list, LF_PERM_USER)}},
    /* Upstream answers its index text to any method. */
    {"/api/v1.0/manage", 0,
     {GET(lf_h_manage_index, LF_PERM_USER), POST_RO(lf_h_manage_index, LF_PERM_USER),
      [LF_M_PUT] = {lf_h_manage_index, LF_PERM_USER, 0},
      [LF_M_PATCH] = {lf_h_manage_index, LF_PERM_USER, 0},
      [LF_M_DELETE] = {lf_h_manage_index, LF_PERM_USER, 0}}},
    {"/api/v1.0/manage/common", 0, {GET(lf_h_manage_common, LF_PERM_USER)}},
    {"/api/v1.0/manage/auth_configs", 0,
     {GET(lf_h_auth_config_list, LF_PERM_ADMIN), POST(lf_h_auth_config_create, LF_PERM_ADMIN)}},
    {"/api/v1.0/manage/auth_configs/<config_id>", 0,
     {GET(lf_h_auth_config_get, LF_PERM_ADMIN), PATCH(lf_h_auth_config_patch, LF_PERM_ADMIN),
      DELETE(lf_h_auth_config_delete, LF_PERM_ADMIN)}},
    {"/api/v1.0/manage/auth/login", 0, {GET(lf_h_auth_login_types, LF_PERM_PUBLIC)}},

    /* ---- workflows ---- */
    {"/api/v1.0/workflows", 0,
     {GET(lf_h_workflow_list, LF_PERM_WORKFLOW_ADMIN),
      POST(lf_h_workflow_create, LF_PERM_WORKFLOW_ADMIN)}},
    {"/api/v1.0/workflows/<workflow_id>", 0,
     {GET(lf_h_workflow_get, LF_PERM_WORKFLOW_ADMIN),
      PATCH(lf_h_workflow_save, LF_PERM_WORKFLOW_ADMIN),
      DELETE(lf_h_workflow_delete, LF_PERM_WORKFLOW_ADMIN)}},
    {"/api/v1.0/workflows/<workflow_id>/init_node", 0, {GET(lf_h_wf_init_node, LF_PERM_USER)}},
    {"/api/v1.0/workflows/<workflow_id>/versions", 0,
     {GET(lf_h_wf_versions, LF_PERM_WORKFLOW_ADMIN)}},
    /* PATCH needs a workflow admin: upstream has no check there (API.md 10.1.5). */
    {"/api/v1.0/workflows/<workflow_id>/versions/<version_id>", 0,
     {GET(lf_h_wf_version_get, LF_PERM_USER),
      PATCH(lf_h_wf_version_patch, LF_PERM_WORKFLOW_ADMIN)}},
    {"/api/v1.0/workflows/<workflow_id>/ticket_creation_form", 0,
     {GET(lf_h_wf_creation_form, LF_PERM_USER)}},
    {"/api/v1.0/workflows/<workflow_id>/ticket_creation_actions", 0,
     {GET(lf_h_wf_creation_actions, LF_PERM_USER)}},
    {"/api/v1.0/workflows/<workflow_id>/process_single_schema", 0,
     {GET(lf_h_wf_process_schema, LF_PERM_USER)}},
    {"/api/v1.0/simple_workflows", 0, {GET(lf_h_simple_workflows, LF_PERM_USER)}},
    {"/api/v1.0/accounts/applications/<application_id>/workflows", 0,
     {GET(lf_h_app_workflows, LF_PERM_ADMIN), POST(lf_h_app_workflows_add, LF_PERM_ADMIN),
      DELETE(lf_h_app_workflows_del, LF_PERM_ADMIN)}},

    /* ---- tickets ---- */
    {"/api/v1.0/tickets", 0,
     {GET(lf_h_ticket_list, LF_PERM_USER), POST(lf_h_ticket_create, LF_PERM_USER)}},
    {"/api/v1.0/tickets/<ticket_id>/handle", 0, {POST(lf_h_ticket_handle, LF_PERM_USER)}},
    /* tickets: reads */
    {"/api/v1.0/tickets/<ticket_id>/ticket_detail_form", 0,
     {GET(lf_h_ticket_detail_form, LF_PERM_USER)}},
    {"/api/v1.0/tickets/<ticket_id>/ticket_detail_actions", 0,
     {GET(lf_h_ticket_actions, LF_PERM_USER)}},
    {"/api/v1.0/tickets/<ticket_id>/ticket_detail_admin_actions", 0,
     {GET(lf_h_ticket_admin_actions, LF_PERM_USER)}},
    {"/api/v1.0/tickets/<ticket_id>/ticket_flow_history", 0,
     {GET(lf_h_ticket_flow_history, LF_PERM_USER)}},
    {"/api/v1.0/tickets/<ticket_id>/current_node_infos", 0,
     {GET(lf_h_ticket_current_nodes, LF_PERM_USER)}},
};
const size_t lf_nroutes = sizeof lf_routes / sizeof lf_routes[0];
