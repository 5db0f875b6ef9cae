/* Private to the api module: the per-request call, routes, and the helpers
 * every handler file uses. */
#ifndef LF_API_INTERNAL_H
#define LF_API_INTERNAL_H

#include "loonflow/accounts.h"
#include "loonflow/api.h"
#include "loonflow/json.h"
#include "loonflow/workflow.h"

typedef enum lf_perm { LF_PERM_PUBLIC, LF_PERM_USER, LF_PERM_WORKFLOW_ADMIN, LF_PERM_ADMIN } lf_perm;
typedef enum lf_auth_kind { LF_AUTH_NONE, LF_AUTH_JWT, LF_AUTH_PAT, LF_AUTH_SIG } lf_auth_kind;

/* Handler results; negative values are LF_E* internal errors. */
enum { LF_H_OK = 0, LF_H_FAIL = 1, LF_H_DEFER = 2 };
typedef int (*lf_handler)(lf_call *c);

typedef struct lf_op {
    lf_handler fn;
    uint8_t perm;  /* lf_perm */
    uint8_t write; /* runs in a write transaction */
} lf_op;

enum { LF_RT_JWT_ONLY = 1 }; /* Bearer callers must use a JWT (PAT management) */

typedef struct lf_route_def {
    const char *pattern; /* first member: lf_route_find reads it */
    unsigned flags;
    lf_op op[LF_M__COUNT];
} lf_route_def;

extern const lf_route_def lf_routes[];
extern const size_t lf_nroutes;

typedef struct lf_caller {
    lf_auth_kind kind;
    lf_user user;
    lf_app app; /* signature callers only */
    lf_uuid pat_id; /* PAT callers: for the last-used stamp */
    int touch_pat;
} lf_caller;

#define LF_IDEM_MAX_KEY 255
#define LF_JWT_SEEN_MAX 2048  /* longer tokens are verified every time */
#define LF_JWT_SEEN_EMAIL 256

struct lf_api {
    lf_store *store;
    lf_api_opts o;
    uint8_t jwt_secret[64];
    size_t jwt_secret_len;
    /* Idempotency keys whose first request is deferred (off the loop): a
     * retry that arrives meanwhile is a 409. */
    struct lf_idem_slot {
        int used;
        uint8_t key[32 + LF_IDEM_MAX_KEY];
        size_t n;
    } inflight[64];
    /* JWTs verified lately, so that a client's next request with the same
     * token skips the MAC and the claim parsing (authn.c). */
    struct lf_jwt_seen {
        size_t n; /* 0: empty */
        char token[LF_JWT_SEEN_MAX];
        int64_t exp;
        char email[LF_JWT_SEEN_EMAIL];
        size_t email_n;
        lf_uuid tenant;
        uint64_t used;
    } jwt_seen[4];
    uint64_t jwt_tick;
};

struct lf_call {
    lf_api *api;
    const lf_http_req *req;
    lf_arena *a;
    const lf_route_def *route;
    const lf_op *op;
    lf_route_match m;
    lf_txn *txn;
    lf_caller caller;
    int64_t now;

    lf_buf data; /* the envelope's data object */
    lf_jw w;     /* writes members into data (the braces are the api's) */
    const char *msg;
    int status; /* HTTP status; 200 unless a handler says otherwise */
    /* A handler that answers something other than the envelope sets both. */
    const char *raw_type;
    lf_str raw;

    /* Deferred work: run off the loop, then resume on it. */
    void (*work)(lf_call *c);
    lf_handler resume;
    void *state;

    /* Idempotent retry bookkeeping. */
    int idem;
    uint8_t idem_key[32 + LF_IDEM_MAX_KEY];
    size_t idem_key_n;
    uint8_t idem_fp[32];
    int idem_slot;

    /* Users already read by this read-only call (call_memo.c). */
    struct lf_user_memo *users;
};

