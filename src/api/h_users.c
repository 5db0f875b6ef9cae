/* Users: the admin's list, create, edit, delete, roles and password reset,
 * plus the simple list and the look-up by ids that every user may call. */
#include "internal.h"
#include "loonflow/auth.h"
#include "loonflow/workflow.h"

#include <string.h>

#define NOT_FOUND "user is not exist or has been deleted"
#define RESET_PASSWORD_LEN 16

/* ---- reading input ---- */

/* A query parameter, "" when absent. */
static int query_str(lf_call *c, const char *name, lf_str *out)
{
    int rc = lf_call_query(c, name, out);
    if (rc == LF_ENOTFOUND) {
        *out = LF_STR("");
        return LF_H_OK;
    }
    if (rc == LF_EINVAL)
        return lf_call_fail(c, "Request data is invalid:%s is not well encoded", name);
    return rc;
}

/* An optional string member; *has tells whether it was sent. */
static int opt_str(lf_call *c, const lf_json *j, const char *key, lf_str *out, int *has)
{
    int v = lf_json_get(j, 0, key);
    *has = v >= 0;
    *out = LF_STR("");
    if (v < 0)
        return LF_H_OK;
    int rc = lf_json_str(j, v, c->a, out);
    if (rc == LF_ETYPE)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a string", key);
    if (rc)
        return rc;
    if (memchr(out->p, 0, out->n))
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: contains a NUL character",
                            key);
    return LF_H_OK;
}

static size_t utf8_chars(lf_str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++)
        n += ((unsigned char)s.p[i] & 0xc0) != 0x80;
    return n;
}

static int max_len(lf_call *c, const char *key, lf_str s, size_t max)
{
    if (utf8_chars(s) > max)
        return lf_call_fail(c, "Request data is invalid:%s can not be longer than %zu characters",
                            key, max);
    return LF_H_OK;
}

static int in_class(char ch, const char *extra)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch && strchr(extra, ch));
}

/* loonflow's ^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$ */
static int email_ok(lf_str e)
{
    const char *at = memchr(e.p, '@', e.n);
    if (!at || at == e.p)
        return 0;
    for (const char *p = e.p; p < at; p++)
        if (!in_class(*p, "._%+-"))
            return 0;
    const char *dom = at + 1, *end = e.p + e.n, *dot = NULL;
    for (const char *p = dom; p < end; p++) {
        if (!in_class(*p, ".-"))
            return 0;
        if (*p == '.')
            dot = p;
    }
    if (!dot || dot == dom || end - dot - 1 < 2)
        return 0;
    for (const char *p = dot + 1; p < end; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return 1;
}

/* ---- lists ---- */

typedef struct user_filter {
    lf_str search;
    lf_ids ids;
    int has_ids;
    lf_uuid dept;
    int has_dept;
} user_filter;

static int read_filter(lf_call *c, user_filter *f, int with_ids)
{
    lf_str dept;
    int rc;
    memset(f, 0, sizeof *f);
    if ((rc = query_str(c, "search_value", &f->search)) || (rc = query_str(c, "dept_id", &dept)))
        return rc;
    if (with_ids && (rc = lf_call_id_query(c, "user_ids", &f->has_ids, &f->ids)))
        return rc;
    /* "", "0" and the zero id mean "no department filter", as upstream. */
    if (dept.n && !lf_str_eqz(dept, "0")) {
        if (lf_uuid_parse(dept, &f->dept) != LF_OK)
            return lf_call_fail(c, "Request data is invalid:dept_id is not a valid id");
        f->has_dept = !lf_uuid_is_zero(&f->dept);
    }
    return LF_H_OK;
}

/* The tenant's users the filter selects, ordered by id. Direct members of
 * the department only, as upstream's user list. */
static int select_users(lf_call *c, user_filter *f, lf_ids *out)
{
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    lf_ids cand = {0};
    int rc = LF_OK;
    if (f->has_dept) {
        lf_dept d;
        rc = lf_dept_get(c->txn, tenant, &f->dept, c->a, &d);
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, "dept is not exist");
        if (rc == LF_OK)
            rc = lf_dept_users(c->txn, &f->dept, c->a, &cand);
    } else if (f->has_ids) {
        cand = f->ids;
        lf_ids_sort_unique(&cand);
    } else {
        rc = lf_user_all(c->txn, tenant, c->a, &cand);
        if (f->search.n == 0) { /* the tenant index is the answer: no record to read */
            *out = cand;
            return rc;
        }
    }
    if (rc)
        return rc;
    return lf_users_searched(c, &cand, f->search, f->has_ids && f->has_dept ? &f->ids : NULL, out);
}

