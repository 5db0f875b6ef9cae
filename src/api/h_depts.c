/* Departments: the trees, paths, CRUD, moves, leaders and approvers. */
#include "internal.h"
#include "loonflow/workflow.h"

#include <string.h>

#define NOT_FOUND "dept is not exist"
#define ROOT_ID "00000000-0000-0000-0000-000000000000"

static int target_dept(lf_call *c, lf_dept *d)
{
    lf_uuid id;
    int rc = lf_call_param_uuid(c, 0, &id) == LF_OK
                 ? lf_dept_get(c->txn, &c->caller.user.tenant_id, &id, c->a, d)
                 : LF_ENOTFOUND;
    return rc == LF_ENOTFOUND ? lf_call_fail(c, NOT_FOUND) : rc;
}

static int query_str(lf_call *c, const char *name, lf_str *out)
{
    int rc = lf_call_query(c, name, out);
    if (rc == LF_ENOTFOUND) {
        *out = LF_STR("");
        return LF_H_OK;
    }
    return rc == LF_EINVAL ? lf_call_fail(c, "Request data is invalid:%s is not well encoded", name)
                           : rc;
}

/* ---- the dept record ---- */

static void write_user_ref(lf_call *c, lf_jw *w, const lf_uuid *id, int leader_order)
{
    lf_user u;
    lf_jw_obj(w);
    int found = lf_user_get(c->txn, id, c->a, &u) == LF_OK;
    if (leader_order) { /* upstream writes the leader as name, alias, id */
        lf_jw_kstrz(w, "name", found ? u.name : "");
        lf_jw_kstrz(w, "alias", found ? u.alias : "");
        lf_jw_uuid(w, "id", id);
    } else {
        lf_jw_uuid(w, "id", id);
        lf_jw_kstrz(w, "name", found ? u.name : "");
        lf_jw_kstrz(w, "alias", found ? u.alias : "");
    }
    lf_jw_obj_end(w);
}

static int write_dept(lf_call *c, const lf_dept *d)
{
    lf_jw *w = &c->w;
    lf_ids approvers = {0};
    int rc = lf_dept_approvers(c->txn, &d->id, c->a, &approvers);
    if (rc)
        return rc;
    lf_jw_uuid(w, "id", &d->id);
    lf_jw_kraw(w, "label", lf_strz(d->label && *d->label ? d->label : "{}"));
    lf_jw_creator_info(c, w, &d->creator_id);
    lf_jw_time(w, "created_at", d->created_at, LF_TIME_RECORD);
    lf_jw_time(w, "updated_at", d->updated_at, LF_TIME_RECORD);
    lf_jw_kstrz(w, "name", d->name);
    if (lf_uuid_is_zero(&d->parent_id)) {
        lf_jw_knull(w, "parent_dept_info");
    } else {
        lf_dept p;
        int found = lf_dept_get(c->txn, &d->tenant_id, &d->parent_id, c->a, &p) == LF_OK;
        lf_jw_key(w, "parent_dept_info");
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &d->parent_id);
        lf_jw_kstrz(w, "name", found ? p.name : "\xe6\x9c\xaa\xe7\x9f\xa5"); /* "unknown" */
        lf_jw_obj_end(w);
    }
    lf_jw_key(w, "leader_info");
    if (lf_uuid_is_zero(&d->leader_id)) {
        lf_jw_obj(w);
        lf_jw_obj_end(w);
    } else {
        write_user_ref(c, w, &d->leader_id, 1);
    }
    lf_jw_key(w, "approver_info_list");
    lf_jw_arr(w);
    for (size_t i = 0; i < approvers.n; i++)
        write_user_ref(c, w, &approvers.v[i], 0);
    lf_jw_arr_end(w);
    return LF_H_OK;
}

