/* Private to src/store/: the LMDB-backed structs shared by the transaction
 * and cursor code. Nothing outside src/store/ includes this, so no LMDB type
 * reaches the rest of the server. */
#ifndef LF_STORE_LMDB_H
#define LF_STORE_LMDB_H

#include "loonflow/port.h"
#include "loonflow/store.h"

#include <lmdb.h>

struct lf_store {
    MDB_env *env;
    MDB_dbi dbi[LF_T__COUNT];
    size_t max_key;
    lf_mutex *pool_lock; /* workers and the event loop share the pools */
    lf_txn *readers;     /* reset read txns, renewed on the next begin */
    lf_txn *writers;     /* idle write-txn structs (no MDB_txn attached) */
};

struct lf_txn {
    lf_store *s;
    MDB_txn *txn;
    int write;
    /* Sticky: after a failed write LMDB refuses every call on the txn, so
     * later calls and the commit report the first cause instead. */
    int err;
    lf_cursor *open;
    lf_cursor *idle; /* read txns keep their MDB_cursor for mdb_cursor_renew */
    lf_txn *next;
};

struct lf_cursor {
    MDB_cursor *mc;
    lf_txn *t;
    MDB_dbi dbi;
    lf_table tb;
    lf_cursor *next;
};

/* Maps an LMDB result to an LF_E* code, logs real failures and marks the
 * transaction (if any) as failed. */
int lf_store_err(lf_txn *t, int rc, const char *op, const char *what);
int lf_store_key_ok(const lf_txn *t, lf_val key);
/* Ends every open cursor of a transaction that is about to finish. */
void lf_store_cursors_end(lf_txn *t);
void lf_store_cursors_free(lf_txn *t);

#endif
