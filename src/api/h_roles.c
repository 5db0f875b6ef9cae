/* Roles: the admin's CRUD, the simple list for every user, and members. */
#include "internal.h"

#include <string.h>

#define NOT_FOUND "role is not exist or has been deleted"

void lf_jw_role_dict(lf_call *c, lf_jw *w, const lf_role *r)
{
    lf_jw_uuid(w, "id", &r->id);
    lf_jw_creator_info(c, w, &r->creator_id);
    lf_jw_time(w, "created_at", r->created_at, LF_TIME_RECORD);
    lf_jw_time(w, "updated_at", r->updated_at, LF_TIME_RECORD);
    lf_jw_uuid(w, "tenant_id", &r->tenant_id);
    lf_jw_kstrz(w, "name", r->name);
    lf_jw_kstrz(w, "description", r->description);
    lf_jw_kstrz(w, "label", r->label); /* a string field in loonflow */
}

static int target_role(lf_call *c, lf_role *r)
{
    lf_uuid id;
    int rc = lf_call_param_uuid(c, 0, &id) == LF_OK
                 ? lf_role_get(c->txn, &c->caller.user.tenant_id, &id, c->a, r)
                 : LF_ENOTFOUND;
    return rc == LF_ENOTFOUND ? lf_call_fail(c, NOT_FOUND) : rc;
}

static int query_search(lf_call *c, lf_str *out)
{
    int rc = lf_call_query(c, "search_value", out);
    if (rc == LF_ENOTFOUND) {
        *out = LF_STR("");
        return LF_H_OK;
    }
    return rc == LF_EINVAL ? lf_call_fail(c, "Request data is invalid:search_value is not well encoded")
                           : rc;
}

/* ---- lists ---- */

static int list_roles(lf_call *c, int simple)
{
    lf_str search;
    lf_ids ids = {0};
    int64_t page, per_page;
    int filtered;
    size_t from, to;
    int rc = lf_call_paging(c, &page, &per_page);
    if (rc || (rc = query_search(c, &search)) ||
        (rc = lf_call_id_query(c, "role_ids", &filtered, &ids)))
        return rc;
    if (filtered)
        lf_ids_sort_unique(&ids);
    else if ((rc = lf_role_all(c->txn, &c->caller.user.tenant_id, c->a, &ids)))
        return rc;
    lf_role *hit = lf_arena_alloc(c->a, (ids.n + 1) * sizeof *hit);
    size_t n = 0;
    if (!hit)
        return LF_ENOMEM;
    for (size_t i = 0; i < ids.n; i++) {
        lf_role r;
        rc = lf_role_get(c->txn, &c->caller.user.tenant_id, &ids.v[i], c->a, &r);
        if (rc == LF_ENOTFOUND)
            continue;
        if (rc)
            return rc;
        if (lf_icontains(r.name, search) || lf_icontains(r.description, search))
            hit[n++] = r;
    }
    lf_page_slice(n, page, per_page, &from, &to);
    lf_jw *w = &c->w;
    lf_jw_key(w, simple ? "role_info_list" : "role_list");
    lf_jw_arr(w);
    for (size_t i = from; i < to; i++) {
        lf_jw_obj(w);
        if (simple) {
            lf_jw_uuid(w, "id", &hit[i].id);
            lf_jw_kstrz(w, "name", hit[i].name);
            lf_jw_kstrz(w, "description", hit[i].description);
        } else {
            lf_jw_role_dict(c, w, &hit[i]);
        }
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_jw_paging(w, page, per_page, (int64_t)n);
    return LF_H_OK;
}

int lf_h_roles_list(lf_call *c)
{
    return list_roles(c, 0);
}

int lf_h_simple_roles(lf_call *c)
{
    return list_roles(c, 1);
}

/* ---- create, edit ---- */

static int opt_field(lf_call *c, const lf_json *j, const char *key, size_t max, lf_str *out,
                     int *has)
{
    *has = lf_json_get(j, 0, key) >= 0;
    int rc = lf_call_str_field(c, j, key, 0, out);
    if (rc)
        return rc;
    size_t chars = 0;
    for (size_t i = 0; i < out->n; i++)
        chars += ((unsigned char)out->p[i] & 0xc0) != 0x80;
    if (chars > max)
        return lf_call_fail(c, "Request data is invalid:%s can not be longer than %zu characters",
                            key, max);
    if (memchr(out->p, 0, out->n))
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: contains a NUL character",
                            key);
    return LF_H_OK;
}

typedef struct role_form {
    lf_str name, description, label;
    int has_description, has_label;
} role_form;

static int read_role(lf_call *c, lf_json *j, role_form *f)
{
    static const char *const keys[] = {"name", "description", "label", NULL};
    int has_name;
    int rc = lf_call_json(c, j);
    if (rc || (rc = lf_call_only_keys(c, j, keys)) ||
        (rc = opt_field(c, j, "name", 50, &f->name, &has_name)) ||
        (rc = opt_field(c, j, "description", 200, &f->description, &f->has_description)) ||
        (rc = opt_field(c, j, "label", 50, &f->label, &f->has_label)))
        return rc;
    if (!has_name)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'name'");
    if (f->name.n == 0)
        return lf_call_fail(c, "Request data is invalid:name is needed");
    return LF_H_OK;
}

