/* Private to the engine: the state of one call on one ticket, and the
 * helpers its files share. */
#ifndef LF_ENGINE_INTERNAL_H
#define LF_ENGINE_INTERNAL_H

#include "loonflow/cond.h"
#include "loonflow/engine.h"
#include "loonflow/ticket.h"
#include "loonflow/workflow.h"

/* Fails the call with a client message (LF_EINVAL). */
int lf_eng_fail(lf_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct lf_eng_tk {
    lf_engine *e;
    lf_ticket tk;
    const lf_wf_graph *g;
    lf_ticket_node *rows; /* current nodes before the call, arrival order */
    size_t nrows;
} lf_eng_tk;

/* ---- graph lookups ---- */
const lf_wf_gnode *lf_eng_node(const lf_wf_graph *g, const lf_uuid *id);
/* The current row of node_id text; NULL when the node is not current. */
lf_ticket_node *lf_eng_row(lf_eng_tk *x, lf_str node_id);

/* ---- comma-joined id lists ---- */
int lf_eng_ids_parse(lf_arena *a, const char *joined, lf_ids *out);
const char *lf_eng_ids_join(lf_arena *a, const lf_ids *ids);

/* ---- whole votes: all_assignee_result {user id: "" pending | edge id} ---- */
typedef struct lf_eng_vote {
    lf_uuid user;
    lf_str edge; /* empty: pending */
} lf_eng_vote;
int lf_eng_votes_parse(lf_arena *a, const char *json, lf_eng_vote **out, size_t *n);
const char *lf_eng_votes_json(lf_arena *a, const lf_eng_vote *v, size_t n);

/* ---- values ---- */
/* Checks required keys of node n (unless skip) and writes the request's
 * values of the keys editable at n; a title value rewrites x->tk.title. */
int lf_eng_fields_apply(lf_eng_tk *x, const lf_wf_gnode *n, int skip_required, const lf_json *j,
                        int fields);
/* The snapshot of the ticket's values (history ticket_data). */
int lf_eng_snapshot(lf_eng_tk *x, const char **out);
/* The stored value of a key as JSON text (NULL when none). */
const char *lf_eng_value(lf_eng_tk *x, const lf_uuid *ticket, const char *key);
/* Gateway condition lookup over the stored values and the basic keys. */
int lf_eng_cond_lookup(void *ud, lf_str key, lf_cond_field *out);
/* Does the user exist, active, in the operator's tenant? */
int lf_eng_user_ok(lf_engine *e, const lf_uuid *id);

/* ---- assignees ---- */
/* Resolves the assignees of node n becoming current into the fresh row. */
int lf_eng_resolve(lf_eng_tk *x, const lf_wf_gnode *n, lf_ticket_node *row);

/* ---- routing ---- */
#define LF_ENG_SLOTS 64
typedef struct lf_eng_slot {
    int node; /* graph node index */
    int par;  /* the parallel gateway's node index whose branch this is; -1 none */
    int keep; /* index into x->rows of the unchanged row; -1 for a fresh row */
} lf_eng_slot;
typedef struct lf_eng_plan {
    lf_eng_slot v[LF_ENG_SLOTS];
    int n;
    int arrived[LF_ENG_SLOTS]; /* gateways a branch of which reached the merge node */
    int narrived;
} lf_eng_plan;
/* The plan starting from the current rows except `except` (NULL: all). */
void lf_eng_plan_keep(lf_eng_tk *x, const lf_ticket_node *except, lf_eng_plan *p);
/* Enters node index `node` (cascading gateways) as part of branch `par`. */
int lf_eng_follow(lf_eng_tk *x, lf_eng_plan *p, int node, int par);
/* Adds the merge nodes whose last branch arrived. */
int lf_eng_merge_arrivals(lf_eng_tk *x, lf_eng_plan *p);
/* Replaces the current rows by the plan (fresh rows resolved), keeps the
 * version's node index in step. */
int lf_eng_plan_apply(lf_eng_tk *x, const lf_eng_plan *p);
/* act_state after routing through an edge of type et (-1: no edge). */
const char *lf_eng_act_state(lf_eng_tk *x, const lf_eng_plan *p, int et);

/* A current row written back (the index is unchanged: same node). */
int lf_eng_row_put(lf_eng_tk *x, lf_ticket_node *row);
/* The end of an action on one row (accept, forward, consult, ...): the row
 * written back, the history entry, the user relations synced. */
int lf_eng_row_done(lf_eng_tk *x, lf_ticket_node *row, const char *action_type, lf_str comment,
                    const char *before, int processor, const lf_ids *cc);
/* Hook and timer nodes becoming current: the seam for their firing. */
int lf_eng_on_enter_node(lf_eng_tk *x, const lf_wf_gnode *n, lf_ticket_node *row);

/* ---- relations and history ---- */
/* Recomputes ticket_user from the current rows (§3.8): assignees with their
 * node lists, consultants; the operator becomes a processor when asked;
 * cc users become cc recipients. */
int lf_eng_sync_users(lf_eng_tk *x, int processor, const lf_ids *cc);
int lf_eng_history(lf_eng_tk *x, const char *action_type, const lf_uuid *node,
                   const lf_uuid *action, lf_str comment, const char *ticket_data);
/* force_forward, force_close, force_alter_node (engine_admin_act.c). */
int lf_eng_admin_act(lf_eng_tk *x, const lf_engine_act *in);
/* Loads ticket, graph and rows; checks the app may reach the workflow. */
int lf_eng_load(lf_engine *e, const lf_uuid *ticket_id, lf_eng_tk *x);
void lf_eng_release(lf_eng_tk *x);

#endif
