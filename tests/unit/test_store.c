#include "check.h"
#include "loonflow/port.h"
#include "loonflow/store.h"

#include <stdlib.h>
#include <unistd.h>

static void fresh_dir(char dir[32])
{
    strcpy(dir, "/tmp/lf_store_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void remove_dir(const char *dir)
{
    char p[64];
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
}

static lf_store *open_store(const char *dir, size_t map_size, unsigned max_readers)
{
    lf_store_opts o = {.dir = dir, .map_size = map_size, .max_readers = max_readers, .no_sync = 1};
    lf_store *s = NULL;
    int r = lf_store_open(&s, &o);
    CHECK_EQ_INT(r, LF_OK);
    if (r != LF_OK) {
        printf("    cannot open store in %s\n", dir);
        exit(1);
    }
    return s;
}

static lf_val V(const char *z)
{
    return (lf_val){z, strlen(z)};
}

static int val_is(lf_val v, const char *z)
{
    return v.n == strlen(z) && memcmp(v.p, z, v.n) == 0;
}

static void put_commit(lf_store *s, lf_table tb, const char *k, const char *v)
{
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_put(t, tb, V(k), V(v)), LF_OK);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
}

/* 1 if k is found in tb by a fresh read txn with value v (v NULL: absent). */
static int read_is(lf_store *s, lf_table tb, const char *k, const char *v)
{
    lf_txn *t;
    if (lf_txn_begin(s, 0, &t) != LF_OK)
        return 0;
    lf_val got;
    int r = lf_get(t, tb, V(k), &got);
    int ok = v ? r == LF_OK && val_is(got, v) : r == LF_ENOTFOUND;
    lf_txn_abort(t);
    return ok;
}

static void test_table_names(void)
{
    for (int i = 0; i < LF_T__COUNT; i++) {
        const char *a = lf_table_name((lf_table)i);
        CHECK(a && *a);
        for (int j = 0; a && j < i; j++)
            CHECK(strcmp(a, lf_table_name((lf_table)j)) != 0);
    }
    CHECK(lf_table_name(LF_T__COUNT) == NULL);
    CHECK_STR(lf_table_name(LF_T_PAT_USER), "pat_user");
}

static void test_key_builder(void)
{
    lf_key k;
    lf_key_init(&k);
    lf_uuid u;
    for (int i = 0; i < 16; i++)
        u.b[i] = (uint8_t)(0xa0 + i);
    lf_key_uuid(&k, &u);
    lf_key_be64(&k, 0x0102030405060708ull);
    lf_key_str(&k, LF_STR("xy"));
    CHECK_EQ_INT(k.n, 26);
    CHECK(!k.overflow);
    CHECK(memcmp(k.b, u.b, 16) == 0);
    static const uint8_t be[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(memcmp(k.b + 16, be, 8) == 0);
    CHECK(memcmp(k.b + 24, "xy", 2) == 0);
    CHECK(lf_be64_read(k.b + 16) == 0x0102030405060708ull);
    lf_val v = lf_key_val(&k);
    CHECK(v.p == k.b);
    CHECK_EQ_INT(v.n, 26);

    static const uint64_t nums[] = {0, 1, 255, 256, 0x7fffffffffffffffull, UINT64_MAX};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        lf_key a, b;
        lf_key_init(&a);
        lf_key_be64(&a, nums[i]);
        CHECK(lf_be64_read(a.b) == nums[i]);
        if (i + 1 < sizeof nums / sizeof nums[0]) {
            lf_key_init(&b);
            lf_key_be64(&b, nums[i + 1]);
            CHECK(memcmp(a.b, b.b, 8) < 0); /* byte order is numeric order */
        }
    }

    uint8_t fill[LF_KEY_MAX];
    memset(fill, 'z', sizeof fill);
    lf_key_init(&k);
    lf_key_bytes(&k, fill, LF_KEY_MAX - 8);
    lf_key_be64(&k, 7);
    CHECK_EQ_INT(k.n, LF_KEY_MAX);
    CHECK(!k.overflow);
    CHECK_EQ_INT(lf_key_val(&k).n, LF_KEY_MAX);
    lf_key_str(&k, LF_STR("a"));
    CHECK(k.overflow);
    CHECK_EQ_INT(k.n, LF_KEY_MAX);

    lf_key_init(&k);
    lf_key_bytes(&k, fill, 500);
    lf_key_be64(&k, 1);
    lf_key_uuid(&k, &u); /* 524 > 512: dropped whole */
    CHECK(k.overflow);
    CHECK_EQ_INT(k.n, 508);
    lf_key_str(&k, LF_STR("a")); /* would fit, but the key is already broken */
    CHECK_EQ_INT(k.n, 508);
    CHECK_EQ_INT(lf_key_val(&k).n, 0);
    lf_key_init(&k);
    CHECK(!k.overflow);
    CHECK_EQ_INT(k.n, 0);
}

static void test_put_get_del(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    lf_txn *t;
    lf_val v;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_txn_is_write(t), 1);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("a"), V("1")), LF_OK);
    CHECK_EQ_INT(lf_put_new(t, LF_T_CONFIG, V("b"), V("2")), LF_OK);
    CHECK_EQ_INT(lf_put_new(t, LF_T_CONFIG, V("a"), V("x")), LF_EEXIST);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("a"), &v), LF_OK);
    CHECK(val_is(v, "1"));
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("a"), V("three")), LF_OK);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("a"), &v), LF_OK);
    CHECK(val_is(v, "three"));
    CHECK_EQ_INT(lf_del(t, LF_T_CONFIG, V("b")), LF_OK);
    CHECK_EQ_INT(lf_del(t, LF_T_CONFIG, V("b")), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("b"), &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("empty"), (lf_val){NULL, 0}), LF_OK);
    CHECK_EQ_INT(lf_get(t, LF_T_USER, V("a"), &v), LF_ENOTFOUND); /* tables are separate */
    CHECK_EQ_INT(lf_put(t, LF_T__COUNT, V("a"), V("1")), LF_EINVAL);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);

    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_txn_is_write(t), 0);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("a"), &v), LF_OK);
    CHECK(val_is(v, "three"));
    v.n = 99;
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("empty"), &v), LF_OK);
    CHECK_EQ_INT(v.n, 0);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("a"), NULL), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("c"), V("1")), LF_EINVAL);
    CHECK_EQ_INT(lf_del(t, LF_T_CONFIG, V("a")), LF_EINVAL);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    CHECK(read_is(s, LF_T_CONFIG, "c", NULL));
    lf_store_close(s);
    remove_dir(dir);
}

