/* ticket_user maintenance (ENGINE.md 3.8): the current rows are the one
 * truth of who may act; every relation is rewritten from them through
 * lf_ticket_user_put, which keeps the duty/worked/relation lists in step. */
#include "engine_internal.h"

#include <string.h>

typedef struct duty {
    lf_uuid user;
    lf_buf nodes; /* comma-joined node ids */
    int consultant;
} duty;

static duty *duty_of(duty *d, size_t *n, size_t cap, const lf_uuid *u)
{
    for (size_t i = 0; i < *n; i++)
        if (lf_uuid_eq(&d[i].user, u))
            return &d[i];
    if (*n == cap)
        return NULL;
    memset(&d[*n], 0, sizeof d[*n]);
    d[*n].user = *u;
    lf_buf_init(&d[*n].nodes, 1 << 16);
    return &d[(*n)++];
}

static int put_one(lf_eng_tk *x, const lf_uuid *user, const duty *dt, int processor, int cc)
{
    lf_engine *e = x->e;
    lf_ticket_user u;
    int rc = lf_ticket_user_get(e->t, &x->tk.id, user, e->a, &u);
    if (rc == LF_ENOTFOUND) {
        memset(&u, 0, sizeof u);
        u.ticket_id = x->tk.id;
        u.user_id = *user;
        u.created_at = e->now;
    } else if (rc) {
        return rc;
    }
    u.as_assignee = dt && dt->nodes.n > 0;
    u.assignee_node_ids = u.as_assignee ? lf_arena_strndup(e->a, dt->nodes.p, dt->nodes.n) : "";
    if (!u.assignee_node_ids)
        return LF_ENOMEM;
    u.as_consultant |= dt && dt->consultant;
    u.as_processor |= processor;
    u.as_cc_recipient |= cc;
    u.updated_at = e->now;
    return lf_ticket_user_put(e->t, &x->tk, &u);
}

int lf_eng_sync_users(lf_eng_tk *x, int processor, const lf_ids *cc)
{
    lf_engine *e = x->e;
    size_t cap = 1, nd = 0;
    for (size_t i = 0; i < x->nrows; i++)
        for (const char *c = x->rows[i].assignee; c && *c; c++)
            cap += *c == ',' ? 1 : 0;
    cap += x->nrows;
    duty *d = lf_arena_alloc(e->a, cap * sizeof *d);
    int rc = d ? LF_OK : LF_ENOMEM;
    for (size_t i = 0; rc == LF_OK && i < x->nrows; i++) {
        lf_ids who = {0};
        char nid[LF_UUID_STRLEN + 1];
        lf_uuid_format(&x->rows[i].node_id, nid);
        rc = lf_eng_ids_parse(e->a, x->rows[i].assignee, &who);
        for (size_t k = 0; rc == LF_OK && k < who.n; k++) {
            duty *dt = duty_of(d, &nd, cap, &who.v[k]);
            if (!dt) {
                rc = LF_ELIMIT;
                break;
            }
            if (dt->nodes.n)
                lf_buf_putc(&dt->nodes, ',');
            lf_buf_puts(&dt->nodes, nid);
            dt->consultant |= x->rows[i].in_consult &&
                              lf_uuid_eq(&x->rows[i].consult_target_id, &who.v[k]);
            if (dt->nodes.oom)
                rc = LF_ENOMEM;
        }
    }
    lf_ticket_user *old = NULL;
    size_t nold = 0;
    if (rc == LF_OK)
        rc = lf_ticket_users(e->t, &x->tk.id, e->a, &old, &nold);
    /* every existing relation, then the new ones */
    for (size_t i = 0; rc == LF_OK && i < nold; i++) {
        const duty *dt = NULL;
        for (size_t k = 0; k < nd; k++)
            if (lf_uuid_eq(&d[k].user, &old[i].user_id))
                dt = &d[k];
        int is_op = lf_uuid_eq(&old[i].user_id, &e->op->id);
        int is_cc = cc && lf_ids_has(cc, &old[i].user_id);
        int changed = old[i].as_assignee || dt || (is_op && processor) || is_cc;
        if (changed)
            rc = put_one(x, &old[i].user_id, dt, is_op && processor, is_cc);
    }
    for (size_t k = 0; rc == LF_OK && k < nd; k++) {
        int known = 0;
        for (size_t i = 0; i < nold; i++)
            known |= lf_uuid_eq(&old[i].user_id, &d[k].user);
        if (!known)
            rc = put_one(x, &d[k].user, &d[k], lf_uuid_eq(&d[k].user, &e->op->id) && processor,
                         cc && lf_ids_has(cc, &d[k].user));
    }
    for (size_t k = 0; rc == LF_OK && cc && k < cc->n; k++) {
        int known = 0;
        for (size_t i = 0; i < nold; i++)
            known |= lf_uuid_eq(&old[i].user_id, &cc->v[k]);
        for (size_t i = 0; i < nd; i++)
            known |= lf_uuid_eq(&d[i].user, &cc->v[k]);
        if (!known)
            rc = put_one(x, &cc->v[k], NULL, lf_uuid_eq(&cc->v[k], &e->op->id) && processor, 1);
    }
    if (rc == LF_OK && processor) {
        int known = 0;
        for (size_t i = 0; i < nold; i++)
            known |= lf_uuid_eq(&old[i].user_id, &e->op->id);
        for (size_t i = 0; i < nd; i++)
            known |= lf_uuid_eq(&d[i].user, &e->op->id);
        for (size_t i = 0; cc && i < cc->n; i++)
            known |= lf_uuid_eq(&cc->v[i], &e->op->id);
        if (!known)
            rc = put_one(x, &e->op->id, NULL, 1, 0);
    }
    for (size_t k = 0; k < nd; k++)
        lf_buf_free(&d[k].nodes);
    return rc;
}
