/* The LMDB backend: environment, pooled transactions, point reads and writes. */
#include "store_lmdb.h"

#include <stdlib.h>

#define DEFAULT_MAP_SIZE ((size_t)256 << 20)
#define DEFAULT_MAX_READERS 126u
#define SPARE_DBS 4

int lf_store_err(lf_txn *t, int rc, const char *op, const char *what)
{
    int e;
    switch (rc) {
    case MDB_SUCCESS: return LF_OK;
    case MDB_NOTFOUND: return LF_ENOTFOUND;
    case MDB_KEYEXIST: return LF_EEXIST;
    case MDB_MAP_FULL: e = LF_EFULL; break;
    case MDB_READERS_FULL: e = LF_EBUSY; break;
    default: e = LF_EIO; break;
    }
    lf_log(LF_LOG_ERROR, "store: %s %s: %s", op, what, mdb_strerror(rc));
    if (t && !t->err)
        t->err = e;
    return e;
}

int lf_store_key_ok(const lf_txn *t, lf_val key)
{
    return key.n > 0 && key.n <= t->s->max_key;
}

static int table_ok(lf_table tb)
{
    return (unsigned)tb < LF_T__COUNT;
}

/* LMDB takes non-const pointers but never writes through them here. */
static MDB_val mval(lf_val v)
{
    return (MDB_val){.mv_size = v.n, .mv_data = v.n ? (void *)v.p : (void *)""};
}

static int env_open(lf_store *s, const lf_store_opts *o)
{
    int rc = mdb_env_create(&s->env);
    if (rc) {
        s->env = NULL;
        return lf_store_err(NULL, rc, "create env", o->dir);
    }
    rc = mdb_env_set_maxdbs(s->env, LF_T__COUNT + SPARE_DBS);
    if (!rc)
        rc = mdb_env_set_mapsize(s->env, o->map_size ? o->map_size : DEFAULT_MAP_SIZE);
    if (!rc)
        rc = mdb_env_set_maxreaders(s->env, o->max_readers ? o->max_readers : DEFAULT_MAX_READERS);
    /* NOTLS: pooled read txns own their reader slot and may move between
     * threads. NORDAHEAD: request lookups are random, read-ahead only evicts. */
    unsigned flags = MDB_NOTLS | MDB_NORDAHEAD | (o->no_sync ? MDB_NOSYNC : 0);
    if (!rc)
        rc = mdb_env_open(s->env, o->dir, flags, 0600);
    if (rc)
        return lf_store_err(NULL, rc, "open env", o->dir);
    /* Slots left by a crashed process would pin old pages forever. */
    int dead = 0;
    if (mdb_reader_check(s->env, &dead) == MDB_SUCCESS && dead > 0)
        lf_log(LF_LOG_WARN, "store: cleared %d stale reader slots", dead);

    MDB_txn *txn;
    rc = mdb_txn_begin(s->env, NULL, 0, &txn);
    if (rc)
        return lf_store_err(NULL, rc, "begin", "open");
    for (int i = 0; i < LF_T__COUNT && !rc; i++)
        rc = mdb_dbi_open(txn, lf_table_name((lf_table)i), MDB_CREATE, &s->dbi[i]);
    if (rc) {
        mdb_txn_abort(txn);
        return lf_store_err(NULL, rc, "open tables in", o->dir);
    }
    rc = mdb_txn_commit(txn);
    if (rc)
        return lf_store_err(NULL, rc, "commit tables in", o->dir);
    s->max_key = (size_t)mdb_env_get_maxkeysize(s->env);
    return LF_OK;
}

int lf_store_open(lf_store **out, const lf_store_opts *opts)
{
    *out = NULL;
    if (!opts || !opts->dir || !*opts->dir)
        return LF_EINVAL;
    int r = lf_port_mkdirs(opts->dir);
    if (r) {
        lf_log(LF_LOG_ERROR, "store: cannot create %s: %s", opts->dir, lf_strerror(r));
        return r;
    }
    lf_store *s = calloc(1, sizeof *s);
    if (!s)
        return LF_ENOMEM;
    if (lf_mutex_create(&s->pool_lock) != LF_OK) {
        free(s);
        return LF_ENOMEM;
    }
    r = env_open(s, opts);
    if (r) {
        lf_store_close(s);
        return r;
    }
    *out = s;
    return LF_OK;
}

static void free_pool(lf_txn *t)
{
    while (t) {
        lf_txn *next = t->next;
        lf_store_cursors_free(t);
        if (t->txn)
            mdb_txn_abort(t->txn);
        free(t);
        t = next;
    }
}

void lf_store_close(lf_store *s)
{
    if (!s)
        return;
    free_pool(s->readers);
    free_pool(s->writers);
    if (s->env)
        mdb_env_close(s->env);
    lf_mutex_destroy(s->pool_lock);
    free(s);
}

