/* engine: the ticket engine's write side (DECISIONS §3, ENGINE.md §3-§5).
 * Creation, the edge actions with gateway cascading, parallel branches and
 * whole votes, the other handle actions and the admin actions. Plain C in,
 * an LF_* code and a client message out; everything a call changes is
 * written through the given transaction, and a failed call returns an error
 * so that the caller aborts it (nothing half-applied survives). */
#ifndef LOONFLOW_ENGINE_H
#define LOONFLOW_ENGINE_H

#include "loonflow/accounts.h"
#include "loonflow/json.h"
#include "loonflow/store.h"

typedef struct lf_engine {
    lf_txn *t;
    lf_arena *a;
    int64_t now;
    const lf_user *op;  /* the operator */
    const lf_app *app;  /* signature callers; NULL for Bearer (the app "loonflow") */
    int utc_offset_min; /* naive datetimes in field values and conditions */
    char msg[384];      /* the client's message when a call fails with LF_EINVAL/LF_ENOTFOUND */
} lf_engine;

/* POST /tickets. fields: the object of `fields` in j (-1: none). */
typedef struct lf_engine_new {
    lf_uuid workflow_id;
    lf_str version_name; /* empty: the default version */
    lf_str action_id;
    const lf_json *j;
    int fields;
    lf_uuid parent_ticket_id, parent_ticket_node_id; /* zero: none */
    const lf_ids *cc;
    lf_str comment;
} lf_engine_new;
int lf_engine_create(lf_engine *e, const lf_engine_new *in, lf_uuid *ticket_id);

/* POST /tickets/<id>/handle. */
typedef struct lf_engine_act {
    lf_uuid ticket_id;
    lf_str action_type, action_id;
    const lf_json *j;
    int fields;
    lf_str node_id, comment, target_assignee_id, target_node_id;
    const lf_ids *cc;
} lf_engine_act;
int lf_engine_handle(lf_engine *e, const lf_engine_act *in);

#endif
