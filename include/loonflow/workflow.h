/* workflow: workflow definitions (records, versions, the stored design,
 * permissions), their validation, and the compiled per-version graph the
 * ticket engine reads. No HTTP here: designs arrive as parsed JSON, errors come
 * back as LF_* codes with a message that names the rule and the object. */
#ifndef LOONFLOW_WORKFLOW_H
#define LOONFLOW_WORKFLOW_H

#include "loonflow/core.h"
#include "loonflow/json.h"
#include "loonflow/store.h"

/* ---- records ---- */
typedef struct lf_workflow {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    int64_t seq; /* position in the tenant's newest-first list */
    lf_uuid default_version_id;
} lf_workflow;

typedef enum lf_wf_vtype { LF_WFV_DEFAULT, LF_WFV_CANDIDATE, LF_WFV_ARCHIVED } lf_wf_vtype;
const char *lf_wf_vtype_name(lf_wf_vtype t);
int lf_wf_vtype_parse(lf_str s, lf_wf_vtype *out);

typedef struct lf_wf_version {
    lf_uuid id, workflow_id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    const char *name, *description, *type; /* type: default | candidate | archived */
    int64_t rev; /* random; changes on every in-place save (graph cache key) */
    const char *wf_name, *wf_description; /* basic_info of this version, for lists */
} lf_wf_version;

/* A domain error: code + a message meant for the client. */
typedef struct lf_wf_err {
    char msg[320];
} lf_wf_err;

/* ---- the design (the save document) ---- */
typedef struct lf_wf_strs {
    const char **v;
    int n;
} lf_wf_strs;

typedef struct lf_wf_comp {
    const char *id, *type, *key, *name, *description;
    int layout, props, label; /* token indexes into the design's JSON (-1: absent) */
    int parent;               /* index of the row in comps; -1 for a row */
} lf_wf_comp;

typedef struct lf_wf_node {
    const char *id, *type, *name;
    int layout, props, label;
    int fp;                     /* props.field_permissions (-1: none) */
    const char *default_branch; /* props.default_branch ("" when unset) */
} lf_wf_node;

typedef struct lf_wf_edge {
    const char *id, *type, *name, *source, *target;
    int layout, props, label;
} lf_wf_edge;

typedef struct lf_wf_hook {
    const char *id, *name, *description, *url, *token;
    lf_wf_strs events; /* canonical names after parsing */
} lf_wf_hook;

typedef struct lf_wf_design {
    const lf_json *j;
    const char *name, *description, *version;
    lf_wf_comp *comps; /* designer order: a row, then its children, then the next row */
    int ncomps;
    lf_wf_node *nodes;
    int nnodes;
    lf_wf_edge *edges;
    int nedges;
    const char *title_template, *content_template;
    lf_wf_strs channels, admins, dispatchers, viewers, viewer_depts, apps;
    lf_wf_hook *hooks;
    int nhooks;
    int label; /* customization_info.label */
} lf_wf_design;

/* Reads a design from parsed JSON (root object). Structural errors (missing
 * or mistyped keys, unknown hook events) fail with LF_EINVAL and a message
 * "Request data is invalid:..." naming the object. Hook event aliases are
 * canonicalised here. */
int lf_wf_design_parse(const lf_json *j, lf_arena *a, lf_wf_design *d, lf_wf_err *err);
/* Checks a parsed design: the designer's 18 rules (ENGINE.md 2.10) and the
 * structural rules (ids unique, edge ends exist, enums, keys, gateway edges,
 * permission keys). LF_EINVAL with the rule's key and the object in err. */
int lf_wf_validate(const lf_wf_design *d, lf_wf_err *err);

/* Writes the full definition (GET /workflows/<id>), ids as stored. */
typedef struct lf_wf_doc_info {
    const lf_uuid *workflow_id, *tenant_id;
    const char *version_name;
} lf_wf_doc_info;
void lf_wf_design_write(const lf_wf_design *d, const lf_wf_doc_info *info, lf_jw *w);
/* The "node_info_list" and "edge_info_list" members; redact leaves out the
 * node secrets (hook_token, external_token) for callers who may not see them. */
void lf_wf_write_process(const lf_wf_design *d, int redact, lf_jw *w);

/* ---- workflows and versions ---- */
int lf_wf_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_workflow *out);
int lf_wf_version_get(lf_txn *t, const lf_workflow *wf, const lf_uuid *id, lf_arena *a,
                      lf_wf_version *out);
/* By name; an empty name means the default version. LF_ENOTFOUND when none. */
int lf_wf_version_by_name(lf_txn *t, const lf_workflow *wf, lf_str name, lf_arena *a,
                          lf_wf_version *out);
/* Calls fn for each version of a workflow (in id order) until fn returns
 * non-zero. The ids are read first, so fn may delete the version it gets. */
int lf_wf_version_each(lf_txn *t, const lf_workflow *wf, lf_arena *a,
                       int (*fn)(const lf_wf_version *v, void *ctx), void *ctx);