void lf_store_usage(lf_store *s, size_t *used, size_t *map_size)
{
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(s->env, &info);
    mdb_env_stat(s->env, &st);
    if (used)
        *used = (info.me_last_pgno + 1) * st.ms_psize;
    if (map_size)
        *map_size = info.me_mapsize;
}

/* ---- transactions ---- */

static lf_txn *pool_pop(lf_store *s, lf_txn **head)
{
    lf_mutex_lock(s->pool_lock);
    lf_txn *t = *head;
    if (t)
        *head = t->next;
    lf_mutex_unlock(s->pool_lock);
    if (!t && (t = calloc(1, sizeof *t)))
        t->s = s;
    return t;
}

static void pool_push(lf_store *s, lf_txn **head, lf_txn *t)
{
    lf_mutex_lock(s->pool_lock);
    t->next = *head;
    *head = t;
    lf_mutex_unlock(s->pool_lock);
}

int lf_txn_begin(lf_store *s, int write, lf_txn **out)
{
    *out = NULL;
    lf_txn **pool = write ? &s->writers : &s->readers;
    lf_txn *t = pool_pop(s, pool);
    if (!t)
        return LF_ENOMEM;
    t->write = write != 0;
    t->err = LF_OK;
    /* A reader that cannot be renewed is replaced rather than reported. */
    if (t->txn && mdb_txn_renew(t->txn) != MDB_SUCCESS) {
        mdb_txn_abort(t->txn);
        t->txn = NULL;
    }
    int rc = MDB_SUCCESS;
    if (!t->txn) {
        rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
        if (rc) {
            t->txn = NULL;
            pool_push(s, pool, t);
            return lf_store_err(NULL, rc, "begin", write ? "write txn" : "read txn");
        }
    }
    *out = t;
    return LF_OK;
}

static int txn_end(lf_txn *t, int commit)
{
    lf_store *s = t->s;
    lf_store_cursors_end(t);
    if (!t->write) {
        mdb_txn_reset(t->txn);
        pool_push(s, &s->readers, t);
        return LF_OK;
    }
    int r = LF_OK;
    if (commit && !t->err) {
        r = lf_store_err(NULL, mdb_txn_commit(t->txn), "commit", "write txn");
    } else {
        mdb_txn_abort(t->txn);
        if (commit)
            r = t->err;
    }
    t->txn = NULL;
    pool_push(s, &s->writers, t);
    return r;
}

int lf_txn_commit(lf_txn *t)
{
    return t ? txn_end(t, 1) : LF_EINVAL;
}

void lf_txn_abort(lf_txn *t)
{
    if (t)
        txn_end(t, 0);
}

int lf_txn_is_write(const lf_txn *t)
{
    return t->write;
}

/* ---- point access ---- */

int lf_get(lf_txn *t, lf_table tb, lf_val key, lf_val *val)
{
    if (t->err)
        return t->err;
    if (!table_ok(tb) || !lf_store_key_ok(t, key))
        return LF_EINVAL;
    MDB_val k = mval(key), v;
    int rc = mdb_get(t->txn, t->s->dbi[tb], &k, &v);
    if (rc)
        return lf_store_err(t, rc, "get", lf_table_name(tb));
    if (val)
        *val = (lf_val){v.mv_data, v.mv_size};
    return LF_OK;
}

static int put(lf_txn *t, lf_table tb, lf_val key, lf_val val, unsigned flags)
{
    if (t->err)
        return t->err;
    if (!t->write || !table_ok(tb) || !lf_store_key_ok(t, key))
        return LF_EINVAL;
    MDB_val k = mval(key), v = mval(val);
    int rc = mdb_put(t->txn, t->s->dbi[tb], &k, &v, flags);
    return rc ? lf_store_err(t, rc, "put", lf_table_name(tb)) : LF_OK;
}

int lf_put(lf_txn *t, lf_table tb, lf_val key, lf_val val)
{
    return put(t, tb, key, val, 0);
}

int lf_put_new(lf_txn *t, lf_table tb, lf_val key, lf_val val)
{
    return put(t, tb, key, val, MDB_NOOVERWRITE);
}

int lf_del(lf_txn *t, lf_table tb, lf_val key)
{
    if (t->err)
        return t->err;
    if (!t->write || !table_ok(tb) || !lf_store_key_ok(t, key))
        return LF_EINVAL;
    MDB_val k = mval(key);
    int rc = mdb_del(t->txn, t->s->dbi[tb], &k, NULL);
    return rc ? lf_store_err(t, rc, "del", lf_table_name(tb)) : LF_OK;
}

int lf_table_count(lf_txn *t, lf_table tb, size_t *out)
{
    if (t->err)
        return t->err;
    if (!table_ok(tb))
        return LF_EINVAL;
    MDB_stat st;
    int rc = mdb_stat(t->txn, t->s->dbi[tb], &st);
    if (rc)
        return lf_store_err(t, rc, "count", lf_table_name(tb));
    *out = st.ms_entries;
    return LF_OK;
}
