/* store: ordered key-value tables in one transactional environment.
 *
 * The interface is deliberately narrow and knows nothing of LMDB (or of any
 * backend): byte-string keys compared as memcmp, values as opaque bytes, one
 * transaction per request, cursors for range scans. Keys are built big-endian
 * and tenant-first so pages and filters are range scans. A second backend
 * (PostgreSQL, a flash key-value store) implements this header alone.
 *
 * Pointers returned by get/cursor reads stay valid until the transaction ends.
 */
#ifndef LOONFLOW_STORE_H
#define LOONFLOW_STORE_H

#include "loonflow/core.h"

/* Every table and index. Adding one: append here and name it in store_tables.c. */
typedef enum lf_table {
    LF_T_CONFIG,        /* name -> value (jwt secret, schema version) */
    LF_T_TENANT,        /* tenant id -> record */
    LF_T_TENANT_DOMAIN, /* domain -> tenant id */
    LF_T_USER,          /* user id -> record */
    LF_T_USER_EMAIL,    /* email -> user id */
    LF_T_USER_TENANT,   /* tenant id + user id -> "" */
    LF_T_APP,           /* app id -> record */
    LF_T_APP_NAME,      /* tenant id + name -> app id */
    LF_T_PAT,           /* pat id -> record */
    LF_T_PAT_USER,      /* user id + sequence (be64) + pat id -> "" */
    LF_T_IDEMPOTENCY,   /* caller id + key -> stored response */
    LF_T_IDEM_TIME,     /* created (be64) + caller id + key -> "" (expiry sweep) */
    LF_T_ARCHIVE,       /* table name + record id -> archived record */
    /* accounts: users, departments, roles */
    LF_T_DEPT,          /* dept id -> record */
    LF_T_DEPT_CHILD,    /* tenant id + parent id (zero = top) + dept id -> "" */
    LF_T_DEPT_APPROVER, /* dept id + user id -> "" */
    LF_T_APPROVER_DEPT, /* user id + dept id -> "" (a user's approver duties) */
    LF_T_USER_DEPT,     /* user id + dept id -> is_primary (1 byte) */
    LF_T_DEPT_USER,     /* dept id + user id -> "" */
    LF_T_ROLE,          /* role id -> record */
    LF_T_ROLE_TENANT,   /* tenant id + role id -> "" */
    LF_T_ROLE_USER,     /* role id + user id -> "" */
    LF_T_USER_ROLE,     /* user id + role id -> "" */

    /* accounts: applications, tenants; /manage */
    LF_T_APP_TENANT,    /* tenant id + app id -> "" (lists in id order) */
    LF_T_AUTH_CONFIG,   /* auth config id -> record */
    LF_T_AUTH_CONFIG_TENANT, /* tenant id + sequence (be64) + config id -> "" (newest first) */

    /* workflows */
    LF_T_WF,            /* workflow id -> record */
    LF_T_WF_TENANT,     /* tenant id + seq (be64) + workflow id -> "" (newest first) */
    LF_T_WF_VERSION,    /* version id -> record */
    LF_T_WF_VERSIONS,   /* workflow id + version id -> "" */
    LF_T_WF_DEF,        /* version id -> the stored design (save shape, ids assigned) */
    LF_T_WF_PERM,       /* tenant id + kind (1 byte) + target id + workflow id + version id -> "" */

    /* tickets */
    LF_T_TICKET,        /* ticket id -> record */
    LF_T_TICKET_LIST,   /* source + owner id + created (be64) + seq (be64) -> ticket id */
    LF_T_TICKET_COUNT,  /* source + owner id -> entries under that prefix (be64) */
    LF_T_TICKET_CUR,    /* ticket id + node id -> current-node row */
    LF_T_TICKET_USER,   /* ticket id + user id -> relation */
    LF_T_TICKET_FIELD,  /* ticket id + component key -> value (JSON text) */
    LF_T_FLOW,          /* ticket id + seq (be64) -> flow history row */
    LF_T_TICKET_NODE,   /* version id + node id + ticket id -> "": the current nodes of open
                         * tickets, kept by the ticket engine; an in-place workflow save
                         * refuses to remove a node that has entries here */

    LF_T__COUNT
} lf_table;
const char *lf_table_name(lf_table t);