static void test_durability(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    put_commit(s, LF_T_TENANT, "kept", "yes");
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_TENANT, V("dropped"), V("no")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_TENANT, V("kept"), V("overwritten")), LF_OK);
    lf_txn_abort(t);
    CHECK(read_is(s, LF_T_TENANT, "dropped", NULL));
    CHECK(read_is(s, LF_T_TENANT, "kept", "yes"));
    lf_store_close(s);

    s = open_store(dir, 0, 0);
    CHECK(read_is(s, LF_T_TENANT, "kept", "yes"));
    CHECK(read_is(s, LF_T_TENANT, "dropped", NULL));
    put_commit(s, LF_T_TENANT, "second", "2");
    lf_store_close(s);
    s = open_store(dir, 0, 0);
    CHECK(read_is(s, LF_T_TENANT, "second", "2"));
    lf_store_close(s);
    remove_dir(dir);
}

static void test_isolation(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    put_commit(s, LF_T_CONFIG, "k", "1");
    lf_txn *before, *after;
    lf_val v;
    CHECK_EQ_INT(lf_txn_begin(s, 0, &before), LF_OK);
    put_commit(s, LF_T_CONFIG, "k", "2");
    put_commit(s, LF_T_CONFIG, "new", "n");
    CHECK_EQ_INT(lf_get(before, LF_T_CONFIG, V("k"), &v), LF_OK);
    CHECK(val_is(v, "1"));
    CHECK_EQ_INT(lf_get(before, LF_T_CONFIG, V("new"), &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &after), LF_OK);
    CHECK(after != before);
    CHECK_EQ_INT(lf_get(after, LF_T_CONFIG, V("k"), &v), LF_OK);
    CHECK(val_is(v, "2"));
    CHECK_EQ_INT(lf_get(after, LF_T_CONFIG, V("new"), &v), LF_OK);
    lf_txn_abort(after);
    lf_txn_abort(before);
    lf_store_close(s);
    remove_dir(dir);
}