static void write_simple(lf_jw *w, const lf_user *u)
{
    lf_jw_uuid(w, "id", &u->id);
    lf_jw_uuid(w, "tenant_id", &u->tenant_id);
    lf_jw_kstrz(w, "name", u->name);
    lf_jw_kstrz(w, "alias", u->alias);
    lf_jw_kstrz(w, "external_user_id", u->external_user_id);
    lf_jw_kstrz(w, "email", u->email);
    lf_jw_kbool(w, "is_active", u->is_active);
    lf_jw_kstrz(w, "avatar", u->avatar);
}

static int write_user_item(lf_call *c, const lf_uuid *id, int simple)
{
    lf_user u;
    int rc = lf_user_get(c->txn, id, c->a, &u);
    if (rc)
        return rc;
    lf_jw_obj(&c->w);
    if (simple)
        write_simple(&c->w, &u);
    else
        lf_jw_user_dict(c, &c->w, &u);
    rc = lf_jw_user_depts(c, &c->w, &u.id, 0);
    lf_jw_obj_end(&c->w);
    return rc;
}

static int list_users(lf_call *c, int simple)
{
    user_filter f;
    lf_ids sel = {0};
    int64_t page, per_page;
    size_t from, to;
    int rc = lf_call_paging(c, &page, &per_page);
    if (rc || (rc = read_filter(c, &f, simple)) || (rc = select_users(c, &f, &sel)))
        return rc;
    lf_page_slice(sel.n, page, per_page, &from, &to);
    lf_jw_key(&c->w, "user_info_list");
    lf_jw_arr(&c->w);
    for (size_t i = from; rc == LF_OK && i < to; i++)
        rc = write_user_item(c, &sel.v[i], simple);
    lf_jw_arr_end(&c->w);
    lf_jw_paging(&c->w, page, per_page, (int64_t)sel.n);
    return rc;
}

int lf_h_users_list(lf_call *c)
{
    return list_users(c, 0);
}

int lf_h_simple_users(lf_call *c)
{
    return list_users(c, 1);
}

int lf_h_users_by_ids(lf_call *c)
{
    lf_ids ids = {0};
    int present;
    int rc = lf_call_id_query(c, "user_ids", &present, &ids);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "user_info_list");
    lf_jw_arr(&c->w);
    /* In the order asked for; ids that are not users of this tenant are left out. */
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_user u;
        rc = lf_user_get_in(c->txn, &c->caller.user.tenant_id, &ids.v[i], c->a, &u);
        if (rc == LF_ENOTFOUND) {
            rc = LF_OK;
            continue;
        }
        if (rc == LF_OK)
            rc = write_user_item(c, &ids.v[i], 1);
    }
    lf_jw_arr_end(&c->w);
    return rc;
}

/* ---- one user ---- */

static int target_user(lf_call *c, lf_user *u)
{
    lf_uuid id;
    int rc = lf_call_param_uuid(c, 0, &id) == LF_OK
                 ? lf_user_get_in(c->txn, &c->caller.user.tenant_id, &id, c->a, u)
                 : LF_ENOTFOUND;
    return rc == LF_ENOTFOUND ? lf_call_fail(c, NOT_FOUND) : rc;
}

int lf_h_user_get(lf_call *c)
{
    lf_user u;
    int rc = target_user(c, &u);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "user_info");
    lf_jw_obj(&c->w);
    lf_jw_user_dict(c, &c->w, &u);
    rc = lf_jw_user_depts(c, &c->w, &u.id, 1);
    lf_jw_obj_end(&c->w);
    return rc;
}