/* The stored design of a version (parsed in the arena). */
int lf_wf_design_load(lf_txn *t, const lf_uuid *version_id, lf_arena *a, lf_json *j,
                      lf_wf_design *d);

typedef struct lf_wf_actor {
    lf_uuid tenant_id, user_id;
    int64_t now;
} lf_wf_actor;

/* POST /workflows: body is the design JSON. New workflow with one default version. */
int lf_wf_create(lf_txn *t, const lf_wf_actor *who, const lf_json *body, lf_arena *a,
                 lf_uuid *workflow_id, lf_wf_err *err);
/* PATCH /workflows/<id>: unknown version name -> new candidate version;
 * known -> update in place (temp_ ids are new, other ids must belong to that
 * version; removing a node that an open ticket sits on is refused). */
int lf_wf_save(lf_txn *t, const lf_wf_actor *who, const lf_workflow *wf, const lf_json *body,
               lf_arena *a, lf_wf_err *err);
/* Archives the workflow, its versions and definitions, and drops its
 * indexes. Refused (LF_EBUSY) while open tickets run on any of its versions:
 * their graphs would be gone. */
int lf_wf_delete(lf_txn *t, const lf_workflow *wf, lf_arena *a);
/* Version name/description/type. Setting "default" demotes the current
 * default to candidate; the default itself cannot be demoted (a workflow
 * always keeps one default). NULL leaves a field as it is. */
int lf_wf_version_update(lf_txn *t, const lf_wf_actor *who, lf_workflow *wf, const lf_uuid *vid,
                         const char *name, const char *description, const char *type,
                         lf_arena *a, lf_wf_err *err);
/* "May a new ticket be created on this version?": archived versions refuse. */
int lf_wf_version_open_for_tickets(const lf_wf_version *v, lf_wf_err *err);
/* The version a new ticket goes on, as ticket creation resolves it: the
 * named one (empty name: the default), refused when archived. LF_ENOTFOUND
 * or LF_EINVAL come with the client's message in err. */
int lf_wf_version_for_new_ticket(lf_txn *t, const lf_workflow *wf, lf_str name, lf_arena *a,
                                 lf_wf_version *out, lf_wf_err *err);

/* ---- permissions: per version, with a reverse index target -> workflows ---- */
typedef enum lf_wf_perm_kind {
    LF_WFP_ADMIN = 1, LF_WFP_DISPATCHER, LF_WFP_VIEW_USER, LF_WFP_VIEW_DEPT, LF_WFP_API
} lf_wf_perm_kind;
/* Calls fn once per workflow (ascending id) on which target holds kind in
 * any version: a range scan. fn returns non-zero to stop. */
int lf_wf_each_by_target(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind,
                         const lf_uuid *target,
                         int (*fn)(const lf_uuid *workflow_id, void *ctx), void *ctx);
/* 1 when target holds kind on the given version of the workflow, or on
 * some version when version_id is NULL. */
int lf_wf_has_perm(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind, const lf_uuid *target,
                   const lf_uuid *workflow_id, const lf_uuid *version_id);
/* Grants or revokes an application on every version of a workflow
 * (customization_info.authorized_app_id_list is kept in step). */
int lf_wf_app_grant(lf_txn *t, const lf_workflow *wf, const lf_uuid *app_id, int grant,
                    lf_arena *a);
/* Takes target out of the kind list of every version of every workflow of
 * the tenant that names it (the user, department or application is being
 * deleted). */
int lf_wf_forget(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind, const lf_uuid *target,
                 lf_arena *a);

/* Newest first over the tenant's workflows. */
int lf_wf_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                         int (*fn)(const lf_workflow *wf, void *ctx), void *ctx);

/* ---- open tickets on nodes (filled by the ticket engine) ---- */
int lf_wf_ticket_node_put(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id,
                          const lf_uuid *ticket_id);
int lf_wf_ticket_node_del(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id,
                          const lf_uuid *ticket_id);
/* 1 when an open ticket of that version sits on the node (node_id NULL: on
 * any node of the version). */
int lf_wf_node_has_tickets(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id);

/* ---- the compiled graph: immutable, cached by version id ---- */
typedef enum lf_wf_ntype {
    LF_WFN_START, LF_WFN_NORMAL, LF_WFN_END, LF_WFN_PARALLEL, LF_WFN_EXCLUSIVE, LF_WFN_TIMER,
    LF_WFN_HOOK
} lf_wf_ntype;
typedef enum lf_wf_etype { LF_WFE_AGREE, LF_WFE_REJECT, LF_WFE_OTHER, LF_WFE_CONDITION } lf_wf_etype;
typedef enum lf_wf_fperm { LF_WFF_HIDDEN, LF_WFF_READONLY, LF_WFF_OPTIONAL, LF_WFF_REQUIRED } lf_wf_fperm;
const char *lf_wf_fperm_name(lf_wf_fperm p);