static void test_pool_reuse(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    put_commit(s, LF_T_CONFIG, "k", "0");
    lf_txn *first, *t;
    lf_cursor *c0, *c;
    CHECK_EQ_INT(lf_txn_begin(s, 0, &first), LF_OK);
    CHECK_EQ_INT(lf_cursor_open(first, LF_T_CONFIG, &c0), LF_OK);
    lf_txn_abort(first);
    for (int i = 0; i < 1000; i++) {
        char want[16];
        snprintf(want, sizeof want, "%d", i / 100);
        if (i % 100 == 0 && i > 0)
            put_commit(s, LF_T_CONFIG, "k", want);
        CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
        CHECK(t == first);
        CHECK_EQ_INT(lf_cursor_open(t, LF_T_CONFIG, &c), LF_OK);
        CHECK(c == c0);
        lf_val k, v;
        /* A renewed reader must see the latest commit, not its old snapshot. */
        CHECK_EQ_INT(lf_cursor_first(c, &k, &v), LF_OK);
        CHECK(val_is(k, "k") && val_is(v, want));
        if (i % 2)
            lf_txn_abort(t);
        else
            CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    }

    /* Two live readers are distinct; both come back from the pool. */
    lf_txn *a, *b, *x, *y;
    CHECK_EQ_INT(lf_txn_begin(s, 0, &a), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &b), LF_OK);
    CHECK(a != b);
    lf_txn_abort(a);
    lf_txn_abort(b);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &x), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &y), LF_OK);
    CHECK((x == a && y == b) || (x == b && y == a));
    lf_txn_abort(x);
    lf_txn_abort(y);

    lf_txn *w0, *w;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &w0), LF_OK);
    CHECK_EQ_INT(lf_cursor_open(w0, LF_T_USER, &c0), LF_OK);
    lf_txn_abort(w0);
    for (int i = 0; i < 50; i++) {
        CHECK_EQ_INT(lf_txn_begin(s, 1, &w), LF_OK);
        CHECK(w == w0);
        CHECK_EQ_INT(lf_cursor_open(w, LF_T_USER, &c), LF_OK);
        CHECK(c == c0);
        CHECK_EQ_INT(lf_put(w, LF_T_USER, V("u"), V("v")), LF_OK);
        CHECK_EQ_INT(lf_cursor_first(c, NULL, NULL), LF_OK);
        CHECK_EQ_INT(lf_txn_commit(w), LF_OK);
    }
    lf_store_close(s);
    remove_dir(dir);
}

enum { NT = 3, NTIMES = 5 };
static const uint8_t tenant_byte[NT] = {0x11, 0x22, 0xff};

static lf_val tkey(lf_key *k, uint8_t tenant, uint64_t time)
{
    lf_uuid u;
    memset(u.b, tenant, sizeof u.b);
    lf_key_init(k);
    lf_key_uuid(k, &u);
    lf_key_be64(k, time);
    return lf_key_val(k);
}

static lf_val tprefix(lf_key *k, uint8_t tenant)
{
    lf_uuid u;
    memset(u.b, tenant, sizeof u.b);
    lf_key_init(k);
    lf_key_uuid(k, &u);
    return lf_key_val(k);
}

/* 1 if k is tenant + be64 time. */
static int is_tkey(lf_val k, uint8_t tenant, uint64_t time)
{
    const uint8_t *b = k.p;
    if (k.n != 24)
        return 0;
    for (int i = 0; i < 16; i++)
        if (b[i] != tenant)
            return 0;
    return lf_be64_read(b + 16) == time;
}