int lf_h_user_roles(lf_call *c)
{
    lf_user u;
    lf_ids roles = {0};
    lf_str search;
    int64_t page, per_page;
    size_t from, to;
    int rc = target_user(c, &u);
    if (rc || (rc = lf_call_paging(c, &page, &per_page)) ||
        (rc = query_str(c, "search_value", &search)) ||
        (rc = lf_user_roles(c->txn, &u.id, c->a, &roles)))
        return rc;
    lf_role *found = lf_arena_alloc(c->a, (roles.n + 1) * sizeof *found);
    if (!found)
        return LF_ENOMEM;
    size_t nfound = 0;
    for (size_t i = 0; i < roles.n; i++) {
        lf_role r;
        rc = lf_role_get(c->txn, &u.tenant_id, &roles.v[i], c->a, &r);
        if (rc == LF_ENOTFOUND)
            continue;
        if (rc)
            return rc;
        if (lf_icontains(r.name, search))
            found[nfound++] = r;
    }
    lf_page_slice(nfound, page, per_page, &from, &to);
    lf_jw_key(&c->w, "role_list");
    lf_jw_arr(&c->w);
    for (size_t i = from; i < to; i++) {
        lf_jw_obj(&c->w);
        lf_jw_role_dict(c, &c->w, &found[i]);
        lf_jw_obj_end(&c->w);
    }
    lf_jw_arr_end(&c->w);
    lf_jw_paging(&c->w, page, per_page, (int64_t)nfound);
    return LF_H_OK;
}

/* ---- create and edit ---- */

typedef struct user_form {
    int patch;
    lf_str name, email, type, alias, phone, avatar, lang, password;
    int has_alias, has_phone, has_avatar, has_lang, has_password;
    int is_active;
    lf_ids depts, roles;
    int has_depts, has_roles;
    unsigned iterations;
    int hashed;
    char hash[LF_PASSWORD_HASH_MAX];
} user_form;

static int read_form(lf_call *c, const lf_json *j, user_form *f)
{
    static const char *const post_keys[] = {"name", "alias", "email", "password", "password1",
                                            "phone", "dept_id_list", "role_id_list", "type",
                                            "is_active", "avatar", "lang", NULL};
    lf_str password1;
    int has, has1, rc;
    /* PATCH takes the same keys but password1 (as upstream's schema). */
    if ((rc = lf_call_only_keys(c, j, post_keys)))
        return rc;
    if (f->patch && lf_json_get(j, 0, "password1") >= 0)
        return lf_call_fail(c, "Request data is invalid:Wrong key 'password1'");
    if ((rc = lf_call_str_field(c, j, "name", 1, &f->name)))
        return rc;
    if (f->name.n == 0)
        return lf_call_fail(c, "Request data is invalid:name is needed");
    if ((rc = lf_call_str_field(c, j, "email", 1, &f->email)))
        return rc;
    if (f->email.n == 0)
        return lf_call_fail(c, "Request data is invalid:email is needed");
    if ((rc = lf_call_str_field(c, j, "type", 1, &f->type)))
        return rc;
    lf_user_type ut;
    if (lf_user_type_parse(f->type, &ut) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:type should be admin, workflow_admin, normal");
    rc = lf_json_get_bool(j, 0, "is_active", &f->is_active);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'is_active'");
    if (rc)
        return lf_call_fail(c, "Request data is invalid:Key 'is_active' error: should be a boolean");
    if ((rc = opt_str(c, j, "alias", &f->alias, &f->has_alias)) ||
        (rc = opt_str(c, j, "phone", &f->phone, &f->has_phone)) ||
        (rc = opt_str(c, j, "avatar", &f->avatar, &f->has_avatar)) ||
        (rc = opt_str(c, j, "lang", &f->lang, &f->has_lang)) ||
        (rc = opt_str(c, j, "password", &f->password, &has)) ||
        (rc = opt_str(c, j, "password1", &password1, &has1)) ||
        (rc = lf_call_id_list(c, j, "dept_id_list", &f->has_depts, &f->depts)) ||
        (rc = lf_call_id_list(c, j, "role_id_list", &f->has_roles, &f->roles)))
        return rc;
    if ((rc = max_len(c, "name", f->name, 50)) || (rc = max_len(c, "alias", f->alias, 50)) ||
        (rc = max_len(c, "phone", f->phone, 50)) || (rc = max_len(c, "avatar", f->avatar, 500)) ||
        (rc = max_len(c, "lang", f->lang, 100)) || (rc = max_len(c, "password", f->password, 128)))
        return rc;
    if (memchr(f->name.p, 0, f->name.n) || memchr(f->email.p, 0, f->email.n))
        return lf_call_fail(c, "Request data is invalid:name and email can not contain a NUL character");
    if (!f->patch && !lf_str_eq(f->password, password1))
        return lf_call_fail(c, "password is not same");
    if (f->email.n > 254)
        return lf_call_fail(c, "Email address is too long, cannot exceed 254 characters");
    if (!email_ok(f->email))
        return lf_call_fail(c, "Invalid email format, please enter a valid email address");
    /* An empty password on create means "no password" (unusable), as upstream. */
    f->has_password = f->password.n > 0;
    return LF_H_OK;
}

static void hash_work(lf_call *c)
{
    user_form *f = c->state;
    f->hashed = lf_password_hash(f->password, f->iterations, f->hash) == LF_OK;
}

/* Every id must name a record of the caller's tenant. */
static int check_refs(lf_call *c, const user_form *f)
{
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    char s[LF_UUID_STRLEN + 1];
    for (size_t i = 0; i < f->depts.n; i++) {
        lf_dept d;
        int rc = lf_dept_get(c->txn, tenant, &f->depts.v[i], c->a, &d);
        lf_uuid_format(&f->depts.v[i], s);
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, "Request data is invalid:dept_id_list: dept %s is not exist", s);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < f->roles.n; i++) {
        lf_role r;
        int rc = lf_role_get(c->txn, tenant, &f->roles.v[i], c->a, &r);
        lf_uuid_format(&f->roles.v[i], s);
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, "Request data is invalid:role_id_list: role %s is not exist", s);
        if (rc)
            return rc;
    }
    return LF_H_OK;
}

