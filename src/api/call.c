/* Helpers every handler uses: failing with a message, reading the body, the
 * query and the path parameters, and the common ways values are rendered. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define LF_BODY_MAX_TOKENS 200000

int lf_call_fail(lf_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->msg = lf_arena_strndup(c->a, buf, strlen(buf));
    if (!c->msg)
        c->msg = "failed";
    return LF_H_FAIL;
}

int lf_call_json(lf_call *c, lf_json *j)
{
    char err[128];
    lf_str body = c->req->body;
    if (body.n == 0) {
        c->status = 400;
        return lf_call_fail(c, "request body is empty: a JSON object is expected");
    }
    int rc = lf_json_parse(j, body.p, body.n, c->a, LF_BODY_MAX_TOKENS, err, sizeof err);
    if (rc == LF_ENOMEM)
        return rc;
    if (rc) {
        c->status = 400;
        return lf_call_fail(c, "request body is not valid JSON: %s", err);
    }
    if (lf_json_type_of(j, 0) != LF_JSON_OBJECT) {
        c->status = 400;
        return lf_call_fail(c, "request body must be a JSON object");
    }
    return LF_H_OK;
}

int lf_call_only_keys(lf_call *c, const lf_json *j, const char *const *allowed)
{
    for (int k = lf_json_first(j, 0); k >= 0; k = lf_json_next(j, k)) {
        int known = 0;
        for (const char *const *a = allowed; *a && !known; a++)
            known = lf_json_str_eqz(j, k, *a);
        lf_str name;
        if (!known && lf_json_str(j, k, c->a, &name) == LF_OK)
            return lf_call_fail(c, "Request data is invalid:Wrong key '%.*s'",
                                (int)(name.n > 64 ? 64 : name.n), name.p);
    }
    return LF_H_OK;
}

int lf_call_str_field(lf_call *c, const lf_json *j, const char *key, int required, lf_str *out)
{
    int rc = lf_json_get_str(j, 0, key, c->a, out);
    if (rc == LF_ENOTFOUND && !required) {
        *out = LF_STR("");
        return LF_H_OK;
    }
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "Request data is invalid:Missing key: '%s'", key);
    if (rc == LF_ETYPE)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a string", key);
    return rc;
}

int lf_call_query(lf_call *c, const char *name, lf_str *out)
{
    return lf_query_get(c->req->query, name, c->a, out);
}

static int positive_query(lf_call *c, const char *name, int64_t def, int64_t max, int64_t *out)
{
    lf_str v;
    *out = def;
    if (lf_call_query(c, name, &v) != LF_OK || v.n == 0)
        return LF_H_OK;
    if (lf_str_to_i64(v, out) != LF_OK || *out < 1 || *out > max)
        return lf_call_fail(c, "Request data is invalid:%s must be an integer from 1 to %lld", name,
                            (long long)max);
    return LF_H_OK;
}

int lf_call_paging(lf_call *c, int64_t *page, int64_t *per_page)
{
    int rc = positive_query(c, "page", 1, INT32_MAX, page);
    return rc ? rc : positive_query(c, "per_page", 10, 1000, per_page);
}

void lf_jw_paging(lf_jw *w, int64_t page, int64_t per_page, int64_t total)
{
    lf_jw_ki64(w, "per_page", per_page);
    lf_jw_ki64(w, "page", page);
    lf_jw_ki64(w, "total", total);
}

void lf_page_slice(size_t total, int64_t page, int64_t per_page, size_t *from, size_t *to)
{
    size_t pp = (size_t)per_page;
    size_t pages = total ? (total + pp - 1) / pp : 1;
    size_t p = (size_t)page > pages ? pages : (size_t)page;
    *from = (p - 1) * pp;
    *to = *from + pp < total ? *from + pp : total;
    if (*from > total)
        *from = total;
}

int lf_pager_init(lf_call *c, lf_pager *p)
{
    p->seen = p->total = 0;
    p->from = p->to = 0;
    return lf_call_paging(c, &p->page, &p->per_page);
}

int lf_pager_take(lf_pager *p)
{
    size_t at = (size_t)p->seen++;
    return at >= p->from && at < p->to;
}

void lf_pager_turn(lf_pager *p)
{
    p->total = p->seen;
    p->seen = 0;
    lf_page_slice((size_t)p->total, p->page, p->per_page, &p->from, &p->to);
}

void lf_jw_pager(lf_jw *w, const lf_pager *p)
{
    lf_jw_paging(w, p->page, p->per_page, p->total);
}

lf_str lf_call_param(lf_call *c, int n)
{
    return n < c->m.nparams ? c->m.params[n] : LF_STR("");
}

int lf_call_param_uuid(lf_call *c, int n, lf_uuid *out)
{
    return lf_uuid_parse(lf_call_param(c, n), out);
}

void lf_jw_uuid(lf_jw *w, const char *key, const lf_uuid *u)
{
    char s[LF_UUID_STRLEN + 1];
    lf_uuid_format(u, s);
    lf_jw_kstrz(w, key, s);
}

void lf_jw_time(lf_jw *w, const char *key, int64_t t, int style)
{
    char s[LF_TIME_STRLEN];
    if (t == 0) {
        /* Record dicts say null; the no-offset (PAT) style says "". */
        if (style == LF_TIME_PLAIN)
            lf_jw_kstrz(w, key, "");
        else
            lf_jw_knull(w, key);
        return;
    }
    lf_time_format(t, style, s);
    lf_jw_kstrz(w, key, s);
}

void lf_jw_creator_info(lf_call *c, lf_jw *w, const lf_uuid *creator)
{
    const lf_user *u;
    int found = lf_call_user(c, creator, &u) == LF_OK;
    lf_jw_key(w, "creator_info");
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", creator);
    lf_jw_kstrz(w, "name", found ? u->name : "");
    lf_jw_kstrz(w, "alias", found ? u->alias : "");
    lf_jw_obj_end(w);
}

/* One writer for loonflow's User get_dict order; the JWT's `data` claim is
 * the same dict without last_login, created_at and updated_at. */
static void user_fields(lf_call *c, lf_jw *w, const lf_user *u, int with_times)
{
    if (with_times)
        lf_jw_time(w, "last_login", u->last_login, LF_TIME_RECORD);
    lf_jw_uuid(w, "id", &u->id);
    lf_jw_kraw(w, "label", lf_strz(u->label && *u->label ? u->label : "{}"));
    lf_jw_creator_info(c, w, &u->creator_id);
    if (with_times) {
        lf_jw_time(w, "created_at", u->created_at, LF_TIME_RECORD);
        lf_jw_time(w, "updated_at", u->updated_at, LF_TIME_RECORD);
    }
    lf_jw_uuid(w, "tenant_id", &u->tenant_id);
    lf_jw_kstrz(w, "name", u->name);
    lf_jw_kstrz(w, "alias", u->alias);
    lf_jw_kstrz(w, "external_user_id", u->external_user_id);
    lf_jw_kstrz(w, "email", u->email);
    lf_jw_kstrz(w, "phone", u->phone);
    lf_jw_kbool(w, "is_active", u->is_active);
    lf_jw_kstrz(w, "type", u->type);
    lf_jw_kstrz(w, "avatar", u->avatar);
    lf_jw_kstrz(w, "lang", u->lang);
}

void lf_jw_user_dict(lf_call *c, lf_jw *w, const lf_user *u)
{
    user_fields(c, w, u, 1);
}

void lf_jw_user_claim(lf_call *c, lf_jw *w, const lf_user *u)
{
    user_fields(c, w, u, 0);
}