static void test_cursors(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    lf_txn *t;
    lf_key kb;
    lf_val k, v;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    /* Inserted out of order: the table must sort them. */
    for (int j = NTIMES; j >= 1; j--)
        for (int i = NT - 1; i >= 0; i--) {
            char val[24];
            snprintf(val, sizeof val, "%d/%d", i, j * 10);
            CHECK_EQ_INT(lf_put(t, LF_T_PAT_USER, tkey(&kb, tenant_byte[i], (uint64_t)j * 10), V(val)),
                         LF_OK);
        }
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);

    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    lf_cursor *c, *e;
    CHECK_EQ_INT(lf_cursor_open(t, LF_T_PAT_USER, &c), LF_OK);
    CHECK_EQ_INT(lf_cursor_open(t, LF_T_APP, &e), LF_OK);
    CHECK(c != e);
    CHECK_EQ_INT(lf_cursor_first(e, &k, &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_cursor_last(e, &k, &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(e, tprefix(&kb, 0x11), &k, &v), LF_ENOTFOUND);

    CHECK_EQ_INT(lf_cursor_first(c, &k, &v), LF_OK);
    CHECK(is_tkey(k, 0x11, 10) && val_is(v, "0/10"));
    CHECK_EQ_INT(lf_cursor_prev(c, &k, &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_cursor_last(c, &k, &v), LF_OK);
    CHECK(is_tkey(k, 0xff, 50) && val_is(v, "2/50"));
    CHECK_EQ_INT(lf_cursor_next(c, &k, &v), LF_ENOTFOUND);

    /* Prefix scan of tenant 0x22, oldest first, stops at the boundary. */
    lf_key pb;
    lf_val pre = tprefix(&pb, 0x22);
    int n = 0;
    uint64_t last = 0;
    int r = lf_cursor_seek(c, pre, &k, &v);
    for (; r == LF_OK && k.n >= pre.n && memcmp(k.p, pre.p, pre.n) == 0; r = lf_cursor_next(c, &k, &v)) {
        uint64_t tm = lf_be64_read((const uint8_t *)k.p + 16);
        CHECK(tm > last);
        last = tm;
        n++;
    }
    CHECK_EQ_INT(n, NTIMES);
    CHECK_EQ_INT(last, 50);
    CHECK_EQ_INT(r, LF_OK);
    CHECK(is_tkey(k, 0xff, 10)); /* the first key past the prefix */

    CHECK_EQ_INT(lf_cursor_seek(c, tkey(&kb, 0x11, 25), &k, &v), LF_OK);
    CHECK(is_tkey(k, 0x11, 30) && val_is(v, "0/30"));
    CHECK_EQ_INT(lf_cursor_seek(c, tkey(&kb, 0xff, 51), &k, &v), LF_ENOTFOUND);

    /* Newest first within each tenant. */
    for (int i = 0; i < NT; i++) {
        pre = tprefix(&pb, tenant_byte[i]);
        n = 0;
        uint64_t want = NTIMES * 10;
        for (r = lf_cursor_seek_last_prefix(c, pre, &k, &v);
             r == LF_OK && memcmp(k.p, pre.p, pre.n) == 0; r = lf_cursor_prev(c, &k, &v)) {
            CHECK(is_tkey(k, tenant_byte[i], want));
            want -= 10;
            n++;
        }
        CHECK_EQ_INT(n, NTIMES);
        if (i == 0)
            CHECK_EQ_INT(r, LF_ENOTFOUND); /* before the first key */
        else
            CHECK(r == LF_OK && is_tkey(k, tenant_byte[i - 1], 50));
    }
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, tprefix(&pb, 0x11), &k, &v), LF_OK);
    CHECK_EQ_INT(lf_cursor_next(c, &k, &v), LF_OK);
    CHECK(is_tkey(k, 0x22, 10));
    /* Prefixes with no keys: between tenants, before all, after a tenant. */
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, tprefix(&pb, 0x33), &k, &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, tprefix(&pb, 0x00), &k, &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, tkey(&kb, 0x22, 31), &k, &v), LF_ENOTFOUND);
    /* A whole key is its own prefix. */
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, tkey(&kb, 0x22, 30), &k, &v), LF_OK);
    CHECK(is_tkey(k, 0x22, 30) && val_is(v, "1/30"));

    CHECK_EQ_INT(lf_cursor_seek(c, (lf_val){"", 0}, &k, &v), LF_EINVAL);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, (lf_val){"", 0}, &k, &v), LF_EINVAL);
    lf_cursor_close(e);
    CHECK_EQ_INT(lf_cursor_last(c, NULL, &v), LF_OK);
    CHECK(val_is(v, "2/50"));
    lf_txn_abort(t);

    /* Trailing 0xff bytes in the prefix, and a write txn's own changes. */
    static const uint8_t k1[] = {1, 0xff, 5}, k2[] = {1, 0xff, 0xff}, k3[] = {2, 0},
                         k4[] = {1, 0xfe, 0xff, 9}, p1[] = {1, 0xff}, p2[] = {1, 0xfe, 0xff};
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_cursor_open(t, LF_T_CONFIG, &c), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, (lf_val){k1, 3}, V("k1")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, (lf_val){k4, 4}, V("k4")), LF_OK);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, (lf_val){p1, 2}, &k, &v), LF_OK);
    CHECK(val_is(v, "k1"));
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, (lf_val){k2, 3}, V("k2")), LF_OK);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, (lf_val){p1, 2}, &k, &v), LF_OK);
    CHECK(val_is(v, "k2"));
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, (lf_val){k3, 2}, V("k3")), LF_OK);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, (lf_val){p1, 2}, &k, &v), LF_OK);
    CHECK(val_is(v, "k2"));
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, (lf_val){p2, 3}, &k, &v), LF_OK);
    CHECK(val_is(v, "k4"));
    lf_cursor_close(c);
    CHECK_EQ_INT(lf_cursor_open(t, LF_T_CONFIG, &c), LF_OK);
    CHECK_EQ_INT(lf_cursor_last(c, &k, &v), LF_OK);
    CHECK(val_is(v, "k3"));
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    lf_store_close(s);
    remove_dir(dir);
}

