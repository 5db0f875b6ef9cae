/* ticket_view: what a user sees of tickets (DECISIONS §3 "View permission",
 * "Lists", "Forms"; API.md §5.1, §5.3-§5.5, §5.7). The ticket as one reader
 * sees it (access checked, the node the reader acts on), the action menus,
 * the form's component permissions, and the ticket lists served from the
 * list indexes. No JSON here: the api writes what these compute. */
#ifndef LOONFLOW_TICKET_VIEW_H
#define LOONFLOW_TICKET_VIEW_H

#include "loonflow/ticket.h"
#include "loonflow/workflow.h"

#define LF_TV_NOT_FOUND "ticket is not existed or has been deleted"
#define LF_TV_NO_VIEW "user has no view permission"
#define LF_TV_NO_APP "app has no permission to this workflow"

/* One ticket as one reader sees it. */
typedef struct lf_tv {
    lf_ticket tk;
    const lf_wf_graph *g;   /* the ticket's version; released by lf_tv_close */
    lf_ticket_node *rows;   /* current nodes, arrival order */
    size_t nrows;
    const lf_user *u;
    int can_view, is_admin;
    const lf_ticket_node *mine;   /* the current row the reader is assigned to, or NULL */
    const lf_wf_gnode *mine_node; /* its graph node */
} lf_tv;

/* Loads ticket id for user u calling through app (NULL: Bearer). Unknown,
 * malformed or other-tenant ids are LF_ENOTFOUND; an app that may not reach
 * the workflow is LF_EINVAL. *msg is the client's text on failure. */
int lf_tv_open(lf_txn *t, const lf_user *u, const lf_app *app, lf_str id, lf_arena *a, lf_tv *v,
               const char **msg);
void lf_tv_close(lf_tv *v);

/* ---- action menus ---- */
typedef struct lf_tv_action {
    const char *id, *name, *type;
    const char *props; /* JSON text */
} lf_tv_action;

#define LF_TV_MAX_ACTIONS 72
typedef struct lf_tv_menu {
    lf_tv_action v[LF_TV_MAX_ACTIONS];
    int n;
    const char *base_node_id; /* action_base_node_id; "" when none */
} lf_tv_menu;

/* ticket_detail_actions: the reader's node's edges and pseudo-actions. */
void lf_tv_actions(const lf_tv *v, lf_tv_menu *m);
/* ticket_detail_admin_actions: force_forward and force_close for admins,
 * workflow admins and dispatchers of an open ticket. */
void lf_tv_admin_actions(const lf_tv *v, lf_tv_menu *m);

/* ---- the detail form ---- */
/* The node whose field permissions shape the reader's form, or NULL for the
 * read-only view form (closed ticket, a reader who acts on no node, or an
 * end node). */
const lf_wf_gnode *lf_tv_form_node(const lf_tv *v);
/* The permission component k is shown with, or NULL when it is left out.
 * Rows: "" when at least one child is shown. */
const char *lf_tv_form_perm(const lf_tv *v, const lf_wf_gnode *n, const lf_wf_gcomp *k);

/* workflow_metadata.ticket_detail_title of the version g: the label's
 * ticket_detail_title_template over {name}, {version_name}, {description}
 * and {title} (the ticket's title; NULL on the creation form, where there
 * is no ticket and {title} makes the template unusable), else
 * "<name> - <version_name>". */
void lf_tv_detail_title(const lf_wf_graph *g, const char *title, lf_arena *a, lf_buf *out);

/* ---- lists (GET /tickets) ---- */
typedef enum lf_tv_cat {
    LF_TVC_ALL, LF_TVC_DUTY, LF_TVC_OWNER, LF_TVC_RELATION, LF_TVC_WORKED, LF_TVC_INTERVENE,
    LF_TVC_VIEW
} lf_tv_cat;
int lf_tv_cat_parse(lf_str s, lf_tv_cat *out);

typedef struct lf_tv_listq {
    const lf_user *u;
    const lf_app *app; /* NULL: Bearer */
    lf_tv_cat cat;
    lf_str search;          /* title substring, case-insensitive; empty: none */
    int64_t from, to;       /* created_at window, inclusive */
    int newest_first;
    const lf_ids *workflow_ids, *ticket_ids, *node_ids; /* NULL: no filter */
    const char *act_state;  /* NULL: any */
    const lf_uuid *creator_id, *parent_ticket_id, *parent_ticket_node_id; /* NULL: any */
    int64_t page, per_page;
} lf_tv_listq;

/* One page of the tickets q selects. LF_EINVAL for category all asked by a
 * non-admin ("only admin can get all tickets"). */
int lf_tv_list(lf_txn *t, const lf_tv_listq *q, lf_arena *a, lf_ticket_page *out);

#endif