int lf_h_dept_get(lf_call *c)
{
    lf_dept d;
    int rc = target_dept(c, &d);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "dept_info");
    lf_jw_obj(&c->w);
    rc = write_dept(c, &d);
    lf_jw_obj_end(&c->w);
    return rc;
}

/* ---- trees ---- */

typedef struct tree_node {
    lf_uuid id;
    const char *name;
    int parent; /* index, -1 for the top level */
    int keep;
} tree_node;

typedef struct tree {
    tree_node *v;
    size_t n, cap;
} tree;

static int tree_add(lf_call *c, tree *t, const lf_dept *d, int parent)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        tree_node *v = lf_arena_alloc(c->a, cap * sizeof *v);
        if (!v)
            return LF_ENOMEM;
        if (t->n)
            memcpy(v, t->v, t->n * sizeof *v);
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = (tree_node){d->id, d->name, parent, 0};
    return LF_OK;
}

/* Breadth first from `top`: every node's parent comes before it, so one
 * backwards pass carries "keep" up to the ancestors of each match. */
static int build_tree(lf_call *c, const lf_uuid *top, lf_str search, tree *t)
{
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    lf_ids kids = {0};
    int rc = lf_dept_children(c->txn, tenant, top, c->a, &kids);
    for (size_t i = 0; rc == LF_OK; i++) {
        for (size_t k = 0; rc == LF_OK && k < kids.n; k++) {
            lf_dept d;
            rc = lf_dept_get(c->txn, tenant, &kids.v[k], c->a, &d);
            if (rc == LF_OK)
                rc = tree_add(c, t, &d, i == 0 ? -1 : (int)(i - 1));
        }
        if (rc || i >= t->n)
            break;
        kids.n = 0;
        rc = lf_dept_children(c->txn, tenant, &t->v[i].id, c->a, &kids);
    }
    for (size_t i = t->n; rc == LF_OK && i-- > 0;) {
        if (lf_icontains(t->v[i].name, search))
            t->v[i].keep = 1;
        if (t->v[i].keep && t->v[i].parent >= 0)
            t->v[t->v[i].parent].keep = 1;
    }
    return rc;
}

static void write_children(lf_jw *w, const tree *t, int parent)
{
    lf_jw_key(w, "children");
    lf_jw_arr(w);
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].parent != parent || !t->v[i].keep)
            continue;
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &t->v[i].id);
        lf_jw_kstrz(w, "name", t->v[i].name);
        write_children(w, t, (int)i);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
}

static int write_tree(lf_call *c, const lf_uuid *top, lf_str search)
{
    tree t = {0};
    lf_tenant tn;
    int rc = lf_tenant_get(c->txn, &c->caller.user.tenant_id, c->a, &tn);
    if (rc || (rc = build_tree(c, top, search, &t)))
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "dept_list");
    lf_jw_arr(w);
    lf_jw_obj(w);
    lf_jw_kstrz(w, "id", ROOT_ID);
    lf_jw_kstrz(w, "name", tn.name);
    write_children(w, &t, -1);
    lf_jw_obj_end(w);
    lf_jw_arr_end(w);
    return LF_H_OK;
}

int lf_h_depts_tree(lf_call *c)
{
    lf_uuid top = {{0}};
    return write_tree(c, &top, LF_STR(""));
}

/* The web UI's department picker: the same tree, optionally below
 * parent_dept_id and pruned to names matching search_value (with their
 * ancestors, so each match keeps its place). */
int lf_h_simple_depts_tree(lf_call *c)
{
    lf_uuid top = {{0}};
    lf_str search, parent;
    int rc;
    if ((rc = query_str(c, "search_value", &search)) || (rc = query_str(c, "parent_dept_id", &parent)))
        return rc;
    if (parent.n && !lf_str_eqz(parent, "0")) {
        lf_dept d;
        if (lf_uuid_parse(parent, &top) != LF_OK)
            return lf_call_fail(c, "Request data is invalid:parent_dept_id is not a valid id");
        rc = lf_uuid_is_zero(&top) ? LF_OK
                                   : lf_dept_get(c->txn, &c->caller.user.tenant_id, &top, c->a, &d);
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, NOT_FOUND);
        if (rc)
            return rc;
    }
    return write_tree(c, &top, search);
}

