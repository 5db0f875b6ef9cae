/* Personal access tokens: list, create (the token is shown once), revoke. */
#include "internal.h"
#include "loonflow/auth.h"

#include <string.h>

#define PAT_LABEL_MAX 200
#define PAT_MAX_DAYS 730
#define PAT_DEFAULT_DAYS 90

static void write_masked(lf_jw *w, const char *key, const lf_pat *p)
{
    char mask[64];
    lf_pat_mask(&p->id, mask);
    lf_jw_kstrz(w, key, mask);
}

static int list_one(const lf_pat *p, void *ctx)
{
    lf_jw *w = ctx;
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &p->id);
    lf_jw_kstrz(w, "label", p->label);
    write_masked(w, "masked_token", p);
    lf_jw_time(w, "expires_at", p->expires_at, LF_TIME_PLAIN);
    lf_jw_time(w, "created_at", p->created_at, LF_TIME_PLAIN);
    lf_jw_time(w, "last_used_at", p->last_used_at, LF_TIME_PLAIN);
    lf_jw_kbool(w, "revoked", p->revoked_at != 0);
    lf_jw_obj_end(w);
    return 0;
}

int lf_h_pat_list(lf_call *c)
{
    lf_jw_key(&c->w, "personal_access_token_list");
    lf_jw_arr(&c->w);
    int rc = lf_pat_each_of_user(c->txn, &c->caller.user.id, c->a, list_one, &c->w);
    lf_jw_arr_end(&c->w);
    return rc;
}

/* expires_in_days: an integer or a numeric string, as upstream's int(). */
static int read_days(lf_call *c, const lf_json *j, int64_t *days)
{
    int v = lf_json_get(j, 0, "expires_in_days");
    lf_str s;
    *days = PAT_DEFAULT_DAYS;
    if (v < 0)
        return LF_H_OK;
    if (lf_json_i64(j, v, days) == LF_OK ||
        (lf_json_str(j, v, c->a, &s) == LF_OK && lf_str_to_i64(s, days) == LF_OK)) {
        if (*days >= 0 && *days <= PAT_MAX_DAYS)
            return LF_H_OK;
    }
    return lf_call_fail(c, "Request data is invalid:expires_in_days must be between 0 and 730");
}

int lf_h_pat_create(lf_call *c)
{
    static const char *const keys[] = {"label", "expires_in_days", NULL};
    lf_json j;
    lf_str label;
    int64_t days;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "label", 0, &label)) || (rc = read_days(c, &j, &days)))
        return rc;
    if (label.n > PAT_LABEL_MAX) /* truncate on a UTF-8 boundary */
        for (label.n = PAT_LABEL_MAX; label.n && ((unsigned char)label.p[label.n] & 0xc0) == 0x80;)
            label.n--;
    lf_pat p = {.tenant_id = c->caller.user.tenant_id, .user_id = c->caller.user.id,
                .creator_id = c->caller.user.id, .created_at = c->now, .updated_at = c->now,
                .expires_at = days ? c->now + days * 86400 : 0};
    char token[LF_PAT_MAX_LEN], hash[65], mask[64];
    if ((rc = lf_uuid_v4(&p.id)) || (rc = lf_pat_make(&p.id, token, hash)))
        return rc;
    p.label = lf_arena_strndup(c->a, label.p, label.n);
    p.secret_hash = hash;
    lf_pat_mask(&p.id, mask);
    mask[14] = 0; /* the stored prefix: "lfpat." + 8 id characters */
    p.mask_prefix = mask;
    if (!p.label)
        return LF_ENOMEM;
    if ((rc = lf_pat_insert(c->txn, &p)))
        return rc;
    lf_jw *w = &c->w;
    lf_jw_uuid(w, "id", &p.id);
    lf_jw_kstrz(w, "token", token);
    lf_jw_kstrz(w, "label", p.label);
    lf_jw_time(w, "expires_at", p.expires_at, LF_TIME_PLAIN);
    write_masked(w, "masked_hint", &p);
    return LF_H_OK;
}

int lf_h_pat_revoke(lf_call *c)
{
    lf_uuid id;
    lf_pat p;
    if (lf_call_param_uuid(c, 0, &id) != LF_OK)
        return lf_call_fail(c, "Token not found or already revoked");
    int rc = lf_pat_get(c->txn, &id, c->a, &p);
    if (rc == LF_ENOTFOUND || (rc == LF_OK && (!lf_uuid_eq(&p.user_id, &c->caller.user.id) ||
                                               p.revoked_at != 0)))
        return lf_call_fail(c, "Token not found or already revoked");
    if (rc)
        return rc;
    p.revoked_at = c->now;
    p.updated_at = c->now;
    return lf_pat_update(c->txn, &p);
}
