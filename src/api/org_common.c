/* Pieces the user, department and role handlers share: id lists in bodies
 * and queries, paging of filtered lists, and the user renderings. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static int add_id(lf_call *c, const char *key, lf_str s, lf_ids *out)
{
    lf_uuid id;
    if (lf_uuid_parse(s, &id) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:%s: '%.*s' is not a valid id", key,
                            (int)(s.n > 64 ? 64 : s.n), s.p);
    if (lf_ids_has(out, &id))
        return LF_H_OK;
    if (out->n == LF_ID_LIST_MAX)
        return lf_call_fail(c, "Request data is invalid:%s: at most %d ids", key, LF_ID_LIST_MAX);
    return lf_ids_push(out, c->a, &id);
}

int lf_call_id_list(lf_call *c, const lf_json *j, const char *key, int *present, lf_ids *out)
{
    int v = lf_json_get(j, 0, key);
    *present = v >= 0;
    if (v < 0)
        return LF_H_OK;
    if (lf_json_type_of(j, v) != LF_JSON_ARRAY)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a list", key);
    for (int i = lf_json_first(j, v); i >= 0; i = lf_json_next(j, i)) {
        lf_str s;
        int rc = lf_json_str(j, i, c->a, &s);
        if (rc == LF_ETYPE)
            return lf_call_fail(c, "Request data is invalid:Key '%s' error: items should be strings",
                                key);
        if (rc || (rc = add_id(c, key, s, out)))
            return rc;
    }
    return LF_H_OK;
}

static int split_ids(lf_call *c, const char *name, lf_str v, lf_ids *out)
{
    while (v.n) {
        const char *comma = memchr(v.p, ',', v.n);
        lf_str one = {v.p, comma ? (size_t)(comma - v.p) : v.n};
        int rc;
        if (one.n && (rc = add_id(c, name, one, out)))
            return rc;
        if (!comma)
            break;
        v.p = comma + 1;
        v.n -= one.n + 1;
    }
    return LF_H_OK;
}

int lf_call_id_query(lf_call *c, const char *name, int *present, lf_ids *out)
{
    char bracket[64];
    lf_str v;
    int rc;
    *present = 0;
    snprintf(bracket, sizeof bracket, "%s[]", name);
    const char *names[2] = {name, bracket};
    for (int i = 0; i < 2; i++) {
        rc = lf_call_query(c, names[i], &v);
        if (rc == LF_ENOTFOUND)
            continue;
        if (rc == LF_EINVAL)
            return lf_call_fail(c, "Request data is invalid:%s is not well encoded", name);
        if (rc)
            return rc;
        if (v.n)
            *present = 1;
        if ((rc = split_ids(c, name, v, out)))
            return rc;
    }
    return LF_H_OK;
}

int lf_users_searched(lf_call *c, const lf_ids *cand, lf_str search, const lf_ids *only,
                      lf_ids *out)
{
    lf_arena scratch; /* records read only to filter: dropped one by one */
    int rc = LF_OK;
    lf_arena_init(&scratch, 4096, 0);
    for (size_t i = 0; rc == LF_OK && i < cand->n; i++) {
        if (only && !lf_ids_has(only, &cand->v[i]))
            continue;
        lf_user u;
        lf_arena_reset(&scratch);
        rc = lf_user_get_in(c->txn, &c->caller.user.tenant_id, &cand->v[i], &scratch, &u);
        if (rc == LF_ENOTFOUND) {
            rc = LF_OK;
            continue;
        }
        if (rc == LF_OK && (lf_icontains(u.name, search) || lf_icontains(u.alias, search) ||
                            lf_icontains(u.email, search)))
            rc = lf_ids_push(out, c->a, &cand->v[i]);
    }
    lf_arena_free(&scratch);
    return rc;
}

int lf_jw_user_depts(lf_call *c, lf_jw *w, const lf_uuid *user, int with_path)
{
    lf_user_dept *ud;
    size_t n;
    int rc = lf_user_depts(c->txn, user, c->a, &ud, &n);
    if (rc)
        return rc;
    lf_jw_key(w, "dept_info_list");
    lf_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        lf_dept d;
        const char *path = NULL;
        if (lf_dept_get(c->txn, NULL, &ud[i].dept_id, c->a, &d) != LF_OK)
            continue;
        if (with_path && (rc = lf_dept_path(c->txn, &d, c->a, &path)))
            return rc;
        lf_jw_obj(w);
        lf_jw_kstrz(w, "name", d.name);
        if (with_path)
            lf_jw_kstrz(w, "path", path);
        lf_jw_uuid(w, "id", &d.id);
        lf_jw_kbool(w, "is_primary", ud[i].is_primary);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    return LF_OK;
}