/* ---- helpers for handlers ---- */
int lf_call_fail(lf_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses the body as a JSON object; on failure answers 400 and returns LF_H_FAIL. */
int lf_call_json(lf_call *c, lf_json *j);
/* Rejects body keys outside the NULL-terminated list, as upstream's schemas do. */
int lf_call_only_keys(lf_call *c, const lf_json *j, const char *const *allowed);
/* A string member of the body object; absent is "" unless required. */
int lf_call_str_field(lf_call *c, const lf_json *j, const char *key, int required, lf_str *out);
/* Query parameter (decoded); LF_ENOTFOUND when absent. */
int lf_call_query(lf_call *c, const char *name, lf_str *out);
/* page/per_page query parameters (defaults 1 and 10; per_page at most
 * 1000); a value that is not a positive integer fails the call. */
int lf_call_paging(lf_call *c, int64_t *page, int64_t *per_page);
/* "page", "per_page", "total" members, as every paginated list ends. */
void lf_jw_paging(lf_jw *w, int64_t page, int64_t per_page, int64_t total);
/* The slice [*from, *to) of total items that page shows; a page past the
 * end shows the last page, as loonflow's paginator does. */
void lf_page_slice(size_t total, int64_t page, int64_t per_page, size_t *from, size_t *to);
/* A list streamed from an index in two passes: the first counts the matches,
 * the second writes the page's window (a page past the end serves the last
 * page). Per match call lf_pager_take: 1 when that match is to be written. */
typedef struct lf_pager {
    int64_t page, per_page;
    int64_t seen, total; /* matches seen in this pass; the counting pass's count */
    size_t from, to;     /* the window written; empty while counting */
} lf_pager;
int lf_pager_init(lf_call *c, lf_pager *p); /* reads page and per_page */
int lf_pager_take(lf_pager *p);
void lf_pager_turn(lf_pager *p); /* after the counting pass */
void lf_jw_pager(lf_jw *w, const lf_pager *p); /* as lf_jw_paging */
/* The n-th <param> of the route, and the same parsed as a UUID. */
lf_str lf_call_param(lf_call *c, int n);
int lf_call_param_uuid(lf_call *c, int n, lf_uuid *out);
void lf_jw_uuid(lf_jw *w, const char *key, const lf_uuid *u);
void lf_jw_time(lf_jw *w, const char *key, int64_t t, int style); /* 0 → "" or null */
/* "creator_info": {"id","name","alias"} of a user (empty names if gone). */
void lf_jw_creator_info(lf_call *c, lf_jw *w, const lf_uuid *creator);
/* A list's version -> graph lookups, memoised for the call: items share a
 * few versions, and each lookup decodes the version record. get answers as
 * lf_wf_graph_of; the graphs stay valid until lf_graph_memo_release. */
typedef struct lf_graph_memo {
    lf_arena *a;
    size_t n;
    struct lf_graph_memo_e *e;
} lf_graph_memo;
void lf_graph_memo_init(lf_graph_memo *m, lf_arena *a);
int lf_graph_memo_get(lf_graph_memo *m, lf_txn *t, const lf_uuid *version_id,
                      const lf_wf_graph **out);
void lf_graph_memo_release(lf_graph_memo *m);
/* A user for display (creator_info, processors, assignees), memoised in
 * read-only calls: LF_OK with *out set, LF_ENOTFOUND with *out NULL, or an
 * error. The record lives in the call's arena. */
int lf_call_user(lf_call *c, const lf_uuid *id, const lf_user **out);

/* ---- authentication and idempotency (authn.c, idempotency.c) ---- */
/* Returns LF_OK, or an error with c->msg set (the api answers 401). */
int lf_authenticate(lf_call *c);
void lf_authn_touch_pat(lf_call *c);
/* Before the handler: LF_OK to proceed, or LF_H_FAIL with resp filled. */
int lf_idem_check(lf_call *c, lf_api_resp *resp);
/* In the write transaction, after a successful handler. */
int lf_idem_store(lf_call *c, int status, const lf_buf *body);
void lf_idem_release(lf_call *c);

/* ---- handlers ---- */
int lf_h_login(lf_call *c);
int lf_h_my_profile_get(lf_call *c);
int lf_h_my_profile_patch(lf_call *c);
int lf_h_change_password(lf_call *c);
int lf_h_tenant_by_domain(lf_call *c);
int lf_h_tenant_get(lf_call *c);
int lf_h_pat_list(lf_call *c);
int lf_h_pat_create(lf_call *c);
int lf_h_pat_revoke(lf_call *c);

/* accounts: users, departments, roles */
int lf_h_users_list(lf_call *c);
int lf_h_users_create(lf_call *c);
int lf_h_users_delete(lf_call *c);
int lf_h_user_get(lf_call *c);
int lf_h_user_patch(lf_call *c);
int lf_h_user_delete(lf_call *c);
int lf_h_user_roles(lf_call *c);
int lf_h_user_reset_password(lf_call *c);
int lf_h_simple_users(lf_call *c);
int lf_h_users_by_ids(lf_call *c);
int lf_h_roles_list(lf_call *c);
int lf_h_roles_create(lf_call *c);
int lf_h_roles_delete(lf_call *c);
int lf_h_role_get(lf_call *c);
int lf_h_role_patch(lf_call *c);
int lf_h_role_delete(lf_call *c);
int lf_h_simple_roles(lf_call *c);
int lf_h_role_users_list(lf_call *c);
int lf_h_role_users_add(lf_call *c);
int lf_h_role_users_remove(lf_call *c);
int lf_h_depts_tree(lf_call *c);
int lf_h_simple_depts_tree(lf_call *c);
int lf_h_dept_paths(lf_call *c);
int lf_h_dept_path(lf_call *c);
int lf_h_depts_create(lf_call *c);
int lf_h_depts_delete(lf_call *c);
int lf_h_dept_get(lf_call *c);
int lf_h_dept_patch(lf_call *c);
int lf_h_dept_delete(lf_call *c);
int lf_h_dept_parent(lf_call *c);

/* Shared by the organisation handlers (org_common.c). */
/* A body member that must be a list of id strings (each once, in order,
 * at most LF_ID_LIST_MAX); *present tells whether it was there at all. */
#define LF_ID_LIST_MAX 1000
int lf_call_id_list(lf_call *c, const lf_json *j, const char *key, int *present, lf_ids *out);
/* A query parameter of comma-separated ids (also key[] repeated). */
int lf_call_id_query(lf_call *c, const char *name, int *present, lf_ids *out);
/* Appends the ids of cand that are users of the caller's tenant whose name,
 * alias or email contains search (and, with only, that only lists too). */
int lf_users_searched(lf_call *c, const lf_ids *cand, lf_str search, const lf_ids *only,
                      lf_ids *out);
/* search_value matching in every list: an ASCII case-insensitive substring
 * test (an empty needle matches). */
int lf_icontains(const char *hay, lf_str needle);
/* The User record dict members (loonflow's get_dict order), no braces. */
void lf_jw_user_dict(lf_call *c, lf_jw *w, const lf_user *u);
/* The same minus last_login, created_at, updated_at: the JWT's `data` claim. */
void lf_jw_user_claim(lf_call *c, lf_jw *w, const lf_user *u);
/* "dept_info_list": the user's departments, primary first; with_path adds "path". */
int lf_jw_user_depts(lf_call *c, lf_jw *w, const lf_uuid *user, int with_path);
/* The Role record dict members, no braces (h_roles.c). */
void lf_jw_role_dict(lf_call *c, lf_jw *w, const lf_role *r);

/* accounts: applications, tenants; /manage */
int lf_h_app_list(lf_call *c);
int lf_h_app_create(lf_call *c);
int lf_h_app_batch_delete(lf_call *c);
int lf_h_app_get(lf_call *c);
int lf_h_app_patch(lf_call *c);
int lf_h_app_delete(lf_call *c);
int lf_h_simple_app_list(lf_call *c);
int lf_h_manage_index(lf_call *c);
int lf_h_manage_common(lf_call *c);
int lf_h_auth_config_list(lf_call *c);
int lf_h_auth_config_create(lf_call *c);
int lf_h_auth_config_get(lf_call *c);
int lf_h_auth_config_patch(lf_call *c);
int lf_h_auth_config_delete(lf_call *c);
int lf_h_auth_login_types(lf_call *c);

/* workflows */
/* "workflow_metadata" of a creation or detail form (ticket_title NULL on
 * the creation form). */
int lf_jw_workflow_metadata(lf_call *c, const lf_uuid *workflow_id, const lf_wf_graph *g,
                            const char *ticket_title);
/* The members of a props object (JSON text) into the object the caller
 * opened, but those named in the NULL-terminated drop list (secrets, ...). */
void lf_jw_props_members(lf_call *c, const char *props, const char *const *drop);
typedef struct lf_workflow lf_workflow;
typedef struct lf_wf_version lf_wf_version;
typedef struct lf_wf_err lf_wf_err;
typedef struct lf_wf_actor lf_wf_actor;
/* Shared by the workflow handlers (h_workflows.c). */
lf_wf_actor lf_wf_actor_of(const lf_call *c);
int lf_wf_fail(lf_call *c, int rc, const lf_wf_err *err);
/* The workflow of path parameter 0 in the caller's tenant; need_admin: the
 * caller must administer it (admin, or workflow_admin who created it or is
 * in its admin list). Fails the call with upstream's texts. */
int lf_wf_load(lf_call *c, int need_admin, lf_workflow *wf);
int lf_wf_administers(lf_call *c, const lf_workflow *wf);
int lf_wf_load_version(lf_call *c, const lf_workflow *wf, lf_str name, lf_wf_version *v);
void lf_wf_write_item(lf_call *c, const lf_workflow *wf, const lf_wf_version *v, int simple);
/* ?search_value= as a C string ("" when absent). */
int lf_wf_search_value(lf_call *c, const char **out);
int lf_h_workflow_list(lf_call *c);
int lf_h_workflow_create(lf_call *c);
int lf_h_workflow_get(lf_call *c);
int lf_h_workflow_save(lf_call *c);
int lf_h_workflow_delete(lf_call *c);
int lf_h_simple_workflows(lf_call *c);
int lf_h_wf_versions(lf_call *c);
int lf_h_wf_version_get(lf_call *c);
int lf_h_wf_version_patch(lf_call *c);
int lf_h_wf_creation_form(lf_call *c);
int lf_h_wf_creation_actions(lf_call *c);
int lf_h_wf_process_schema(lf_call *c);
int lf_h_wf_init_node(lf_call *c);
int lf_h_app_workflows(lf_call *c);
int lf_h_app_workflows_add(lf_call *c);
int lf_h_app_workflows_del(lf_call *c);

/* tickets */
int lf_h_ticket_create(lf_call *c);
int lf_h_ticket_handle(lf_call *c);

/* tickets: reads */
int lf_h_ticket_list(lf_call *c);
int lf_h_ticket_detail_form(lf_call *c);
int lf_h_ticket_actions(lf_call *c);
int lf_h_ticket_admin_actions(lf_call *c);
int lf_h_ticket_flow_history(lf_call *c);
int lf_h_ticket_current_nodes(lf_call *c);

#endif
