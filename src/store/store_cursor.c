/* Cursors over one table, tracked by their transaction. Structs are reused
 * within the (pooled) transaction, and read cursors keep their MDB_cursor
 * for mdb_cursor_renew, so steady-state scans allocate nothing. */
#include "store_lmdb.h"

#include <stdlib.h>
#include <string.h>

/* Prefers an idle cursor that can be renewed on this table. */
static lf_cursor *take_idle(lf_txn *t, MDB_dbi dbi)
{
    lf_cursor **pick = &t->idle;
    for (lf_cursor **p = &t->idle; *p; p = &(*p)->next)
        if ((*p)->mc && (*p)->dbi == dbi) {
            pick = p;
            break;
        }
    lf_cursor *c = *pick;
    if (c)
        *pick = c->next;
    return c;
}

/* Write-txn cursors die with their txn in LMDB, so they are closed here
 * while it is still alive; read cursors survive for renewal. */
static void park(lf_txn *t, lf_cursor *c)
{
    if (t->write && c->mc) {
        mdb_cursor_close(c->mc);
        c->mc = NULL;
    }
    c->next = t->idle;
    t->idle = c;
}

void lf_store_cursors_end(lf_txn *t)
{
    while (t->open) {
        lf_cursor *c = t->open;
        t->open = c->next;
        park(t, c);
    }
}

void lf_store_cursors_free(lf_txn *t)
{
    lf_store_cursors_end(t);
    while (t->idle) {
        lf_cursor *c = t->idle;
        t->idle = c->next;
        if (c->mc)
            mdb_cursor_close(c->mc);
        free(c);
    }
}

int lf_cursor_open(lf_txn *t, lf_table tb, lf_cursor **out)
{
    *out = NULL;
    if (t->err)
        return t->err;
    if ((unsigned)tb >= LF_T__COUNT)
        return LF_EINVAL;
    MDB_dbi dbi = t->s->dbi[tb];
    lf_cursor *c = take_idle(t, dbi);
    if (!c && !(c = calloc(1, sizeof *c)))
        return LF_ENOMEM;
    if (c->mc && (c->dbi != dbi || mdb_cursor_renew(t->txn, c->mc) != MDB_SUCCESS)) {
        mdb_cursor_close(c->mc);
        c->mc = NULL;
    }
    if (!c->mc) {
        int rc = mdb_cursor_open(t->txn, dbi, &c->mc);
        if (rc) {
            c->mc = NULL;
            park(t, c);
            return lf_store_err(t, rc, "cursor", lf_table_name(tb));
        }
    }
    c->t = t;
    c->dbi = dbi;
    c->tb = tb;
    c->next = t->open;
    t->open = c;
    *out = c;
    return LF_OK;
}

void lf_cursor_close(lf_cursor *c)
{
    if (!c)
        return;
    lf_txn *t = c->t;
    for (lf_cursor **p = &t->open; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            park(t, c);
            return;
        }
}

static int result(lf_cursor *c, int rc, const MDB_val *key, const MDB_val *val, lf_val *k,
                  lf_val *v)
{
    if (rc)
        return lf_store_err(c->t, rc, "cursor", lf_table_name(c->tb));
    if (k)
        *k = (lf_val){key->mv_data, key->mv_size};
    if (v)
        *v = (lf_val){val->mv_data, val->mv_size};
    return LF_OK;
}

static int step(lf_cursor *c, MDB_cursor_op op, lf_val *k, lf_val *v)
{
    if (c->t->err)
        return c->t->err;
    MDB_val key, val;
    return result(c, mdb_cursor_get(c->mc, &key, &val, op), &key, &val, k, v);
}

int lf_cursor_seek(lf_cursor *c, lf_val key, lf_val *k, lf_val *v)
{
    if (c->t->err)
        return c->t->err;
    if (!lf_store_key_ok(c->t, key))
        return LF_EINVAL;
    MDB_val mk = {.mv_size = key.n, .mv_data = (void *)key.p}, mv;
    return result(c, mdb_cursor_get(c->mc, &mk, &mv, MDB_SET_RANGE), &mk, &mv, k, v);
}

int lf_cursor_first(lf_cursor *c, lf_val *k, lf_val *v)
{
    return step(c, MDB_FIRST, k, v);
}

int lf_cursor_last(lf_cursor *c, lf_val *k, lf_val *v)
{
    return step(c, MDB_LAST, k, v);
}

int lf_cursor_next(lf_cursor *c, lf_val *k, lf_val *v)
{
    return step(c, MDB_NEXT, k, v);
}

int lf_cursor_prev(lf_cursor *c, lf_val *k, lf_val *v)
{
    return step(c, MDB_PREV, k, v);
}

int lf_cursor_seek_last_prefix(lf_cursor *c, lf_val prefix, lf_val *k, lf_val *v)
{
    if (c->t->err)
        return c->t->err;
    if (!lf_store_key_ok(c->t, prefix))
        return LF_EINVAL;
    /* The smallest key above every key with this prefix: drop trailing 0xff
     * bytes and add one to the last remaining byte. The entry just below it
     * is the answer if any key has the prefix; none above means MDB_LAST. */
    const uint8_t *p = prefix.p;
    size_t n = prefix.n;
    while (n > 0 && p[n - 1] == 0xff)
        n--;
    uint8_t above[LF_KEY_MAX];
    MDB_val key = {.mv_size = n, .mv_data = above}, val;
    int rc;
    if (n == 0) {
        rc = mdb_cursor_get(c->mc, &key, &val, MDB_LAST);
    } else {
        memcpy(above, p, n);
        above[n - 1]++;
        rc = mdb_cursor_get(c->mc, &key, &val, MDB_SET_RANGE);
        if (rc == MDB_SUCCESS)
            rc = mdb_cursor_get(c->mc, &key, &val, MDB_PREV);
        else if (rc == MDB_NOTFOUND)
            rc = mdb_cursor_get(c->mc, &key, &val, MDB_LAST);
    }
    if (!rc && (key.mv_size < prefix.n || memcmp(key.mv_data, prefix.p, prefix.n) != 0))
        return LF_ENOTFOUND;
    return result(c, rc, &key, &val, k, v);
}
