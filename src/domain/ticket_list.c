/* Ticket lists: a merge of one or more index prefixes in created order,
 * windowed by created_at. Without a filter a page costs its own entries
 * (plus the offset) and the total comes from the prefix counters; with a
 * filter every candidate in the window is visited once. A list of named
 * tickets loads each of them instead. */
#include "loonflow/ticket.h"
#include "ticket_ix.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SOURCES 512

typedef struct src {
    lf_cursor *c;
    uint8_t prefix[LF_TIX_PREFIX];
    lf_val k, v;
    int live;
} src;

typedef struct scan {
    lf_txn *t;
    const lf_ticket_query *q;
    src *s;
    size_t ns;
    uint64_t visited;
} scan;

static void make_prefix(uint8_t *p, uint8_t tag, const lf_uuid *owner)
{
    p[0] = tag;
    memcpy(p + 1, owner->b, 16);
}

static lf_val bound(lf_key *k, const uint8_t *prefix, int64_t when, uint64_t seq)
{
    lf_key_init(k);
    lf_key_bytes(k, prefix, LF_TIX_PREFIX);
    lf_key_be64(k, when < 0 ? 0 : (uint64_t)when);
    lf_key_be64(k, seq);
    return lf_key_val(k);
}

static int64_t created_of(lf_val k)
{
    return (int64_t)lf_be64_read((const uint8_t *)k.p + LF_TIX_PREFIX);
}

static int has_prefix(lf_val k, const uint8_t *prefix)
{
    return k.n == LF_TIX_KEY && memcmp(k.p, prefix, LF_TIX_PREFIX) == 0;
}

/* rc of a cursor move -> whether it landed on an entry of this prefix. */
static int landed(int rc, lf_val k, const uint8_t *prefix, int *err)
{
    if (rc != LF_OK && rc != LF_ENOTFOUND)
        *err = rc;
    return rc == LF_OK && has_prefix(k, prefix);
}

/* Positions at the first entry at or after `key` (dir > 0) or the last
 * entry before it (dir < 0). */
static int seek_dir(lf_cursor *c, lf_val key, int dir, lf_val *k, lf_val *v)
{
    int rc = lf_cursor_seek(c, key, k, v);
    if (dir > 0)
        return rc;
    if (rc == LF_ENOTFOUND)
        return lf_cursor_last(c, k, v);
    return rc == LF_OK ? lf_cursor_prev(c, k, v) : rc;
}

static int in_window(const scan *sc, const src *s)
{
    if (!has_prefix(s->k, s->prefix))
        return 0;
    int64_t when = created_of(s->k);
    return when >= sc->q->from && when <= sc->q->to;
}

static int step(scan *sc, src *s, int first)
{
    int rc;
    if (first) {
        lf_key b;
        rc = sc->q->newest_first ? seek_dir(s->c, bound(&b, s->prefix, sc->q->to, UINT64_MAX), -1, &s->k, &s->v)
                                 : seek_dir(s->c, bound(&b, s->prefix, sc->q->from, 0), 1, &s->k, &s->v);
    } else {
        rc = sc->q->newest_first ? lf_cursor_prev(s->c, &s->k, &s->v) : lf_cursor_next(s->c, &s->k, &s->v);
    }
    if (rc != LF_OK && rc != LF_ENOTFOUND)
        return rc;
    s->live = rc == LF_OK && in_window(sc, s);
    if (s->live)
        sc->visited++;
    return LF_OK;
}

static int start(scan *sc)
{
    for (size_t i = 0; i < sc->ns; i++) {
        int rc = step(sc, &sc->s[i], 1);
        if (rc)
            return rc;
    }
    return LF_OK;
}

/* The live source whose entry comes next in the requested order. */
static src *pick(scan *sc)
{
    src *best = NULL;
    for (size_t i = 0; i < sc->ns; i++) {
        src *s = &sc->s[i];
        if (!s->live)
            continue;
        if (!best) {
            best = s;
            continue;
        }
        int cmp = memcmp((const uint8_t *)s->k.p + LF_TIX_PREFIX,
                         (const uint8_t *)best->k.p + LF_TIX_PREFIX, 16);
        if (sc->q->newest_first ? cmp > 0 : cmp < 0)
            best = s;
    }
    return best;
}