static void test_table_count(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    lf_txn *t;
    size_t n = 99;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_APP, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_put(t, LF_T_APP, V("a"), V("1")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_APP, V("b"), V("1")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_APP, V("c"), V("1")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_APP, V("c"), V("2")), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_APP, &n), LF_OK);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_del(t, LF_T_APP, V("a")), LF_OK);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_APP, &n), LF_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(lf_table_count(t, LF_T_APP_NAME, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_table_count(t, LF_T__COUNT, &n), LF_EINVAL);
    lf_txn_abort(t);
    lf_store_close(s);
    remove_dir(dir);
}

static void test_key_limits(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    static char big[LF_KEY_MAX + 1];
    memset(big, 'k', sizeof big);
    lf_val max = {big, 511}, over = {big, 512}, empty = {"", 0}, got;
    lf_txn *t;
    lf_cursor *c;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_ARCHIVE, max, V("max")), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_ARCHIVE, over, V("over")), LF_EINVAL);
    CHECK_EQ_INT(lf_put_new(t, LF_T_ARCHIVE, over, V("over")), LF_EINVAL);
    CHECK_EQ_INT(lf_get(t, LF_T_ARCHIVE, over, &got), LF_EINVAL);
    CHECK_EQ_INT(lf_del(t, LF_T_ARCHIVE, over), LF_EINVAL);
    CHECK_EQ_INT(lf_put(t, LF_T_ARCHIVE, empty, V("e")), LF_EINVAL);
    CHECK_EQ_INT(lf_get(t, LF_T_ARCHIVE, empty, &got), LF_EINVAL);
    CHECK_EQ_INT(lf_del(t, LF_T_ARCHIVE, empty), LF_EINVAL);
    CHECK_EQ_INT(lf_cursor_open(t, LF_T_ARCHIVE, &c), LF_OK);
    CHECK_EQ_INT(lf_cursor_seek(c, over, NULL, NULL), LF_EINVAL);
    CHECK_EQ_INT(lf_cursor_seek_last_prefix(c, over, NULL, NULL), LF_EINVAL);
    lf_key k;
    lf_key_init(&k);
    lf_key_bytes(&k, big, LF_KEY_MAX);
    lf_key_str(&k, LF_STR("!"));
    CHECK_EQ_INT(lf_put(t, LF_T_ARCHIVE, lf_key_val(&k), V("trunc")), LF_EINVAL);
    /* Rejected calls leave the transaction usable. */
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_get(t, LF_T_ARCHIVE, max, &got), LF_OK);
    CHECK(val_is(got, "max"));
    size_t n = 0;
    CHECK_EQ_INT(lf_table_count(t, LF_T_ARCHIVE, &n), LF_OK);
    CHECK_EQ_INT(n, 1);
    lf_txn_abort(t);
    lf_store_close(s);
    remove_dir(dir);
}

