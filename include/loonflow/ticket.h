/* ticket: the stored side of tickets. Records and their indexes; no routing
 * and no HTTP here. The engine decides what changes; this module keeps the
 * ticket, its current nodes, its user relations, its field values and its
 * flow history consistent with the indexes that serve every list.
 *
 * Every list is a range scan over an index keyed "owner + created_at +
 * sequence" (owner = tenant, creator, user, workflow, parent, or tenant in
 * one act_state), so a page costs the entries it returns, whatever the
 * number of tickets. Totals come from a counter per index prefix,
 * corrected by the entries outside the time window (normally none). */
#ifndef LOONFLOW_TICKET_H
#define LOONFLOW_TICKET_H

#include "loonflow/accounts.h"
#include "loonflow/core.h"
#include "loonflow/store.h"

/* act_state values (DECISIONS.md §3): never "on-going" or "force_closed". */
#define LF_ACT_IN_DRAFT "in_draft"
#define LF_ACT_ON_GOING "on_going"
#define LF_ACT_REJECTED "rejected"
#define LF_ACT_WITHDRAWN "withdrawn"
#define LF_ACT_FINISHED "finished"
#define LF_ACT_CLOSED "closed"
int lf_act_state_valid(lf_str s);

typedef struct lf_ticket {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    int64_t seq; /* orders tickets created in the same second; set by insert */
    lf_uuid workflow_id, version_id, parent_ticket_id, parent_ticket_node_id; /* zero = none */
    const char *title, *act_state;
} lf_ticket;

int lf_ticket_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_ticket *out);
/* Inserts a new ticket (assigns seq) with its tenant, creator, workflow and
 * parent index entries. */
int lf_ticket_insert(lf_txn *t, lf_ticket *tk);
/* Rewrites title, act_state, label, updated_at of a stored ticket and moves
 * its state list entry when act_state changed; the other indexed fields of a
 * ticket never change. */
int lf_ticket_update(lf_txn *t, const lf_ticket *tk);

/* ---- current nodes: one row per node the ticket is at ---- */
typedef struct lf_ticket_node {
    lf_uuid ticket_id, node_id;
    int64_t created_at, updated_at;
    const char *assignee_type; /* "users" once resolved; "" for nodes nobody acts on */
    const char *assignee;      /* comma-joined user ids */
    const char *all_assignee_result; /* JSON object: voter id -> "" (pending) or the edge taken */
    const char *hook_status;         /* "", in_progress, success, failure */
    int in_consult, in_parallel, in_accept_wait;
    lf_uuid consult_from_id, consult_target_id;
    lf_uuid parallel_node_id; /* the parallel gateway whose branch this is */
    const char *consult_prev_assignee; /* the assignees a consult_submit gives the node back to */
    int64_t seq;              /* arrival order among the ticket's nodes; set by put */
} lf_ticket_node;

/* Inserts or replaces a current-node row. A new row gets the next arrival seq. */
int lf_ticket_node_put(lf_txn *t, lf_ticket_node *n);
/* Whether id is one of the comma-joined ids (an assignee list, a user's
 * assignee_node_ids); NULL holds none. */
int lf_ticket_ids_has(const char *joined, const lf_uuid *id);
/* Removes a current-node row (archived, as upstream). */
int lf_ticket_node_del(lf_txn *t, const lf_uuid *ticket, const lf_uuid *node);
/* The ticket's current nodes in arrival order; *out is an arena array. */
int lf_ticket_nodes(lf_txn *t, const lf_uuid *ticket, lf_arena *a, lf_ticket_node **out, size_t *n);

/* ---- ticket <-> user relations ---- */
typedef struct lf_ticket_user {
    lf_uuid ticket_id, user_id;
    int64_t created_at, updated_at;
    int as_creator, as_assignee, as_processor, as_cc_recipient, as_consultant;
    const char *assignee_node_ids; /* comma-joined node ids the user may act on */
} lf_ticket_user;

/* LF_ENOTFOUND when the user has no relation to the ticket. */
int lf_ticket_user_get(lf_txn *t, const lf_uuid *ticket, const lf_uuid *user, lf_arena *a,
                       lf_ticket_user *out);
/* Inserts or rewrites a relation and moves the user's duty, worked and
 * relation list entries to match its flags. Relations are never deleted. */