static int sync_roles(lf_call *c, const lf_uuid *user, const lf_ids *want)
{
    lf_ids cur = {0};
    int rc = lf_user_roles(c->txn, user, c->a, &cur);
    for (size_t i = 0; rc == LF_OK && i < cur.n; i++)
        if (!lf_ids_has(want, &cur.v[i]))
            rc = lf_role_unlink(c->txn, &cur.v[i], user, &c->caller.user.id, c->now);
    for (size_t i = 0; rc == LF_OK && i < want->n; i++)
        if (!lf_ids_has(&cur, &want->v[i]))
            rc = lf_role_link(c->txn, &want->v[i], user);
    return rc;
}

static int user_apply(lf_call *c)
{
    user_form *f = c->state;
    const lf_user *me = &c->caller.user;
    lf_user old, u, other;
    int rc;
    if (f->has_password && !f->hashed)
        return LF_EIO;
    if (f->patch) {
        if ((rc = target_user(c, &old)))
            return rc;
        u = old;
    } else {
        memset(&u, 0, sizeof u);
        if ((rc = lf_uuid_v4(&u.id)))
            return rc;
        u.tenant_id = me->tenant_id;
        u.creator_id = me->id;
        u.label = "{}";
        u.created_at = c->now;
        u.external_user_id = u.alias = u.phone = u.avatar = "";
        u.lang = "zh-CN";
        u.password = "!"; /* unusable until a password is set */
    }
    rc = lf_user_by_email(c->txn, f->email, c->a, &other);
    if (rc == LF_OK && !lf_uuid_eq(&other.id, &u.id))
        return lf_call_fail(c, "email already exists: another user has this email");
    if (rc && rc != LF_ENOTFOUND)
        return rc;
    if ((rc = check_refs(c, f)))
        return rc;
    if (f->patch && lf_uuid_eq(&u.id, &me->id) &&
        (!f->is_active || !lf_str_eqz(f->type, lf_user_type_name(LF_USER_ADMIN))))
        return lf_call_fail(c, "can not deactivate yourself or take away your own admin type");
    u.name = f->name.p;
    u.email = f->email.p;
    u.type = f->type.p;
    u.is_active = f->is_active;
    if (f->has_alias)
        u.alias = f->alias.p;
    if (f->has_phone)
        u.phone = f->phone.p;
    if (f->has_avatar)
        u.avatar = f->avatar.p;
    if (f->has_lang)
        u.lang = f->lang.p;
    if (f->has_password)
        u.password = f->hash;
    u.updated_at = c->now;
    rc = f->patch ? lf_user_update(c->txn, &old, &u) : lf_user_insert(c->txn, &u);
    if (rc == LF_EEXIST)
        return lf_call_fail(c, "email already exists: another user has this email");
    if (rc == LF_OK && (f->has_depts || !f->patch))
        rc = lf_user_set_depts(c->txn, &u.id, &f->depts, &me->id, c->now);
    if (rc == LF_OK && f->has_roles)
        rc = sync_roles(c, &u.id, &f->roles);
    if (rc == LF_OK && !f->patch)
        lf_jw_uuid(&c->w, "user_id", &u.id);
    return rc;
}