static void test_map_full(void)
{
    char dir[32];
    fresh_dir(dir);
    const size_t map = (size_t)1 << 20;
    lf_store *s = open_store(dir, map, 0);
    put_commit(s, LF_T_CONFIG, "keep", "safe");
    static char big[4000];
    memset(big, 'v', sizeof big);
    lf_txn *t;
    lf_key kb;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    int i, r = LF_OK;
    for (i = 0; i < 1000 && r == LF_OK; i++) {
        lf_key_init(&kb);
        lf_key_be64(&kb, (uint64_t)i);
        r = lf_put(t, LF_T_ARCHIVE, lf_key_val(&kb), (lf_val){big, sizeof big});
    }
    CHECK_EQ_INT(r, LF_EFULL);
    CHECK(i > 10 && i < 1000);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("late"), V("x")), LF_EFULL);
    CHECK_EQ_INT(lf_get(t, LF_T_CONFIG, V("keep"), NULL), LF_EFULL);
    CHECK_EQ_INT(lf_txn_commit(t), LF_EFULL);

    CHECK(read_is(s, LF_T_CONFIG, "keep", "safe"));
    CHECK(read_is(s, LF_T_CONFIG, "late", NULL));
    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    size_t n = 99;
    CHECK_EQ_INT(lf_table_count(t, LF_T_ARCHIVE, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    lf_txn_abort(t);
    put_commit(s, LF_T_CONFIG, "after", "ok");
    CHECK(read_is(s, LF_T_CONFIG, "after", "ok"));

    /* One record per commit until full: the failing commit or put loses only
     * its own record. */
    int committed = 0;
    for (i = 0, r = LF_OK; i < 1000 && r == LF_OK; i++) {
        CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
        lf_key_init(&kb);
        lf_key_be64(&kb, (uint64_t)i);
        r = lf_put(t, LF_T_ARCHIVE, lf_key_val(&kb), (lf_val){big, sizeof big});
        if (r == LF_OK)
            r = lf_txn_commit(t);
        else
            CHECK_EQ_INT(lf_txn_commit(t), r);
        committed += r == LF_OK;
    }
    CHECK_EQ_INT(r, LF_EFULL);
    CHECK(committed > 10);
    CHECK_EQ_INT(lf_txn_begin(s, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_ARCHIVE, &n), LF_OK);
    CHECK_EQ_INT(n, committed);
    lf_key_init(&kb);
    lf_key_be64(&kb, (uint64_t)committed - 1);
    lf_val v;
    CHECK_EQ_INT(lf_get(t, LF_T_ARCHIVE, lf_key_val(&kb), &v), LF_OK);
    CHECK(v.n == sizeof big && memcmp(v.p, big, v.n) == 0);
    lf_txn_abort(t);
    CHECK(read_is(s, LF_T_CONFIG, "keep", "safe"));

    size_t used = 0, mapped = 0;
    lf_store_usage(s, &used, &mapped);
    CHECK_EQ_INT(mapped, map);
    CHECK(used > (size_t)committed * sizeof big && used <= map);
    lf_store_close(s);
    remove_dir(dir);
}

static void test_readers_full(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 1);
    enum { MAXT = 2000 };
    static lf_txn *ts[MAXT];
    int n = 0, r = LF_OK;
    while (n < MAXT && (r = lf_txn_begin(s, 0, &ts[n])) == LF_OK)
        n++;
    CHECK_EQ_INT(r, LF_EBUSY);
    CHECK(n >= 1 && n < MAXT);
    for (int i = 0; i < n; i++)
        lf_txn_abort(ts[i]);
    /* Slots come back with the pooled txns. */
    for (int i = 0; i < n; i++)
        CHECK_EQ_INT(lf_txn_begin(s, 0, &ts[i]), LF_OK);
    for (int i = 0; i < n; i++)
        lf_txn_abort(ts[i]);
    put_commit(s, LF_T_CONFIG, "w", "1");
    CHECK(read_is(s, LF_T_CONFIG, "w", "1"));
    lf_store_close(s);
    remove_dir(dir);
}