typedef struct lf_store lf_store;
typedef struct lf_txn lf_txn;
typedef struct lf_cursor lf_cursor;

typedef struct lf_store_opts {
    const char *dir;     /* created if missing */
    size_t map_size;     /* bytes; the database cannot grow past it */
    unsigned max_readers;
    int no_sync;         /* 1: skip fsync at commit (tests, benchmarks only) */
} lf_store_opts;

typedef struct lf_val {
    const void *p;
    size_t n;
} lf_val;

int lf_store_open(lf_store **out, const lf_store_opts *opts);
void lf_store_close(lf_store *s);
/* Bytes used by data pages and the map size, for logs and benchmarks. */
void lf_store_usage(lf_store *s, size_t *used, size_t *map_size);

/* Read transactions are pooled and renewed rather than re-created. A write
 * transaction is exclusive; commit makes it durable (unless no_sync). */
int lf_txn_begin(lf_store *s, int write, lf_txn **out);
int lf_txn_commit(lf_txn *t); /* LF_EFULL when the map is full: nothing written */
void lf_txn_abort(lf_txn *t);
int lf_txn_is_write(const lf_txn *t);

int lf_get(lf_txn *t, lf_table tb, lf_val key, lf_val *val); /* LF_ENOTFOUND */
int lf_put(lf_txn *t, lf_table tb, lf_val key, lf_val val);  /* insert or replace */
int lf_put_new(lf_txn *t, lf_table tb, lf_val key, lf_val val); /* LF_EEXIST if present */
int lf_del(lf_txn *t, lf_table tb, lf_val key); /* LF_ENOTFOUND if absent */

/* Cursors: seek positions at the first key >= key (or at the first/last
 * key); next/prev move. Each returns LF_OK with the entry, or LF_ENOTFOUND
 * when past the end. Closed automatically with their transaction. */
int lf_cursor_open(lf_txn *t, lf_table tb, lf_cursor **out);
void lf_cursor_close(lf_cursor *c);
int lf_cursor_seek(lf_cursor *c, lf_val key, lf_val *k, lf_val *v);
int lf_cursor_first(lf_cursor *c, lf_val *k, lf_val *v);
int lf_cursor_last(lf_cursor *c, lf_val *k, lf_val *v);
int lf_cursor_next(lf_cursor *c, lf_val *k, lf_val *v);
int lf_cursor_prev(lf_cursor *c, lf_val *k, lf_val *v);
/* Positions at the last key that starts with prefix (for newest-first
 * scans over "prefix + be64 time" keys). */
int lf_cursor_seek_last_prefix(lf_cursor *c, lf_val prefix, lf_val *k, lf_val *v);
/* Number of entries in a table (O(1) where the backend keeps counts). */
int lf_table_count(lf_txn *t, lf_table tb, size_t *out);

/* ---- key building ---- */
#define LF_KEY_MAX 512
typedef struct lf_key {
    uint8_t b[LF_KEY_MAX];
    size_t n;
    int overflow; /* set when an append did not fit */
} lf_key;
void lf_key_init(lf_key *k);
void lf_key_uuid(lf_key *k, const lf_uuid *u);
void lf_key_be64(lf_key *k, uint64_t v);
void lf_key_bytes(lf_key *k, const void *p, size_t n);
void lf_key_str(lf_key *k, lf_str s);
/* An overflowed key comes out empty, which every store call rejects (LF_EINVAL). */
lf_val lf_key_val(const lf_key *k);
uint64_t lf_be64_read(const void *p);

#endif