static int user_write(lf_call *c, int patch)
{
    lf_json j;
    user_form *f = lf_arena_alloc(c->a, sizeof *f);
    if (!f)
        return LF_ENOMEM;
    memset(f, 0, sizeof *f);
    f->patch = patch;
    f->iterations = c->api->o.password_iterations;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = read_form(c, &j, f)))
        return rc;
    c->state = f;
    if (!f->has_password)
        return user_apply(c);
    if (patch) { /* fail fast before the costly hash */
        lf_user u;
        if ((rc = target_user(c, &u)))
            return rc;
    }
    c->work = hash_work;
    c->resume = user_apply;
    return LF_H_DEFER;
}

int lf_h_users_create(lf_call *c)
{
    return user_write(c, 0);
}

int lf_h_user_patch(lf_call *c)
{
    return user_write(c, 1);
}

/* ---- delete ---- */

static int delete_one(lf_call *c, const lf_user *u)
{
    if (lf_uuid_eq(&u->id, &c->caller.user.id))
        return lf_call_fail(c, "can not delete yourself");
    /* A deleted user leaves the workflows' admin, dispatcher and viewer
     * lists, so the next save of a design does not trip over it. */
    static const lf_wf_perm_kind kinds[] = {LF_WFP_ADMIN, LF_WFP_DISPATCHER, LF_WFP_VIEW_USER};
    int rc = lf_user_delete(c->txn, u, &c->caller.user.id, c->now);
    for (size_t i = 0; !rc && i < sizeof kinds / sizeof *kinds; i++)
        rc = lf_wf_forget(c->txn, &u->tenant_id, kinds[i], &u->id, c->a);
    return rc;
}

int lf_h_user_delete(lf_call *c)
{
    lf_user u;
    int rc = target_user(c, &u);
    return rc ? rc : delete_one(c, &u);
}

int lf_h_users_delete(lf_call *c)
{
    static const char *const keys[] = {"user_id_list", NULL};
    lf_json j;
    lf_ids ids = {0};
    int present;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_id_list(c, &j, "user_id_list", &present, &ids)))
        return rc;
    if (ids.n == 0)
        return lf_call_fail(c, "Request data is invalid:user_id_list can not be blank");
    /* All or nothing: an unknown id fails the whole batch. */
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_user u;
        rc = lf_user_get_in(c->txn, &c->caller.user.tenant_id, &ids.v[i], c->a, &u);
        if (rc == LF_ENOTFOUND) {
            char s[LF_UUID_STRLEN + 1];
            lf_uuid_format(&ids.v[i], s);
            return lf_call_fail(c, NOT_FOUND ": %s", s);
        }
        if (rc == LF_OK)
            rc = delete_one(c, &u);
    }
    return rc;
}

/* ---- password reset ---- */

typedef struct password_reset {
    lf_uuid id;
    unsigned iterations;
    int hashed;
    char password[RESET_PASSWORD_LEN + 1];
    char hash[LF_PASSWORD_HASH_MAX];
} password_reset;

static void reset_work(lf_call *c)
{
    password_reset *r = c->state;
    r->hashed = lf_password_hash(lf_strz(r->password), r->iterations, r->hash) == LF_OK;
}

static int reset_done(lf_call *c)
{
    password_reset *r = c->state;
    lf_user old, u;
    if (!r->hashed)
        return LF_EIO;
    int rc = lf_user_get_in(c->txn, &c->caller.user.tenant_id, &r->id, c->a, &old);
    if (rc == LF_ENOTFOUND) /* deleted meanwhile */
        return lf_call_fail(c, NOT_FOUND);
    if (rc)
        return rc;
    u = old;
    u.password = r->hash;
    u.updated_at = c->now;
    if ((rc = lf_user_update(c->txn, &old, &u)))
        return rc;
    /* Shown once, to the admin who asked; only its hash is kept. */
    lf_jw_kstrz(&c->w, "password", r->password);
    c->msg = "password has been reset";
    return LF_H_OK;
}

int lf_h_user_reset_password(lf_call *c)
{
    lf_user u;
    password_reset *r = lf_arena_alloc(c->a, sizeof *r);
    if (!r)
        return LF_ENOMEM;
    memset(r, 0, sizeof *r);
    int rc = target_user(c, &u);
    if (rc || (rc = lf_random_token(r->password, RESET_PASSWORD_LEN)))
        return rc;
    r->id = u.id;
    r->iterations = c->api->o.password_iterations;
    c->state = r;
    c->work = reset_work;
    c->resume = reset_done;
    return LF_H_DEFER;
}
