/* Per-call memos for lists: a page's items mostly share a few workflow
 * versions and creators, and each uncached lookup decodes a whole record.
 * Both memos are small arrays in the call's arena, searched linearly and
 * bounded, so a page of all-distinct ids costs no more than before. */
#include "internal.h"

#include <string.h>

#define MEMO_MAX 64

struct lf_graph_memo_e {
    lf_uuid id;
    int rc;
    const lf_wf_graph *g;
};

void lf_graph_memo_init(lf_graph_memo *m, lf_arena *a)
{
    m->a = a;
    m->n = 0;
    m->e = NULL;
}

int lf_graph_memo_get(lf_graph_memo *m, lf_txn *t, const lf_uuid *version_id,
                      const lf_wf_graph **out)
{
    for (size_t i = 0; i < m->n; i++)
        if (lf_uuid_eq(&m->e[i].id, version_id)) {
            *out = m->e[i].g;
            return m->e[i].rc;
        }
    *out = NULL;
    if (!m->e && !(m->e = lf_arena_alloc(m->a, MEMO_MAX * sizeof *m->e)))
        return LF_ENOMEM;
    int rc = lf_wf_graph_of(t, version_id, out);
    if (rc && rc != LF_ENOTFOUND)
        return rc;
    if (m->n == MEMO_MAX) {
        /* Full: the oldest entry makes room; its graph is released. */
        lf_wf_graph_release(m->e[0].g);
        memmove(m->e, m->e + 1, (MEMO_MAX - 1) * sizeof *m->e);
        m->n--;
    }
    m->e[m->n++] = (struct lf_graph_memo_e){*version_id, rc, *out};
    return rc;
}

void lf_graph_memo_release(lf_graph_memo *m)
{
    for (size_t i = 0; i < m->n; i++)
        lf_wf_graph_release(m->e[i].g);
    m->n = 0;
}

typedef struct user_e {
    lf_uuid id;
    const lf_user *u; /* NULL: not found */
} user_e;

struct lf_user_memo {
    size_t n, cap;
    user_e *e;
};

/* Room for one more entry: the array doubles in the arena up to MEMO_MAX. */
static user_e *user_slot(lf_call *c)
{
    struct lf_user_memo *m = c->users;
    if (!m) {
        if (!(m = lf_arena_alloc(c->a, sizeof *m)))
            return NULL;
        *m = (struct lf_user_memo){0, 0, NULL};
        c->users = m;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        user_e *e;
        if (cap > MEMO_MAX || !(e = lf_arena_alloc(c->a, cap * sizeof *e)))
            return NULL;
        if (m->n)
            memcpy(e, m->e, m->n * sizeof *e);
        m->e = e;
        m->cap = cap;
    }
    return &m->e[m->n++];
}

int lf_call_user(lf_call *c, const lf_uuid *id, const lf_user **out)
{
    /* A write call may change a user between two lookups: no memo there. */
    int memo = !c->op || !c->op->write;
    const struct lf_user_memo *m = c->users;
    if (memo && m)
        for (size_t i = 0; i < m->n; i++)
            if (lf_uuid_eq(&m->e[i].id, id)) {
                *out = m->e[i].u;
                return *out ? LF_OK : LF_ENOTFOUND;
            }
    *out = NULL;
    lf_user *u = lf_arena_alloc(c->a, sizeof *u);
    if (!u)
        return LF_ENOMEM;
    int rc = lf_user_get(c->txn, id, c->a, u);
    if (rc && rc != LF_ENOTFOUND)
        return rc;
    if (rc == LF_OK)
        *out = u;
    user_e *e = memo ? user_slot(c) : NULL;
    if (e)
        *e = (user_e){*id, *out};
    return rc;
}