int lf_h_roles_create(lf_call *c)
{
    lf_json j;
    role_form f;
    int rc = read_role(c, &j, &f);
    if (rc)
        return rc;
    lf_role r = {.tenant_id = c->caller.user.tenant_id, .creator_id = c->caller.user.id,
                 .created_at = c->now, .updated_at = c->now, .name = f.name.p,
                 .description = f.description.p, .label = f.label.p};
    if ((rc = lf_uuid_v4(&r.id)) || (rc = lf_role_put(c->txn, &r)))
        return rc;
    lf_jw_uuid(&c->w, "role_id", &r.id);
    return LF_H_OK;
}

int lf_h_role_get(lf_call *c)
{
    lf_role r;
    int rc = target_role(c, &r);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "role_info");
    lf_jw_obj(&c->w);
    lf_jw_role_dict(c, &c->w, &r);
    lf_jw_obj_end(&c->w);
    return LF_H_OK;
}

int lf_h_role_patch(lf_call *c)
{
    lf_json j;
    role_form f;
    lf_role r;
    int rc = read_role(c, &j, &f);
    if (rc || (rc = target_role(c, &r)))
        return rc;
    r.name = f.name.p;
    if (f.has_description)
        r.description = f.description.p;
    if (f.has_label)
        r.label = f.label.p;
    r.updated_at = c->now;
    return lf_role_put(c->txn, &r);
}

/* ---- delete ---- */

int lf_h_role_delete(lf_call *c)
{
    lf_role r;
    int rc = target_role(c, &r);
    if (rc || (rc = lf_role_delete(c->txn, &r, &c->caller.user.id, c->now)))
        return rc;
    c->msg = "delete successfully";
    return LF_H_OK;
}

int lf_h_roles_delete(lf_call *c)
{
    static const char *const keys[] = {"role_id_list", NULL};
    lf_json j;
    lf_ids ids = {0};
    int present;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_id_list(c, &j, "role_id_list", &present, &ids)))
        return rc;
    if (!present)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'role_id_list'");
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_role r;
        rc = lf_role_get(c->txn, &c->caller.user.tenant_id, &ids.v[i], c->a, &r);
        if (rc == LF_ENOTFOUND) {
            char s[LF_UUID_STRLEN + 1];
            lf_uuid_format(&ids.v[i], s);
            return lf_call_fail(c, NOT_FOUND ": %s", s);
        }
        if (rc == LF_OK)
            rc = lf_role_delete(c->txn, &r, &c->caller.user.id, c->now);
    }
    c->msg = "deleted";
    return rc;
}

/* ---- members ---- */

int lf_h_role_users_list(lf_call *c)
{
    lf_role r;
    lf_str search;
    lf_ids ids = {0}, hit = {0};
    int64_t page, per_page;
    size_t from, to;
    int rc = target_role(c, &r);
    if (rc || (rc = lf_call_paging(c, &page, &per_page)) || (rc = query_search(c, &search)) ||
        (rc = lf_role_users(c->txn, &r.id, c->a, &ids)))
        return rc;
    if ((rc = lf_users_searched(c, &ids, search, NULL, &hit)))
        return rc;
    lf_page_slice(hit.n, page, per_page, &from, &to);
    lf_jw_key(&c->w, "user_info_list");
    lf_jw_arr(&c->w);
    for (size_t i = from; rc == LF_OK && i < to; i++) {
        lf_user u;
        if ((rc = lf_user_get(c->txn, &hit.v[i], c->a, &u)))
            break;
        lf_jw_obj(&c->w);
        lf_jw_user_dict(c, &c->w, &u);
        lf_jw_obj_end(&c->w);
    }
    lf_jw_arr_end(&c->w);
    lf_jw_paging(&c->w, page, per_page, (int64_t)hit.n);
    return rc;
}

/* The role and the body's user_ids, every one a user of this tenant. */
static int read_members(lf_call *c, lf_role *r, lf_ids *users)
{
    static const char *const keys[] = {"user_ids", NULL};
    lf_json j;
    int present;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)))
        return rc;
    if (lf_json_type_of(&j, lf_json_get(&j, 0, "user_ids")) != LF_JSON_ARRAY)
        return lf_call_fail(c, "Request data is invalid:user_ids is required, and should be a list");
    if ((rc = lf_call_id_list(c, &j, "user_ids", &present, users)) || (rc = target_role(c, r)))
        return rc;
    for (size_t i = 0; i < users->n; i++) {
        lf_user u;
        rc = lf_user_get_in(c->txn, &r->tenant_id, &users->v[i], c->a, &u);
        if (rc == LF_ENOTFOUND) {
            char s[LF_UUID_STRLEN + 1];
            lf_uuid_format(&users->v[i], s);
            return lf_call_fail(c, "user is not exist or has been deleted: %s", s);
        }
        if (rc)
            return rc;
    }
    return LF_H_OK;
}

int lf_h_role_users_add(lf_call *c)
{
    lf_role r;
    lf_ids users = {0};
    int rc = read_members(c, &r, &users);
    for (size_t i = 0; rc == LF_OK && i < users.n; i++)
        rc = lf_role_link(c->txn, &r.id, &users.v[i]);
    if (rc == LF_OK)
        c->msg = "success";
    return rc;
}

int lf_h_role_users_remove(lf_call *c)
{
    lf_role r;
    lf_ids users = {0};
    int rc = read_members(c, &r, &users);
    for (size_t i = 0; rc == LF_OK && i < users.n; i++) {
        rc = lf_role_unlink(c->txn, &r.id, &users.v[i], &c->caller.user.id, c->now);
        if (rc == LF_ENOTFOUND) /* not a member: nothing to remove */
            rc = LF_OK;
    }
    if (rc == LF_OK)
        c->msg = "success";
    return rc;
}
