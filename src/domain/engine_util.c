/* Shared small pieces of the engine: messages, lookups, id lists, votes,
 * history rows and loading a ticket. */
#include "engine_internal.h"

#include <stdio.h>
#include <string.h>

int lf_eng_fail(lf_engine *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return LF_EINVAL;
}

const lf_wf_gnode *lf_eng_node(const lf_wf_graph *g, const lf_uuid *id)
{
    for (int i = 0; i < g->nnodes; i++)
        if (lf_uuid_eq(&g->nodes[i].id, id))
            return &g->nodes[i];
    return NULL;
}

lf_ticket_node *lf_eng_row(lf_eng_tk *x, lf_str node_id)
{
    lf_uuid id;
    if (lf_uuid_parse(node_id, &id))
        return NULL;
    for (size_t i = 0; i < x->nrows; i++)
        if (lf_uuid_eq(&x->rows[i].node_id, &id))
            return &x->rows[i];
    return NULL;
}

int lf_eng_ids_parse(lf_arena *a, const char *joined, lf_ids *out)
{
    const char *p = joined ? joined : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        lf_uuid id;
        if (lf_uuid_parse((lf_str){p, n}, &id) == LF_OK && !lf_ids_has(out, &id)) {
            int rc = lf_ids_push(out, a, &id);
            if (rc)
                return rc;
        }
        p += n + (comma != NULL);
    }
    return LF_OK;
}

const char *lf_eng_ids_join(lf_arena *a, const lf_ids *ids)
{
    char *s = lf_arena_alloc(a, ids->n * (LF_UUID_STRLEN + 1) + 1);
    if (!s)
        return NULL;
    char *p = s;
    for (size_t i = 0; i < ids->n; i++) {
        if (i)
            *p++ = ',';
        lf_uuid_format(&ids->v[i], p);
        p += LF_UUID_STRLEN;
    }
    *p = 0;
    return s;
}

int lf_eng_votes_parse(lf_arena *a, const char *json, lf_eng_vote **out, size_t *n)
{
    lf_json j;
    char err[64];
    *out = NULL;
    *n = 0;
    if (!json || !*json || lf_json_parse(&j, json, strlen(json), a, 0, err, sizeof err) ||
        lf_json_type_of(&j, 0) != LF_JSON_OBJECT)
        return LF_OK;
    int cnt = lf_json_count(&j, 0);
    if (cnt <= 0)
        return LF_OK;
    lf_eng_vote *v = lf_arena_alloc(a, (size_t)cnt * sizeof *v);
    if (!v)
        return LF_ENOMEM;
    for (int k = lf_json_first(&j, 0); k >= 0; k = lf_json_next(&j, k)) {
        lf_str key, val = {"", 0};
        if (lf_json_str(&j, k, a, &key) || lf_uuid_parse(key, &v[*n].user))
            continue;
        if (lf_json_type_of(&j, k + 1) == LF_JSON_STRING)
            lf_json_str(&j, k + 1, a, &val);
        else if (lf_json_type_of(&j, k + 1) == LF_JSON_OBJECT)
            lf_json_get_str(&j, k + 1, "action_id", a, &val);
        v[*n].edge = val;
        (*n)++;
    }
    *out = v;
    return LF_OK;
}

const char *lf_eng_votes_json(lf_arena *a, const lf_eng_vote *v, size_t n)
{
    lf_buf b;
    lf_jw w;
    lf_buf_init(&b, 1 << 20);
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    for (size_t i = 0; i < n; i++) {
        char id[LF_UUID_STRLEN + 1];
        lf_uuid_format(&v[i].user, id);
        lf_jw_kstr(&w, id, v[i].edge);
    }
    lf_jw_obj_end(&w);
    const char *s = lf_arena_strndup(a, b.p ? b.p : "{}", b.p ? b.n : 2);
    lf_buf_free(&b);
    return s;
}

int lf_eng_history(lf_eng_tk *x, const char *action_type, const lf_uuid *node,
                   const lf_uuid *action, lf_str comment, const char *ticket_data)
{
    char pid[LF_UUID_STRLEN + 1];
    lf_uuid_format(&x->e->op->id, pid);
    lf_flow f = {0};
    int rc = lf_uuid_v4(&f.id);
    if (rc)
        return rc;
    f.ticket_id = x->tk.id;
    f.creator_id = x->e->op->id;
    f.created_at = x->e->now;
    if (node)
        f.node_id = *node;
    if (action)
        f.action_id = *action;
    f.action_type = action_type;
    f.comment = lf_arena_strndup(x->e->a, comment.p ? comment.p : "", comment.n);
    f.processor_type = "user";
    f.processor = lf_arena_strndup(x->e->a, pid, LF_UUID_STRLEN);
    f.ticket_data = ticket_data;
    if (!f.comment || !f.processor)
        return LF_ENOMEM;
    return lf_flow_append(x->e->t, &f);
}

int lf_eng_load(lf_engine *e, const lf_uuid *ticket_id, lf_eng_tk *x)
{
    memset(x, 0, sizeof *x);
    x->e = e;
    int rc = lf_ticket_get(e->t, ticket_id, e->a, &x->tk);
    if (rc == LF_OK && !lf_uuid_eq(&x->tk.tenant_id, &e->op->tenant_id))
        rc = LF_ENOTFOUND;
    if (rc == LF_ENOTFOUND) {
        snprintf(e->msg, sizeof e->msg, "ticket not found");
        return rc;
    }
    if (rc)
        return rc;
    rc = lf_ticket_app_allowed(e->t, e->app, &x->tk.tenant_id, &x->tk.workflow_id,
                               &x->tk.version_id);
    if (rc == 0)
        return lf_eng_fail(e, "app has no permission to this workflow");
    if (rc < 0)
        return rc;
    if ((rc = lf_wf_graph_of(e->t, &x->tk.version_id, &x->g)))
        return rc;
    return lf_ticket_nodes(e->t, &x->tk.id, e->a, &x->rows, &x->nrows);
}

void lf_eng_release(lf_eng_tk *x)
{
    if (x->g)
        lf_wf_graph_release(x->g);
    x->g = NULL;
}

int lf_eng_user_ok(lf_engine *e, const lf_uuid *id)
{
    /* The operator was read in this transaction, and the engine writes no
     * users: a node assigned to the operator needs no second read. */
    if (lf_uuid_eq(id, &e->op->id))
        return e->op->is_active;
    lf_user u;
    int rc = lf_user_get(e->t, id, e->a, &u);
    if (rc == LF_ENOTFOUND)
        return 0;
    if (rc)
        return rc;
    return lf_uuid_eq(&u.tenant_id, &e->op->tenant_id) && u.is_active;
}

int lf_eng_row_put(lf_eng_tk *x, lf_ticket_node *row)
{
    row->updated_at = x->e->now;
    return lf_ticket_node_put(x->e->t, row);
}

int lf_eng_row_done(lf_eng_tk *x, lf_ticket_node *row, const char *action_type, lf_str comment,
                    const char *before, int processor, const lf_ids *cc)
{
    int rc;
    if ((rc = lf_eng_row_put(x, row)) ||
        (rc = lf_eng_history(x, action_type, &row->node_id, NULL, comment, before)))
        return rc;
    return lf_eng_sync_users(x, processor, cc);
}