/* ---- paths ---- */

static int write_path(lf_call *c, const lf_dept *d)
{
    const char *path;
    int rc = lf_dept_path(c->txn, d, c->a, &path);
    if (rc)
        return rc;
    lf_jw_uuid(&c->w, "id", &d->id);
    lf_jw_kstrz(&c->w, "path", path);
    lf_jw_kstrz(&c->w, "name", d->name);
    return LF_OK;
}

int lf_h_dept_paths(lf_call *c)
{
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    lf_str search;
    lf_ids ids = {0};
    int filtered;
    int rc = query_str(c, "search_value", &search);
    if (rc || (rc = lf_call_id_query(c, "dept_ids", &filtered, &ids)))
        return rc;
    if (!filtered && (rc = lf_dept_all(c->txn, tenant, c->a, &ids)))
        return rc;
    lf_jw_key(&c->w, "dept_path_list");
    lf_jw_arr(&c->w);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_dept d;
        rc = lf_dept_get(c->txn, tenant, &ids.v[i], c->a, &d);
        if (rc == LF_ENOTFOUND) {
            rc = LF_OK;
            continue;
        }
        if (rc || !lf_icontains(d.name, search))
            continue;
        lf_jw_obj(&c->w);
        rc = write_path(c, &d);
        lf_jw_obj_end(&c->w);
    }
    lf_jw_arr_end(&c->w);
    return rc;
}

int lf_h_dept_path(lf_call *c)
{
    lf_dept d;
    int rc = target_dept(c, &d);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "dept_path");
    lf_jw_obj(&c->w);
    rc = write_path(c, &d);
    lf_jw_obj_end(&c->w);
    return rc;
}

/* ---- create, edit, move ---- */

typedef struct dept_form {
    lf_str name;
    lf_uuid parent, leader;
    int has_parent, has_leader;
    lf_ids approvers;
    int has_approvers;
    const char *label; /* JSON text, NULL when absent */
} dept_form;