/* Entries of one prefix inside the window: the prefix's counter minus the
 * entries outside, or the entries inside, whichever side ends first. */
static int count_window(scan *sc, const uint8_t *prefix, int64_t *out)
{
    lf_key kb;
    lf_val cnt;
    uint64_t total = 0;
    int rc = lf_get(sc->t, LF_T_TICKET_COUNT, (lf_val){prefix, LF_TIX_PREFIX}, &cnt);
    if (rc == LF_OK && cnt.n == 8)
        total = lf_be64_read(cnt.p);
    else if (rc != LF_ENOTFOUND && rc != LF_OK)
        return rc;
    lf_cursor *in, *lo, *hi;
    lf_val ki, kl, kh, v;
    int err = 0;
    if ((rc = lf_cursor_open(sc->t, LF_T_TICKET_LIST, &in)) ||
        (rc = lf_cursor_open(sc->t, LF_T_TICKET_LIST, &lo)) ||
        (rc = lf_cursor_open(sc->t, LF_T_TICKET_LIST, &hi)))
        return rc;
    lf_val from = bound(&kb, prefix, sc->q->from, 0);
    int in_live = landed(seek_dir(in, from, 1, &ki, &v), ki, prefix, &err) &&
                  created_of(ki) <= sc->q->to;
    int lo_live = landed(seek_dir(lo, from, -1, &kl, &v), kl, prefix, &err);
    lf_key kb2;
    int hi_live = sc->q->to < INT64_MAX &&
                  landed(seek_dir(hi, bound(&kb2, prefix, sc->q->to + 1, 0), 1, &kh, &v), kh, prefix, &err);
    uint64_t n_in = 0, n_out = 0;
    while (!err) {
        if (!in_live) {
            *out = (int64_t)n_in;
            break;
        }
        if (!lo_live && !hi_live) {
            *out = (int64_t)(total > n_out ? total - n_out : 0);
            break;
        }
        n_in++;
        in_live = landed(lf_cursor_next(in, &ki, &v), ki, prefix, &err) && created_of(ki) <= sc->q->to;
        n_out++;
        if (lo_live)
            lo_live = landed(lf_cursor_prev(lo, &kl, &v), kl, prefix, &err);
        else
            hi_live = landed(lf_cursor_next(hi, &kh, &v), kh, prefix, &err);
        sc->visited += 2;
    }
    lf_cursor_close(in);
    lf_cursor_close(lo);
    lf_cursor_close(hi);
    return err;
}

static int load(scan *sc, const src *s, lf_arena *a, lf_ticket *out)
{
    if (s->v.n != sizeof(lf_uuid))
        return LF_EINVAL;
    lf_uuid id;
    memcpy(id.b, s->v.p, 16);
    return lf_ticket_get(sc->t, &id, a, out);
}

/* Walks the merged entries; keeps those the filter accepts with a rank in
 * [skip, skip + per_page); counts them all when `count_all`. */
static int walk(scan *sc, int64_t skip, int count_all, lf_arena *a, lf_ticket_page *out,
                int64_t *matched)
{
    int rc = start(sc);
    int64_t rank = 0;
    out->n = 0;
    for (src *s; rc == LF_OK && (s = pick(sc));) {
        int want = rank >= skip && rank < skip + sc->q->per_page;
        if (sc->q->filter || want) {
            lf_ticket tk;
            if ((rc = load(sc, s, a, &tk)))
                break;
            if (!sc->q->filter || sc->q->filter(&tk, sc->q->ctx)) {
                if (want)
                    out->items[out->n++] = tk;
                rank++;
            }
        } else {
            rank++;
        }
        if (!count_all && rank >= skip + sc->q->per_page)
            break; /* the page is full: read nothing more */
        rc = step(sc, s, 0);
    }
    *matched = rank;
    return rc;
}

