#include "loonflow/accounts.h"
#include "rec_io.h"

#include <string.h>

static const lf_field pat_fields[] = {
    LF_FIELD(lf_pat, id, LF_F_UUID),
    LF_FIELD(lf_pat, tenant_id, LF_F_UUID),
    LF_FIELD(lf_pat, user_id, LF_F_UUID),
    LF_FIELD(lf_pat, creator_id, LF_F_UUID),
    LF_FIELD(lf_pat, created_at, LF_F_I64),
    LF_FIELD(lf_pat, updated_at, LF_F_I64),
    LF_FIELD(lf_pat, expires_at, LF_F_I64),
    LF_FIELD(lf_pat, last_used_at, LF_F_I64),
    LF_FIELD(lf_pat, revoked_at, LF_F_I64),
    LF_FIELD(lf_pat, label, LF_F_STR),
    LF_FIELD(lf_pat, secret_hash, LF_F_STR),
    LF_FIELD(lf_pat, mask_prefix, LF_F_STR),
};
static const lf_record_type pat_rt = {pat_fields, sizeof pat_fields / sizeof *pat_fields};

int lf_pat_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_pat *out)
{
    return lf_rec_get(t, LF_T_PAT, lf_uuid_val(id), &pat_rt, a, out);
}

int lf_pat_insert(lf_txn *t, const lf_pat *p)
{
    lf_key k;
    uint64_t seq;
    int rc = lf_next_seq(t, "seq.pat", &seq);
    if (rc)
        return rc;
    lf_key_init(&k);
    lf_key_uuid(&k, &p->user_id);
    lf_key_be64(&k, seq);
    lf_key_uuid(&k, &p->id);
    rc = lf_put(t, LF_T_PAT_USER, lf_key_val(&k), (lf_val){"", 0});
    if (rc == LF_OK)
        rc = lf_pat_update(t, p);
    return rc;
}

int lf_pat_update(lf_txn *t, const lf_pat *p)
{
    return lf_rec_put(t, LF_T_PAT, lf_uuid_val(&p->id), &pat_rt, p);
}

int lf_pat_each_of_user(lf_txn *t, const lf_uuid *user, lf_arena *a,
                        int (*fn)(const lf_pat *p, void *ctx), void *ctx)
{
    lf_ids ids = {0};
    int rc = lf_rec_ids(t, LF_T_PAT_USER, lf_uuid_val(user), 1, a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_pat p;
        rc = lf_pat_get(t, &ids.v[i], a, &p);
        if (rc == LF_OK && fn(&p, ctx))
            break;
    }
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

/* A deleted user's tokens go with it (archived, as every delete): they could
 * never authenticate again, and a restored user must not find them live. */
int lf_pat_delete_of_user(lf_txn *t, const lf_uuid *user, lf_arena *a)
{
    lf_cursor *c;
    lf_val k, v;
    uint8_t(*keys)[40] = NULL;
    size_t n = 0, cap = 0;
    int rc = lf_cursor_open(t, LF_T_PAT_USER, &c);
    if (rc)
        return rc;
    for (rc = lf_cursor_seek(c, lf_uuid_val(user), &k, &v); rc == LF_OK;
         rc = lf_cursor_next(c, &k, &v)) {
        if (k.n != 40 || memcmp(k.p, user->b, 16) != 0)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            uint8_t(*nk)[40] = lf_arena_alloc(a, sizeof *nk * cap);
            if (!nk) {
                rc = LF_ENOMEM;
                break;
            }
            if (n)
                memcpy(nk, keys, sizeof *nk * n);
            keys = nk;
        }
        memcpy(keys[n++], k.p, 40);
    }
    lf_cursor_close(c);
    if (rc != LF_ENOTFOUND && rc != LF_OK)
        return rc;
    rc = LF_OK;
    for (size_t i = 0; rc == LF_OK && i < n; i++) {
        lf_uuid id;
        memcpy(id.b, keys[i] + 24, 16);
        rc = lf_archive_record(t, LF_T_PAT, lf_table_name(LF_T_PAT), &id);
        if (rc == LF_OK)
            rc = lf_del(t, LF_T_PAT, lf_uuid_val(&id));
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(t, LF_T_PAT_USER, (lf_val){keys[i], 40});
    }
    return rc;
}