typedef struct reader_job {
    lf_store *s;
    int reads, failures;
} reader_job;

static void reader_main(void *arg)
{
    reader_job *j = arg;
    uint64_t seen = 0;
    for (int i = 0; i < 2000; i++) {
        lf_txn *t;
        lf_val v;
        if (lf_txn_begin(j->s, 0, &t) != LF_OK) {
            j->failures++;
            continue;
        }
        if (lf_get(t, LF_T_CONFIG, V("n"), &v) != LF_OK || v.n != 8) {
            j->failures++;
        } else {
            uint64_t now = lf_be64_read(v.p);
            if (now < seen) /* a later txn never sees an older commit */
                j->failures++;
            seen = now;
            j->reads++;
        }
        lf_txn_abort(t);
    }
}

static void test_threads(void)
{
    char dir[32];
    fresh_dir(dir);
    lf_store *s = open_store(dir, 0, 0);
    lf_key kb;
    lf_txn *t;
    lf_key_init(&kb);
    lf_key_be64(&kb, 0);
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("n"), lf_key_val(&kb)), LF_OK);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    enum { NTH = 4 };
    reader_job jobs[NTH];
    lf_thread *th[NTH];
    for (int i = 0; i < NTH; i++) {
        jobs[i] = (reader_job){s, 0, 0};
        CHECK_EQ_INT(lf_thread_start(&th[i], reader_main, &jobs[i]), LF_OK);
    }
    for (uint64_t n = 1; n <= 300; n++) {
        lf_key_init(&kb);
        lf_key_be64(&kb, n);
        CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
        CHECK_EQ_INT(lf_put(t, LF_T_CONFIG, V("n"), lf_key_val(&kb)), LF_OK);
        CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    }
    for (int i = 0; i < NTH; i++) {
        lf_thread_join(th[i]);
        CHECK_EQ_INT(jobs[i].failures, 0);
        CHECK_EQ_INT(jobs[i].reads, 2000);
    }
    lf_store_close(s);
    remove_dir(dir);
}

static void test_open_errors(void)
{
    lf_store *s = (lf_store *)&s;
    lf_store_opts o = {.dir = ""};
    CHECK_EQ_INT(lf_store_open(&s, &o), LF_EINVAL);
    CHECK(s == NULL);
    char dir[32], file[64];
    fresh_dir(dir);
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    o.dir = file; /* a file where the directory should be */
    CHECK(lf_store_open(&s, &o) != LF_OK);
    CHECK(s == NULL);
    unlink(file);
    rmdir(dir);
}

int main(void)
{
    RUN(test_table_names);
    RUN(test_key_builder);
    RUN(test_put_get_del);
    RUN(test_durability);
    RUN(test_isolation);
    RUN(test_pool_reuse);
    RUN(test_cursors);
    RUN(test_table_count);
    RUN(test_key_limits);
    RUN(test_map_full);
    RUN(test_readers_full);
    RUN(test_threads);
    RUN(test_open_errors);
    return CHECK_DONE();
}