/* An optional id given as a string; "", null and the zero id mean none. */
static int opt_id(lf_call *c, const lf_json *j, const char *key, lf_uuid *out, int *has)
{
    lf_str s;
    int v = lf_json_get(j, 0, key);
    *has = v >= 0;
    memset(out, 0, sizeof *out);
    if (lf_json_type_of(j, v) == LF_JSON_NULL)
        return LF_H_OK;
    int rc = lf_call_str_field(c, j, key, 0, &s);
    if (rc)
        return rc;
    if (s.n && lf_uuid_parse(s, out) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:%s is not a valid id", key);
    return LF_H_OK;
}

static int user_of_tenant(lf_call *c, const char *key, const lf_uuid *id)
{
    lf_user u;
    int rc = lf_user_get_in(c->txn, &c->caller.user.tenant_id, id, c->a, &u);
    if (rc == LF_ENOTFOUND) {
        char s[LF_UUID_STRLEN + 1];
        lf_uuid_format(id, s);
        return lf_call_fail(c, "Request data is invalid:%s: user %s is not exist", key, s);
    }
    return rc;
}

static int read_dept(lf_call *c, lf_json *j, dept_form *f)
{
    static const char *const keys[] = {"name", "parent_dept_id", "leader_id", "approver_id_list",
                                       "label", NULL};
    int rc = lf_call_json(c, j);
    if (rc || (rc = lf_call_only_keys(c, j, keys)) ||
        (rc = lf_call_str_field(c, j, "name", 1, &f->name)))
        return rc;
    if (f->name.n == 0)
        return lf_call_fail(c, "Request data is invalid:name is needed");
    size_t chars = 0;
    for (size_t i = 0; i < f->name.n; i++)
        chars += ((unsigned char)f->name.p[i] & 0xc0) != 0x80;
    if (chars > 50 || memchr(f->name.p, 0, f->name.n))
        return lf_call_fail(c, "Request data is invalid:name must be 1 to 50 characters");
    if ((rc = opt_id(c, j, "parent_dept_id", &f->parent, &f->has_parent)) ||
        (rc = opt_id(c, j, "leader_id", &f->leader, &f->has_leader)) ||
        (rc = lf_call_id_list(c, j, "approver_id_list", &f->has_approvers, &f->approvers)))
        return rc;
    /* label: a string (the create schema) or an object (the edit schema). */
    int v = lf_json_get(j, 0, "label");
    lf_json_type lt = lf_json_type_of(j, v);
    if (v >= 0 && lt != LF_JSON_STRING && lt != LF_JSON_OBJECT)
        return lf_call_fail(c, "Request data is invalid:Key 'label' error: should be a string or an object");
    if (v >= 0) {
        lf_str raw = lf_json_raw(j, v);
        if (!(f->label = lf_arena_strndup(c->a, raw.p, raw.n)))
            return LF_ENOMEM;
    }
    if (!lf_uuid_is_zero(&f->leader) && (rc = user_of_tenant(c, "leader_id", &f->leader)))
        return rc;
    for (size_t i = 0; i < f->approvers.n; i++)
        if ((rc = user_of_tenant(c, "approver_id_list", &f->approvers.v[i])))
            return rc;
    return LF_H_OK;
}

/* Puts d under parent, refusing unknown parents, cycles and trees deeper
 * than LF_DEPT_MAX_DEPTH. */
static int check_parent(lf_call *c, const lf_dept *d, const lf_uuid *parent, int is_new)
{
    const lf_uuid *tenant = &c->caller.user.tenant_id;
    int depth = 0, height = 1, rc;
    if (lf_uuid_is_zero(parent))
        return LF_H_OK;
    lf_dept p;
    rc = lf_dept_get(c->txn, tenant, parent, c->a, &p);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "Request data is invalid:parent_dept_id: dept is not exist");
    if (rc)
        return rc;
    if (!is_new && lf_dept_is_within(c->txn, tenant, parent, &d->id))
        return lf_call_fail(c, "Request data is invalid:parent_dept_id: a department can not be "
                               "moved under itself or one of its sub-departments");
    if ((rc = lf_dept_depth(c->txn, tenant, parent, &depth)) ||
        (!is_new && (rc = lf_dept_height(c->txn, tenant, &d->id, &height))))
        return rc;
    if (depth + height > LF_DEPT_MAX_DEPTH)
        return lf_call_fail(c, "Request data is invalid:departments can not be nested more than %d "
                               "levels deep", LF_DEPT_MAX_DEPTH);
    return LF_H_OK;
}

int lf_h_depts_create(lf_call *c)
{
    lf_json j;
    dept_form f;
    memset(&f, 0, sizeof f);
    int rc = read_dept(c, &j, &f);
    lf_dept d = {.tenant_id = c->caller.user.tenant_id, .creator_id = c->caller.user.id,
                 .parent_id = f.parent, .leader_id = f.leader, .label = f.label ? f.label : "{}",
                 .created_at = c->now, .updated_at = c->now, .name = f.name.p};
    if (rc || (rc = check_parent(c, &d, &f.parent, 1)) || (rc = lf_uuid_v4(&d.id)) ||
        (rc = lf_dept_insert(c->txn, &d)) ||
        (rc = lf_dept_set_approvers(c->txn, &d.id, &f.approvers, &c->caller.user.id, c->now)))
        return rc;
    lf_jw_uuid(&c->w, "dept_id", &d.id);
    return LF_H_OK;
}