int lf_ticket_user_put(lf_txn *t, const lf_ticket *tk, const lf_ticket_user *u);
int lf_ticket_users(lf_txn *t, const lf_uuid *ticket, lf_arena *a, lf_ticket_user **out, size_t *n);

/* ---- field values: the normalised JSON value text per component key ---- */
int lf_ticket_field_get(lf_txn *t, const lf_uuid *ticket, lf_str key, lf_val *json);
int lf_ticket_field_put(lf_txn *t, const lf_uuid *ticket, lf_str key, lf_str json);
int lf_ticket_field_del(lf_txn *t, const lf_uuid *ticket, lf_str key);
/* Calls fn for each stored value in key order until fn returns non-zero. */
int lf_ticket_field_each(lf_txn *t, const lf_uuid *ticket,
                         int (*fn)(lf_str key, lf_str json, void *ctx), void *ctx);

/* ---- flow history (append-only) ---- */
typedef struct lf_flow {
    lf_uuid id, ticket_id, creator_id;
    int64_t created_at, seq; /* seq set by append */
    lf_uuid node_id, action_id; /* zero = none */
    const char *action_type, *comment;
    const char *processor_type; /* "user", "hook", "timer" */
    const char *processor;      /* a user id, or "*" */
    const char *ticket_data;    /* JSON snapshot of the values */
} lf_flow;

int lf_flow_append(lf_txn *t, lf_flow *f);
/* One page of a ticket's history, newest first unless oldest_first. */
int lf_flow_page(lf_txn *t, const lf_uuid *ticket, int oldest_first, int64_t page,
                 int64_t per_page, lf_arena *a, lf_flow **out, size_t *n, int64_t *total);

/* ---- lists ---- */
typedef enum lf_ticket_source {
    LF_TS_TENANT,   /* every ticket of the tenants in keys (category all) */
    LF_TS_CREATOR,  /* created by the users in keys (owner) */
    LF_TS_DUTY,     /* the users in keys are current assignees */
    LF_TS_WORKED,   /* the users in keys processed it */
    LF_TS_RELATION, /* the users in keys have any relation */
    LF_TS_WORKFLOW, /* tickets of the workflows in keys (view, intervene, workflow_ids) */
    LF_TS_PARENT,   /* children of the tickets in keys */
    LF_TS_STATE,    /* tickets of the tenants in keys in act_state */
    LF_TS_IDS,      /* the tickets in keys themselves (a handful: each is loaded) */
    LF_TS__COUNT
} lf_ticket_source;

typedef struct lf_ticket_query {
    lf_ticket_source source;
    const lf_uuid *keys; /* merged in created order when several */
    size_t nkeys;
    const char *act_state; /* LF_TS_STATE only */
    int64_t from, to; /* created_at window, inclusive */
    int newest_first;
    int64_t page, per_page; /* page >= 1; past the end gives the last page */
    /* Optional further condition on each candidate; when set, the total is
     * counted by visiting the candidates in the window. */
    int (*filter)(const lf_ticket *tk, void *ctx);
    void *ctx;
} lf_ticket_query;

typedef struct lf_ticket_page {
    lf_ticket *items;
    size_t n;
    int64_t total;
    uint64_t visited; /* index entries read: what the page cost */
} lf_ticket_page;

int lf_ticket_list(lf_txn *t, const lf_ticket_query *q, lf_arena *a, lf_ticket_page *out);

/* ---- who may do what with a ticket (DECISIONS.md §3) ----
 * Each answers 1 or 0, or a negative LF_* error. */
/* The calling application may reach the workflow (version NULL: any of its
 * versions). app NULL is a Bearer caller: the built-in app "loonflow",
 * which reaches every workflow of the tenant; admin-type apps too. */
int lf_ticket_app_allowed(lf_txn *t, const lf_app *app, const lf_uuid *tenant,
                          const lf_uuid *workflow, const lf_uuid *version);
/* System admins, and the admins and dispatchers of the ticket's version:
 * who may force_forward, force_close and force_alter_node. */
int lf_ticket_is_admin(lf_txn *t, const lf_user *u, const lf_ticket *tk);
/* Admins as above, viewers of the version (the user, or one of the user's
 * departments or their ancestors), and every user related to the ticket. */
int lf_ticket_can_view(lf_txn *t, const lf_user *u, const lf_ticket *tk, lf_arena *a);

#endif