typedef struct lf_wf_gcomp {
    lf_uuid id;
    const char *id_text, *type, *key, *name, *description;
    const char *props, *layout, *label; /* JSON texts */
    int parent; /* index of the row; -1 for rows */
    int index;
} lf_wf_gcomp;

typedef struct lf_wf_fp {
    int comp; /* component index */
    lf_wf_fperm perm;
} lf_wf_fp;

typedef struct lf_wf_gnode {
    lf_uuid id;
    const char *id_text, *name, *type_text;
    lf_wf_ntype type;
    const char *props, *layout, *label; /* JSON texts */
    const char *assignee_type, *assignee, *assignment_strategy, *external_token;
    const char *hook_url, *hook_token;
    int is_async, allow_withdraw;
    int64_t delay_seconds;
    const lf_wf_fp *fp; /* explicit entries; a key without one is hidden */
    int nfp;
    const int *out; /* edge indexes in designer order */
    int nout, nin;
    int merge;          /* parallel: index of the merge node; else -1 */
    int default_branch; /* exclusive: edge index of props.default_branch; else -1 */
    int index;
} lf_wf_gnode;

typedef struct lf_wf_gedge {
    lf_uuid id;
    const char *id_text, *name, *type_text;
    lf_wf_etype type;
    const char *props, *layout, *label; /* JSON texts */
    int source, target; /* node indexes */
    int skip_fields_required_check;
    const char *condition_groups;     /* JSON text or NULL */
    const char *condition_expression; /* or NULL */
    int index;
} lf_wf_gedge;

typedef struct lf_wf_ghook {
    const char *id_text, *name, *url, *token;
    lf_wf_strs events; /* canonical: pre_create create reject withdraw force_close finish */
} lf_wf_ghook;

typedef struct lf_wf_graph lf_wf_graph;
struct lf_wf_graph {
    lf_uuid version_id, workflow_id;
    int64_t rev;
    const char *name, *description, *version_name, *label;
    const lf_wf_gnode *nodes;
    int nnodes;
    const lf_wf_gedge *edges; /* designer order */
    int nedges;
    const lf_wf_gcomp *comps; /* designer order (order_id), rows and children */
    int ncomps;
    int start, end;
    const lf_wf_ghook *hooks; /* workflow event hooks, designer order */
    int nhooks;
    const char *title_template, *content_template; /* notification templates */
    lf_wf_strs channels;                          /* notification channel ids */
    /* permission_info and the authorized applications, as saved */
    lf_wf_strs admins, dispatchers, viewers, viewer_depts, apps;
};

/* Gets the graph of a version through the cache (compiled on a miss). The
 * graph stays valid until lf_wf_graph_release. The cache is used from the
 * event-loop thread only (handlers run there; workers only hash passwords)
 * and is bounded in entries and bytes; an in-place save changes the
 * version's rev, which retires the cached entry. */
int lf_wf_graph_get(lf_txn *t, const lf_wf_version *v, const lf_wf_graph **out);
void lf_wf_graph_release(const lf_wf_graph *g);
/* The same, from a version id alone (what a ticket stores). */
int lf_wf_graph_of(lf_txn *t, const lf_uuid *version_id, const lf_wf_graph **out);
/* Drops the cached graphs of a version (after an in-place save or a delete;
 * a stale rev would never be served anyway, this frees the memory now). */
void lf_wf_graph_forget(const lf_uuid *version_id);
/* Compiles without the cache (the caller frees with lf_wf_graph_free). */
int lf_wf_graph_compile(const lf_wf_design *d, const lf_wf_version *v, lf_wf_graph **out);
void lf_wf_graph_free(lf_wf_graph *g);
/* Drops every cached graph (tests, shutdown). */
void lf_wf_graph_cache_clear(void);
size_t lf_wf_graph_cache_count(void);

const lf_wf_gnode *lf_wf_graph_node(const lf_wf_graph *g, lf_str id);
const lf_wf_gnode *lf_wf_graph_start(const lf_wf_graph *g);
const lf_wf_gedge *lf_wf_graph_edge(const lf_wf_graph *g, lf_str id);
/* Out-edges of a node in designer order: the count, *out the first. */
int lf_wf_graph_out(const lf_wf_graph *g, const lf_wf_gnode *n, const lf_wf_gedge *out[], int cap);
const lf_wf_gcomp *lf_wf_graph_component(const lf_wf_graph *g, lf_str key);
lf_wf_fperm lf_wf_graph_field_perm(const lf_wf_graph *g, const lf_wf_gnode *n, lf_str key);
/* How a form child is shown at node n: its permission's name, or NULL when
 * it is left out. externaldata is always read-only unless explicitly hidden. */
const char *lf_wf_graph_shown_as(const lf_wf_gnode *n, const lf_wf_gcomp *k);
/* 1 when the hook listens to the (canonical) event. */
int lf_wf_hook_has_event(const lf_wf_ghook *h, const char *event);

#endif