static int created_cmp(const void *x, const void *y)
{
    const lf_ticket *a = x, *b = y;
    if (a->created_at != b->created_at)
        return a->created_at < b->created_at ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The first rank of the page, or of the last page when past the end. */
static int64_t page_skip(const lf_ticket_query *q, int64_t total)
{
    int64_t skip = (q->page - 1) > INT64_MAX / q->per_page ? INT64_MAX : (q->page - 1) * q->per_page;
    if (skip >= total)
        skip = total ? (total - 1) / q->per_page * q->per_page : 0;
    return skip;
}

/* LF_TS_IDS: loads each named ticket once, keeps those in the window that
 * the filter accepts, and pages them in created order. */
static int list_ids(lf_txn *t, const lf_ticket_query *q, lf_arena *a, lf_ticket_page *out)
{
    lf_ticket *all = lf_arena_alloc(a, q->nkeys * sizeof *all);
    if (!all)
        return LF_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < q->nkeys; i++) {
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = lf_uuid_eq(&q->keys[i], &q->keys[j]);
        if (dup)
            continue;
        int rc = lf_ticket_get(t, &q->keys[i], a, &all[n]);
        if (rc == LF_ENOTFOUND)
            continue;
        if (rc)
            return rc;
        out->visited++;
        const lf_ticket *tk = &all[n];
        if (tk->created_at >= q->from && tk->created_at <= q->to && (!q->filter || q->filter(tk, q->ctx)))
            n++;
    }
    qsort(all, n, sizeof *all, created_cmp);
    if (q->newest_first)
        for (size_t i = 0; i < n / 2; i++) {
            lf_ticket tmp = all[i];
            all[i] = all[n - 1 - i];
            all[n - 1 - i] = tmp;
        }
    int64_t skip = page_skip(q, (int64_t)n);
    out->total = (int64_t)n;
    out->items = all + skip;
    out->n = (size_t)((int64_t)n - skip < q->per_page ? (int64_t)n - skip : q->per_page);
    return LF_OK;
}

int lf_ticket_list(lf_txn *t, const lf_ticket_query *q, lf_arena *a, lf_ticket_page *out)
{
    memset(out, 0, sizeof *out);
    if (q->nkeys > MAX_SOURCES || q->page < 1 || q->per_page < 1 || (unsigned)q->source >= LF_TS__COUNT)
        return LF_EINVAL;
    int tag = lf_tix_tag(q->source, q->act_state);
    if (tag < 0)
        return LF_EINVAL;
    if (q->nkeys == 0 || q->from > q->to)
        return LF_OK;
    if (q->source == LF_TS_IDS)
        return list_ids(t, q, a, out);
    scan sc = {.t = t, .q = q, .ns = q->nkeys};
    sc.s = lf_arena_alloc(a, q->nkeys * sizeof *sc.s);
    out->items = lf_arena_alloc(a, (size_t)q->per_page * sizeof *out->items);
    if (!sc.s || !out->items)
        return LF_ENOMEM;
    memset(sc.s, 0, q->nkeys * sizeof *sc.s);
    int rc = LF_OK;
    for (size_t i = 0; i < sc.ns && rc == LF_OK; i++) {
        make_prefix(sc.s[i].prefix, (uint8_t)tag, &q->keys[i]);
        rc = lf_cursor_open(t, LF_T_TICKET_LIST, &sc.s[i].c);
    }
    int64_t total = 0, matched;
    for (size_t i = 0; i < sc.ns && rc == LF_OK && !q->filter; i++) {
        int64_t n = 0;
        rc = count_window(&sc, sc.s[i].prefix, &n);
        total += n;
    }
    int64_t skip = (q->page - 1) > INT64_MAX / q->per_page ? INT64_MAX : (q->page - 1) * q->per_page;
    if (rc == LF_OK && !q->filter) /* past the end: the last page */
        skip = page_skip(q, total);
    if (rc == LF_OK)
        rc = walk(&sc, skip, q->filter != NULL, a, out, &matched);
    if (rc == LF_OK && q->filter) {
        total = matched;
        if (skip >= total && total > 0)
            rc = walk(&sc, (total - 1) / q->per_page * q->per_page, 0, a, out, &matched);
    }
    for (size_t i = 0; i < sc.ns; i++)
        if (sc.s[i].c)
            lf_cursor_close(sc.s[i].c);
    out->total = total;
    out->visited = sc.visited;
    return rc;
}