int lf_h_dept_patch(lf_call *c)
{
    lf_json j;
    dept_form f;
    lf_dept old, d;
    memset(&f, 0, sizeof f);
    int rc = read_dept(c, &j, &f);
    if (rc || (rc = target_dept(c, &old)))
        return rc;
    d = old;
    d.name = f.name.p;
    if (f.has_parent) {
        if ((rc = check_parent(c, &old, &f.parent, 0)))
            return rc;
        d.parent_id = f.parent;
    }
    if (f.has_leader)
        d.leader_id = f.leader;
    if (f.label)
        d.label = f.label;
    d.updated_at = c->now;
    if ((rc = lf_dept_update(c->txn, &old, &d)))
        return rc;
    if (f.has_approvers)
        rc = lf_dept_set_approvers(c->txn, &d.id, &f.approvers, &c->caller.user.id, c->now);
    return rc;
}

int lf_h_dept_parent(lf_call *c)
{
    static const char *const keys[] = {"parent_dept_id", NULL};
    lf_json j;
    lf_uuid parent;
    lf_dept old, d;
    int has;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = opt_id(c, &j, "parent_dept_id", &parent, &has)))
        return rc;
    if (!has)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'parent_dept_id'");
    if ((rc = target_dept(c, &old)) || (rc = check_parent(c, &old, &parent, 0)))
        return rc;
    d = old;
    d.parent_id = parent;
    d.updated_at = c->now;
    return lf_dept_update(c->txn, &old, &d);
}

/* ---- delete ---- */

/* A deleted department stops granting view rights: it leaves the workflows'
 * viewer_dept_id_list too. */
static int delete_dept(lf_call *c, const lf_dept *d)
{
    int rc = lf_dept_delete(c->txn, d, &c->caller.user.id, c->now);
    return rc ? rc : lf_wf_forget(c->txn, &d->tenant_id, LF_WFP_VIEW_DEPT, &d->id, c->a);
}

static int delete_one(lf_call *c, const lf_dept *d)
{
    int rc = delete_dept(c, d);
    if (rc == LF_EEXIST)
        return lf_call_fail(c, "dept %s has sub departments: delete or move them first", d->name);
    return rc;
}

int lf_h_dept_delete(lf_call *c)
{
    lf_dept d;
    int rc = target_dept(c, &d);
    return rc ? rc : delete_one(c, &d);
}

int lf_h_depts_delete(lf_call *c)
{
    lf_json j;
    lf_ids ids = {0};
    int present;
    /* Upstream has no schema here, so other keys are ignored, not refused. */
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_id_list(c, &j, "dept_id_list", &present, &ids)))
        return rc;
    if (!present)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'dept_id_list'");
    lf_dept *depts = lf_arena_alloc(c->a, (ids.n + 1) * sizeof *depts);
    if (!depts)
        return LF_ENOMEM;
    for (size_t i = 0; i < ids.n; i++) {
        rc = lf_dept_get(c->txn, &c->caller.user.tenant_id, &ids.v[i], c->a, &depts[i]);
        if (rc == LF_ENOTFOUND) {
            char s[LF_UUID_STRLEN + 1];
            lf_uuid_format(&ids.v[i], s);
            return lf_call_fail(c, NOT_FOUND ": %s", s);
        }
        if (rc)
            return rc;
    }
    /* Leaves first: a parent goes once the children listed with it are gone. */
    size_t left = ids.n;
    while (left) {
        size_t before = left;
        for (size_t i = 0; i < ids.n; i++) {
            if (!depts[i].name)
                continue;
            rc = delete_dept(c, &depts[i]);
            if (rc == LF_EEXIST)
                continue;
            if (rc)
                return rc;
            depts[i].name = NULL;
            left--;
        }
        if (left == before)
            break;
    }
    for (size_t i = 0; left && i < ids.n; i++)
        if (depts[i].name)
            return delete_one(c, &depts[i]);
    return LF_H_OK;
}
