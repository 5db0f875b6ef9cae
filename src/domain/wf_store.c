/* Workflow and version records, the stored design per version, and the
 * permission index. One design is kept per version as the normalised save
 * document, so GET returns what was saved (with the ids the server chose). */
#include "loonflow/accounts.h"
#include "rec_io.h"
#include "wf_internal.h"

#include <stdio.h>
#include <string.h>

static const lf_field wf_fields[] = {
    LF_FIELD(lf_workflow, id, LF_F_UUID),
    LF_FIELD(lf_workflow, tenant_id, LF_F_UUID),
    LF_FIELD(lf_workflow, label, LF_F_JSON),
    LF_FIELD(lf_workflow, creator_id, LF_F_UUID),
    LF_FIELD(lf_workflow, created_at, LF_F_I64),
    LF_FIELD(lf_workflow, updated_at, LF_F_I64),
    LF_FIELD(lf_workflow, seq, LF_F_I64),
    LF_FIELD(lf_workflow, default_version_id, LF_F_UUID),
};
static const lf_record_type wf_rt = {wf_fields, sizeof wf_fields / sizeof *wf_fields};

static const lf_field ver_fields[] = {
    LF_FIELD(lf_wf_version, id, LF_F_UUID),
    LF_FIELD(lf_wf_version, workflow_id, LF_F_UUID),
    LF_FIELD(lf_wf_version, tenant_id, LF_F_UUID),
    LF_FIELD(lf_wf_version, label, LF_F_JSON),
    LF_FIELD(lf_wf_version, creator_id, LF_F_UUID),
    LF_FIELD(lf_wf_version, created_at, LF_F_I64),
    LF_FIELD(lf_wf_version, updated_at, LF_F_I64),
    LF_FIELD(lf_wf_version, name, LF_F_STR),
    LF_FIELD(lf_wf_version, description, LF_F_STR),
    LF_FIELD(lf_wf_version, type, LF_F_STR),
    LF_FIELD(lf_wf_version, rev, LF_F_I64),
    LF_FIELD(lf_wf_version, wf_name, LF_F_STR),
    LF_FIELD(lf_wf_version, wf_description, LF_F_STR),
};
static const lf_record_type ver_rt = {ver_fields, sizeof ver_fields / sizeof *ver_fields};

static const char *const vtype_names[] = {"default", "candidate", "archived"};

const char *lf_wf_vtype_name(lf_wf_vtype t)
{
    return vtype_names[t];
}

int lf_wf_vtype_parse(lf_str s, lf_wf_vtype *out)
{
    for (int i = 0; i < 3; i++)
        if (lf_str_eqz(s, vtype_names[i])) {
            *out = (lf_wf_vtype)i;
            return LF_OK;
        }
    return LF_EINVAL;
}

static int set_err(lf_wf_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set_err(lf_wf_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return LF_EINVAL;
}

static const lf_val empty_val = {"", 0};

/* ---- records ---- */

int lf_wf_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_workflow *out)
{
    int rc = lf_rec_get(t, LF_T_WF, lf_uuid_val(id), &wf_rt, a, out);
    if (rc == LF_OK && !lf_uuid_eq(&out->tenant_id, tenant))
        rc = LF_ENOTFOUND; /* another tenant's workflow does not exist for this caller */
    return rc;
}

static int wf_tenant_key(lf_key *k, const lf_workflow *wf)
{
    lf_key_init(k);
    lf_key_uuid(k, &wf->tenant_id);
    lf_key_be64(k, (uint64_t)wf->seq);
    lf_key_uuid(k, &wf->id);
    return k->overflow ? LF_EINVAL : LF_OK;
}

int lf_wf_version_get(lf_txn *t, const lf_workflow *wf, const lf_uuid *id, lf_arena *a,
                      lf_wf_version *out)
{
    int rc = lf_rec_get(t, LF_T_WF_VERSION, lf_uuid_val(id), &ver_rt, a, out);
    if (rc == LF_OK && !lf_uuid_eq(&out->workflow_id, &wf->id))
        rc = LF_ENOTFOUND;
    return rc;
}

int lf_wf_version_each(lf_txn *t, const lf_workflow *wf, lf_arena *a,
                       int (*fn)(const lf_wf_version *v, void *ctx), void *ctx)
{
    lf_ids ids = {0};
    int rc = lf_rec_ids(t, LF_T_WF_VERSIONS, lf_uuid_val(&wf->id), 0, a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_wf_version ver;
        rc = lf_rec_get(t, LF_T_WF_VERSION, lf_uuid_val(&ids.v[i]), &ver_rt, a, &ver);
        if (rc == LF_OK && fn(&ver, ctx))
            break;
    }
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

typedef struct by_name {
    lf_str name;
    int found;
    lf_wf_version *out;
} by_name;

static int match_name(const lf_wf_version *v, void *ctx)
{
    by_name *b = ctx;
    if (lf_str_eqz(b->name, v->name)) {
        *b->out = *v;
        b->found = 1;
    }
    return b->found;
}

int lf_wf_version_by_name(lf_txn *t, const lf_workflow *wf, lf_str name, lf_arena *a,
                          lf_wf_version *out)
{
    if (name.n == 0) {
        if (lf_uuid_is_zero(&wf->default_version_id))
            return LF_ENOTFOUND;
        return lf_wf_version_get(t, wf, &wf->default_version_id, a, out);
    }
    by_name b = {name, 0, out};
    int rc = lf_wf_version_each(t, wf, a, match_name, &b);
    return rc ? rc : b.found ? LF_OK : LF_ENOTFOUND;
}

int lf_wf_graph_of(lf_txn *t, const lf_uuid *version_id, const lf_wf_graph **out)
{
    lf_arena a;
    lf_wf_version v;
    lf_arena_init(&a, 1024, 0);
    int rc = lf_rec_get(t, LF_T_WF_VERSION, lf_uuid_val(version_id), &ver_rt, &a, &v);
    if (rc == LF_OK)
        rc = lf_wf_graph_get(t, &v, out);
    lf_arena_free(&a);
    return rc;
}

int lf_wf_design_load(lf_txn *t, const lf_uuid *version_id, lf_arena *a, lf_json *j,
                      lf_wf_design *d)
{
    lf_val v;
    lf_wf_err err;
    char perr[64];
    int rc = lf_get(t, LF_T_WF_DEF, lf_uuid_val(version_id), &v);
    if (rc)
        return rc;
    /* A copy: the design is read after writes in the same transaction. */
    char *src = lf_arena_strndup(a, v.p, v.n);
    if (!src)
        return LF_ENOMEM;
    rc = lf_json_parse(j, src, v.n, a, 0, perr, sizeof perr);
    if (rc == LF_OK)
        rc = lf_wf_design_parse(j, a, d, &err);
    if (rc && rc != LF_ENOMEM) {
        lf_log(LF_LOG_ERROR, "corrupt workflow definition: %s", err.msg);
        rc = LF_EINVAL;
    }
    return rc;
}

int lf_wf_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                         int (*fn)(const lf_workflow *wf, void *ctx), void *ctx)
{
    lf_ids ids = {0};
    int rc = lf_rec_ids(t, LF_T_WF_TENANT, lf_uuid_val(tenant), 1, a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_workflow wf;
        rc = lf_rec_get(t, LF_T_WF, lf_uuid_val(&ids.v[i]), &wf_rt, a, &wf);
        if (rc == LF_OK && fn(&wf, ctx))
            break;
    }
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

/* ---- permissions index ---- */

static int perm_key(lf_key *k, const lf_uuid *tenant, lf_wf_perm_kind kind, const lf_uuid *target,
                    const lf_uuid *wf, const lf_uuid *ver)
{
    uint8_t kb = (uint8_t)kind;
    lf_key_init(k);
    lf_key_uuid(k, tenant);
    lf_key_bytes(k, &kb, 1);
    lf_key_uuid(k, target);
    if (wf)
        lf_key_uuid(k, wf);
    if (ver)
        lf_key_uuid(k, ver);
    return k->overflow ? LF_EINVAL : LF_OK;
}

int lf_wf_each_by_target(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind,
                         const lf_uuid *target,
                         int (*fn)(const lf_uuid *workflow_id, void *ctx), void *ctx)
{
    lf_key p;
    lf_cursor *c;
    lf_val k, v;
    lf_uuid last = {{0}};
    int rc = perm_key(&p, tenant, kind, target, NULL, NULL);
    if (rc || (rc = lf_cursor_open(t, LF_T_WF_PERM, &c)))
        return rc;
    for (rc = lf_cursor_seek(c, lf_key_val(&p), &k, &v); rc == LF_OK;
         rc = lf_cursor_next(c, &k, &v)) {
        if (k.n != p.n + 32 || memcmp(k.p, p.b, p.n) != 0)
            break;
        lf_uuid wf;
        memcpy(wf.b, (const uint8_t *)k.p + p.n, 16);
        if (lf_uuid_eq(&wf, &last))
            continue; /* the same workflow through another version */
        last = wf;
        if (fn(&wf, ctx))
            break;
    }
    lf_cursor_close(c);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

int lf_wf_has_perm(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind, const lf_uuid *target,
                   const lf_uuid *workflow_id, const lf_uuid *version_id)
{
    lf_key p;
    lf_cursor *c;
    lf_val k, v;
    if (perm_key(&p, tenant, kind, target, workflow_id, version_id))
        return 0;
    if (version_id)
        return lf_get(t, LF_T_WF_PERM, lf_key_val(&p), &v) == LF_OK;
    if (lf_cursor_open(t, LF_T_WF_PERM, &c))
        return 0;
    int found = lf_cursor_seek(c, lf_key_val(&p), &k, &v) == LF_OK && k.n >= p.n &&
                memcmp(k.p, p.b, p.n) == 0;
    lf_cursor_close(c);
    return found;
}

typedef struct perm_list {
    lf_wf_perm_kind kind;
    const lf_wf_strs *ids;
} perm_list;

/* put = 1 writes the version's index entries, 0 removes them. */
static int index_perms(lf_txn *t, const lf_wf_version *v, const lf_wf_design *d, int put)
{
    const perm_list lists[] = {{LF_WFP_ADMIN, &d->admins},
                               {LF_WFP_DISPATCHER, &d->dispatchers},
                               {LF_WFP_VIEW_USER, &d->viewers},
                               {LF_WFP_VIEW_DEPT, &d->viewer_depts},
                               {LF_WFP_API, &d->apps}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        for (int n = 0; n < lists[i].ids->n; n++) {
            lf_uuid target;
            lf_key k;
            if (lf_uuid_parse(lf_strz(lists[i].ids->v[n]), &target))
                continue; /* references are checked on save; nothing to index */
            int rc = perm_key(&k, &v->tenant_id, lists[i].kind, &target, &v->workflow_id, &v->id);
            if (!rc)
                rc = put ? lf_put(t, LF_T_WF_PERM, lf_key_val(&k), empty_val)
                         : lf_del(t, LF_T_WF_PERM, lf_key_val(&k));
            if (rc && !(rc == LF_ENOTFOUND && !put))
                return rc;
        }
    }
    return LF_OK;
}

/* ---- references: users, departments and applications named by a design ---- */

static int check_users(lf_txn *t, const lf_uuid *tenant, const lf_wf_strs *s, const char *list,
                       lf_arena *a, lf_wf_err *err)
{
    for (int i = 0; i < s->n; i++) {
        lf_uuid id;
        lf_user u;
        int rc = lf_uuid_parse(lf_strz(s->v[i]), &id);
        if (rc == LF_OK)
            rc = lf_user_get(t, &id, a, &u);
        if (rc == LF_OK && !lf_uuid_eq(&u.tenant_id, tenant))
            rc = LF_ENOTFOUND;
        if (rc == LF_EINVAL || rc == LF_ENOTFOUND)
            return set_err(err, "Request data is invalid:permission_info.%s: user '%s' not found",
                           list, s->v[i]);
        if (rc)
            return rc;
    }
    return LF_OK;
}

static int check_refs(lf_txn *t, const lf_uuid *tenant, const lf_wf_design *d, lf_arena *a,
                      lf_wf_err *err)
{
    int rc;
    if ((rc = check_users(t, tenant, &d->admins, "admin_id_list", a, err)) ||
        (rc = check_users(t, tenant, &d->dispatchers, "dispatcher_id_list", a, err)) ||
        (rc = check_users(t, tenant, &d->viewers, "viewer_id_list", a, err)))
        return rc;
    for (int i = 0; i < d->viewer_depts.n; i++) {
        lf_uuid id;
        lf_dept dept;
        rc = lf_uuid_parse(lf_strz(d->viewer_depts.v[i]), &id);
        if (rc == LF_OK)
            rc = lf_dept_get(t, tenant, &id, a, &dept);
        if (rc == LF_EINVAL || rc == LF_ENOTFOUND)
            return set_err(err,
                           "Request data is invalid:permission_info.viewer_dept_id_list: "
                           "department '%s' not found",
                           d->viewer_depts.v[i]);
        if (rc)
            return rc;
    }
    for (int i = 0; i < d->apps.n; i++) {
        lf_uuid id;
        lf_app app;
        rc = lf_uuid_parse(lf_strz(d->apps.v[i]), &id);
        if (rc == LF_OK)
            rc = lf_app_get(t, &id, a, &app);
        if (rc == LF_OK && !lf_uuid_eq(&app.tenant_id, tenant))
            rc = LF_ENOTFOUND;
        if (rc == LF_EINVAL || rc == LF_ENOTFOUND)
            return set_err(err,
                           "Request data is invalid:customization_info.authorized_app_id_list: "
                           "application '%s' not found",
                           d->apps.v[i]);
        if (rc)
            return rc;
    }
    return LF_OK;
}

/* ---- ids ---- */

static const char *new_id(lf_arena *a)
{
    lf_uuid u;
    char *s = lf_arena_alloc(a, LF_UUID_STRLEN + 1);
    if (!s || lf_uuid_v4(&u))
        return NULL;
    lf_uuid_format(&u, s);
    return s;
}

static int is_temp(const char *id)
{
    return strncmp(id, "temp_", 5) == 0;
}

/* The id a submitted object keeps: a fresh one when the save makes a new
 * version or the id is temp_, else it must name an object of the version. */
static int keep_or_new(const char *id, int fresh, const char *const *old, int nold,
                       const char *what, const char *name, const char *version, lf_arena *a,
                       const char **out, lf_wf_err *err)
{
    if (fresh || !*id || is_temp(id)) {
        *out = new_id(a);
        return *out ? LF_OK : LF_ENOMEM;
    }
    for (int i = 0; i < nold; i++)
        if (strcmp(old[i], id) == 0) {
            *out = id;
            return LF_OK;
        }
    return set_err(err,
                   "Request data is invalid:%s '%s' has id '%s', which does not belong to version "
                   "'%s' (new objects need a temp_ id)",
                   what, name, id, version);
}

typedef struct old_ids {
    const char **comps, **nodes, **edges, **hooks;
    int ncomps, nnodes, nedges, nhooks;
} old_ids;

static int collect_old(const lf_wf_design *o, lf_arena *a, old_ids *ids)
{
    memset(ids, 0, sizeof *ids);
    ids->comps = lf_arena_alloc(a, sizeof(char *) * (size_t)(o->ncomps + 1));
    ids->nodes = lf_arena_alloc(a, sizeof(char *) * (size_t)(o->nnodes + 1));
    ids->edges = lf_arena_alloc(a, sizeof(char *) * (size_t)(o->nedges + 1));
    ids->hooks = lf_arena_alloc(a, sizeof(char *) * (size_t)(o->nhooks + 1));
    if (!ids->comps || !ids->nodes || !ids->edges || !ids->hooks)
        return LF_ENOMEM;
    for (int i = 0; i < o->ncomps; i++)
        ids->comps[ids->ncomps++] = o->comps[i].id;
    for (int i = 0; i < o->nnodes; i++)
        ids->nodes[ids->nnodes++] = o->nodes[i].id;
    for (int i = 0; i < o->nedges; i++)
        ids->edges[ids->nedges++] = o->edges[i].id;
    for (int i = 0; i < o->nhooks; i++)
        ids->hooks[ids->nhooks++] = o->hooks[i].id;
    return LF_OK;
}

/* Gives every object its stored id and rewrites the references (edge ends,
 * default branches) through the same mapping. */
static int assign_ids(lf_wf_design *d, const old_ids *old, const char *version, lf_arena *a,
                      lf_wf_err *err)
{
    int fresh = old == NULL, rc;
    static const old_ids none;
    if (!old)
        old = &none;
    const char **nid = lf_arena_alloc(a, sizeof(char *) * (size_t)(d->nnodes + 1));
    const char **eid = lf_arena_alloc(a, sizeof(char *) * (size_t)(d->nedges + 1));
    if (!nid || !eid)
        return LF_ENOMEM;
    for (int i = 0; i < d->nnodes; i++)
        if ((rc = keep_or_new(d->nodes[i].id, fresh, old->nodes, old->nnodes, "node",
                              d->nodes[i].name, version, a, &nid[i], err)))
            return rc;
    for (int i = 0; i < d->nedges; i++)
        if ((rc = keep_or_new(d->edges[i].id, fresh, old->edges, old->nedges, "edge",
                              d->edges[i].name, version, a, &eid[i], err)))
            return rc;
    for (int i = 0; i < d->nnodes; i++) {
        lf_wf_node *n = &d->nodes[i];
        for (int e = 0; *n->default_branch && e < d->nedges; e++)
            if (strcmp(d->edges[e].id, n->default_branch) == 0) {
                n->default_branch = eid[e];
                break;
            }
    }
    for (int i = 0; i < d->nedges; i++) {
        d->edges[i].source = nid[lf_wf_node_index(d, d->edges[i].source)];
        d->edges[i].target = nid[lf_wf_node_index(d, d->edges[i].target)];
    }
    for (int i = 0; i < d->nnodes; i++)
        d->nodes[i].id = nid[i];
    for (int i = 0; i < d->nedges; i++)
        d->edges[i].id = eid[i];
    for (int i = 0; i < d->ncomps; i++)
        if ((rc = keep_or_new(d->comps[i].id, fresh, old->comps, old->ncomps, "component",
                              d->comps[i].key, version, a, &d->comps[i].id, err)))
            return rc;
    for (int i = 0; i < d->nhooks; i++)
        if ((rc = keep_or_new(d->hooks[i].id, fresh, old->hooks, old->nhooks, "hook",
                              d->hooks[i].name, version, a, &d->hooks[i].id, err)))
            return rc;
    return LF_OK;
}

/* ---- writing a version ---- */

static int new_rev(int64_t *rev)
{
    uint64_t r;
    int rc = lf_random(&r, sizeof r);
    *rev = (int64_t)(r >> 1);
    return rc;
}

static int put_def(lf_txn *t, const lf_wf_version *v, const lf_wf_design *d)
{
    lf_buf b;
    lf_jw w;
    lf_wf_doc_info info = {&v->workflow_id, &v->tenant_id, v->name};
    lf_buf_init(&b, 1 << 24);
    lf_jw_init(&w, &b);
    lf_wf_design_write(d, &info, &w);
    int rc = b.oom || w.err ? LF_ENOMEM : lf_put(t, LF_T_WF_DEF, lf_uuid_val(&v->id), (lf_val){b.p, b.n});
    lf_buf_free(&b);
    return rc;
}

static int put_version(lf_txn *t, const lf_wf_version *v)
{
    return lf_rec_put(t, LF_T_WF_VERSION, lf_uuid_val(&v->id), &ver_rt, v);
}

static int versions_key(lf_key *k, const lf_uuid *wf, const lf_uuid *ver)
{
    lf_key_init(k);
    lf_key_uuid(k, wf);
    lf_key_uuid(k, ver);
    return k->overflow ? LF_EINVAL : LF_OK;
}

/* Inserts a version with its design: ids are all fresh. */
static int insert_version(lf_txn *t, const lf_wf_actor *who, const lf_workflow *wf,
                          lf_wf_design *d, lf_wf_vtype type, lf_arena *a, lf_wf_version *v,
                          lf_wf_err *err)
{
    lf_key k;
    int rc;
    memset(v, 0, sizeof *v);
    if ((rc = lf_uuid_v4(&v->id)) || (rc = new_rev(&v->rev)) ||
        (rc = assign_ids(d, NULL, d->version, a, err)))
        return rc;
    v->workflow_id = wf->id;
    v->tenant_id = wf->tenant_id;
    v->creator_id = who->user_id;
    v->label = "{}";
    v->created_at = v->updated_at = who->now;
    v->name = d->version;
    v->description = "";
    v->type = lf_wf_vtype_name(type);
    v->wf_name = d->name;
    v->wf_description = d->description;
    if ((rc = put_version(t, v)) || (rc = versions_key(&k, &wf->id, &v->id)) ||
        (rc = lf_put(t, LF_T_WF_VERSIONS, lf_key_val(&k), empty_val)) || (rc = put_def(t, v, d)))
        return rc;
    return index_perms(t, v, d, 1);
}

static int parse_checked(lf_txn *t, const lf_uuid *tenant, const lf_json *body, lf_arena *a,
                         lf_wf_design *d, lf_wf_err *err)
{
    int rc = lf_wf_design_parse(body, a, d, err);
    if (!rc)
        rc = lf_wf_validate(d, err);
    if (!rc)
        rc = check_refs(t, tenant, d, a, err);
    return rc;
}

int lf_wf_create(lf_txn *t, const lf_wf_actor *who, const lf_json *body, lf_arena *a,
                 lf_uuid *workflow_id, lf_wf_err *err)
{
    lf_wf_design d;
    lf_workflow wf;
    lf_wf_version v;
    lf_key k;
    uint64_t seq;
    int rc = parse_checked(t, &who->tenant_id, body, a, &d, err);
    if (rc)
        return rc;
    memset(&wf, 0, sizeof wf);
    if ((rc = lf_uuid_v4(&wf.id)) || (rc = lf_next_seq(t, "workflow_seq", &seq)))
        return rc;
    wf.tenant_id = who->tenant_id;
    wf.creator_id = who->user_id;
    wf.label = "{}";
    wf.created_at = wf.updated_at = who->now;
    wf.seq = (int64_t)seq;
    if ((rc = insert_version(t, who, &wf, &d, LF_WFV_DEFAULT, a, &v, err)))
        return rc;
    wf.default_version_id = v.id;
    if ((rc = lf_rec_put(t, LF_T_WF, lf_uuid_val(&wf.id), &wf_rt, &wf)) ||
        (rc = wf_tenant_key(&k, &wf)) ||
        (rc = lf_put(t, LF_T_WF_TENANT, lf_key_val(&k), empty_val)))
        return rc;
    *workflow_id = wf.id;
    return LF_OK;
}

static int touch_workflow(lf_txn *t, const lf_workflow *wf, int64_t now)
{
    lf_workflow w = *wf;
    w.updated_at = now;
    return lf_rec_put(t, LF_T_WF, lf_uuid_val(&w.id), &wf_rt, &w);
}

/* Every replaced or deleted definition is kept, each under its own archive
 * id, wrapped with the version it belonged to. */
static int archive_def(lf_txn *t, const lf_wf_version *ver)
{
    lf_val v;
    lf_uuid aid;
    lf_buf b;
    lf_jw w;
    char id[LF_UUID_STRLEN + 1];
    int rc = lf_get(t, LF_T_WF_DEF, lf_uuid_val(&ver->id), &v);
    if (rc || (rc = lf_uuid_v4(&aid)))
        return rc;
    lf_buf_init(&b, 0);
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_uuid_format(&ver->id, id);
    lf_jw_kstrz(&w, "version_id", id);
    lf_jw_ki64(&w, "rev", ver->rev);
    lf_jw_kraw(&w, "definition", (lf_str){v.p, v.n});
    lf_jw_obj_end(&w);
    rc = b.oom || w.err ? LF_ENOMEM
                        : lf_archive_put(t, "workflow_definition", &aid, (lf_val){b.p, b.n});
    lf_buf_free(&b);
    return rc;
}

/* In place: ids are checked against the stored design; removed nodes must
 * carry no open ticket. */
static int update_version(lf_txn *t, const lf_wf_actor *who, lf_wf_version *v, lf_wf_design *d,
                          lf_arena *a, lf_wf_err *err)
{
    lf_json oj;
    lf_wf_design old;
    old_ids ids;
    int rc = lf_wf_design_load(t, &v->id, a, &oj, &old);
    if (rc || (rc = collect_old(&old, a, &ids)) ||
        (rc = assign_ids(d, &ids, v->name, a, err)))
        return rc;
    for (int i = 0; i < old.nnodes; i++) {
        int kept = 0;
        lf_uuid nid;
        for (int k = 0; k < d->nnodes && !kept; k++)
            kept = strcmp(d->nodes[k].id, old.nodes[i].id) == 0;
        if (kept || lf_uuid_parse(lf_strz(old.nodes[i].id), &nid))
            continue;
        if (lf_wf_node_has_tickets(t, &v->id, &nid))
            return set_err(err,
                           "node '%s' can not be removed: open tickets of version '%s' are on "
                           "it; save the design as a new version instead",
                           old.nodes[i].name, v->name);
    }
    if ((rc = index_perms(t, v, &old, 0)) || (rc = archive_def(t, v)))
        return rc;
    v->updated_at = who->now;
    v->wf_name = d->name;
    v->wf_description = d->description;
    if ((rc = new_rev(&v->rev)) || (rc = put_version(t, v)) || (rc = put_def(t, v, d)))
        return rc;
    lf_wf_graph_forget(&v->id);
    return index_perms(t, v, d, 1);
}

int lf_wf_save(lf_txn *t, const lf_wf_actor *who, const lf_workflow *wf, const lf_json *body,
               lf_arena *a, lf_wf_err *err)
{
    lf_wf_design d;
    lf_wf_version v;
    int rc = parse_checked(t, &who->tenant_id, body, a, &d, err);
    if (rc)
        return rc;
    rc = lf_wf_version_by_name(t, wf, lf_strz(d.version), a, &v);
    if (rc == LF_ENOTFOUND)
        rc = insert_version(t, who, wf, &d, LF_WFV_CANDIDATE, a, &v, err);
    else if (rc == LF_OK)
        rc = update_version(t, who, &v, &d, a, err);
    return rc ? rc : touch_workflow(t, wf, who->now);
}

/* ---- versions ---- */

int lf_wf_version_open_for_tickets(const lf_wf_version *v, lf_wf_err *err)
{
    if (strcmp(v->type, "archived") == 0)
        return set_err(err, "workflow version is archived");
    return LF_OK;
}

int lf_wf_version_for_new_ticket(lf_txn *t, const lf_workflow *wf, lf_str name, lf_arena *a,
                                 lf_wf_version *out, lf_wf_err *err)
{
    int rc = lf_wf_version_by_name(t, wf, name, a, out);
    if (rc == LF_ENOTFOUND) {
        set_err(err, "version is not existed or has been deleted");
        return rc;
    }
    return rc ? rc : lf_wf_version_open_for_tickets(out, err);
}

int lf_wf_version_update(lf_txn *t, const lf_wf_actor *who, lf_workflow *wf, const lf_uuid *vid,
                         const char *name, const char *description, const char *type,
                         lf_arena *a, lf_wf_err *err)
{
    lf_wf_version v, other;
    lf_wf_vtype nt = LF_WFV_CANDIDATE;
    int rc = lf_wf_version_get(t, wf, vid, a, &v);
    if (rc == LF_ENOTFOUND)
        return set_err(err, "version is not existed or has been deleted");
    if (rc)
        return rc;
    int was_default = strcmp(v.type, "default") == 0;
    if (type && lf_wf_vtype_parse(lf_strz(type), &nt))
        return set_err(err, "Request data is invalid:type must be default, candidate or archived");
    if (name) {
        if (!*name || strlen(name) > 50)
            return set_err(err, "Request data is invalid:name must be 1 to 50 characters");
        rc = lf_wf_version_by_name(t, wf, lf_strz(name), a, &other);
        if (rc == LF_OK && !lf_uuid_eq(&other.id, &v.id))
            return set_err(err, "version name '%s' is already used by another version", name);
        if (rc && rc != LF_ENOTFOUND)
            return rc;
        v.name = name;
    }
    if (description)
        v.description = description;
    if (type && was_default && nt != LF_WFV_DEFAULT)
        return set_err(err, "a workflow needs one default version: make another version the "
                            "default first, this one then becomes a candidate");
    if (type && !was_default && nt == LF_WFV_DEFAULT) {
        /* Switching the default: the old one becomes a candidate in the same
         * transaction, so there is always exactly one. */
        if (!lf_uuid_is_zero(&wf->default_version_id) &&
            lf_wf_version_get(t, wf, &wf->default_version_id, a, &other) == LF_OK) {
            other.type = lf_wf_vtype_name(LF_WFV_CANDIDATE);
            other.updated_at = who->now;
            if ((rc = put_version(t, &other)))
                return rc;
        }
        wf->default_version_id = v.id;
    }
    if (type)
        v.type = lf_wf_vtype_name(nt);
    v.updated_at = who->now;
    if ((rc = put_version(t, &v)))
        return rc;
    return touch_workflow(t, wf, who->now);
}

/* ---- delete ---- */

typedef struct del_ctx {
    lf_txn *t;
    lf_arena *a;
    int rc;
} del_ctx;

static int delete_version(const lf_wf_version *v, void *ctx)
{
    del_ctx *c = ctx;
    lf_json j;
    lf_wf_design d;
    lf_key k;
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_record_encode(&ver_rt, v, &b);
    int rc = b.oom ? LF_ENOMEM : lf_archive_put(c->t, "workflow_version", &v->id, (lf_val){b.p, b.n});
    lf_buf_free(&b);
    if (!rc && (rc = lf_wf_design_load(c->t, &v->id, c->a, &j, &d)) == LF_OK &&
        (rc = index_perms(c->t, v, &d, 0)) == LF_OK && (rc = archive_def(c->t, v)) == LF_OK)
        rc = lf_del(c->t, LF_T_WF_DEF, lf_uuid_val(&v->id));
    if (!rc && (rc = versions_key(&k, &v->workflow_id, &v->id)) == LF_OK &&
        (rc = lf_del(c->t, LF_T_WF_VERSIONS, lf_key_val(&k))) == LF_OK)
        rc = lf_del(c->t, LF_T_WF_VERSION, lf_uuid_val(&v->id));
    lf_wf_graph_forget(&v->id);
    c->rc = rc;
    return rc != LF_OK;
}

static int busy_version(const lf_wf_version *v, void *ctx)
{
    del_ctx *c = ctx;
    if (lf_wf_node_has_tickets(c->t, &v->id, NULL))
        c->rc = LF_EBUSY;
    return c->rc != LF_OK;
}

int lf_wf_delete(lf_txn *t, const lf_workflow *wf, lf_arena *a)
{
    del_ctx c = {t, a, LF_OK};
    lf_key k;
    lf_buf b;
    int rc = lf_wf_version_each(t, wf, a, busy_version, &c);
    if (rc || c.rc)
        return rc ? rc : c.rc;
    if ((rc = lf_wf_version_each(t, wf, a, delete_version, &c)) || c.rc)
        return rc ? rc : c.rc;
    lf_buf_init(&b, 0);
    lf_record_encode(&wf_rt, wf, &b);
    rc = b.oom ? LF_ENOMEM : lf_archive_put(t, "workflow", &wf->id, (lf_val){b.p, b.n});
    lf_buf_free(&b);
    if (!rc && !(rc = wf_tenant_key(&k, wf)))
        rc = lf_del(t, LF_T_WF_TENANT, lf_key_val(&k));
    return rc ? rc : lf_del(t, LF_T_WF, lf_uuid_val(&wf->id));
}

/* ---- permission lists changed one member at a time ---- */

static lf_wf_strs *list_of(lf_wf_design *d, lf_wf_perm_kind kind)
{
    switch (kind) {
    case LF_WFP_ADMIN: return &d->admins;
    case LF_WFP_DISPATCHER: return &d->dispatchers;
    case LF_WFP_VIEW_USER: return &d->viewers;
    case LF_WFP_VIEW_DEPT: return &d->viewer_depts;
    case LF_WFP_API: return &d->apps;
    }
    return NULL;
}

typedef struct grant_ctx {
    lf_txn *t;
    lf_arena *a;
    lf_wf_perm_kind kind;
    const lf_uuid *target;
    int grant, rc;
} grant_ctx;

static int grant_version(const lf_wf_version *ver, void *ctx)
{
    grant_ctx *g = ctx;
    lf_json j;
    lf_wf_design d;
    lf_key k;
    char id[LF_UUID_STRLEN + 1];
    lf_wf_version v = *ver;
    int rc = lf_wf_design_load(g->t, &v.id, g->a, &j, &d);
    lf_wf_strs *l = rc ? NULL : list_of(&d, g->kind);
    if (!rc && !l)
        rc = LF_EINVAL;
    lf_uuid_format(g->target, id);
    int at = -1;
    for (int i = 0; !rc && i < l->n; i++)
        if (strcmp(l->v[i], id) == 0)
            at = i;
    if (!rc && (at >= 0) != g->grant) {
        if (g->grant) {
            const char **nv = lf_arena_alloc(g->a, sizeof(char *) * (size_t)(l->n + 1));
            if (!nv)
                return g->rc = LF_ENOMEM, 1;
            memcpy(nv, l->v, sizeof(char *) * (size_t)l->n);
            nv[l->n] = lf_arena_strndup(g->a, id, strlen(id));
            l->v = nv;
            l->n++;
        } else {
            memmove(&l->v[at], &l->v[at + 1], sizeof(char *) * (size_t)(l->n - at - 1));
            l->n--;
        }
        rc = perm_key(&k, &v.tenant_id, g->kind, g->target, &v.workflow_id, &v.id);
        if (!rc)
            rc = g->grant ? lf_put(g->t, LF_T_WF_PERM, lf_key_val(&k), empty_val)
                          : lf_del(g->t, LF_T_WF_PERM, lf_key_val(&k));
        /* A new rev: compiled graphs cached under the old one are dropped. */
        if (!rc && !(rc = new_rev(&v.rev)) && !(rc = put_version(g->t, &v)) &&
            !(rc = put_def(g->t, &v, &d)))
            lf_wf_graph_forget(&v.id);
    }
    g->rc = rc;
    return rc != LF_OK;
}

static int set_member(lf_txn *t, const lf_workflow *wf, lf_wf_perm_kind kind,
                      const lf_uuid *target, int grant, lf_arena *a)
{
    grant_ctx g = {t, a, kind, target, grant, LF_OK};
    int rc = lf_wf_version_each(t, wf, a, grant_version, &g);
    return rc ? rc : g.rc;
}

int lf_wf_app_grant(lf_txn *t, const lf_workflow *wf, const lf_uuid *app_id, int grant,
                    lf_arena *a)
{
    return set_member(t, wf, LF_WFP_API, app_id, grant, a);
}

typedef struct wf_ids {
    lf_arena *a;
    lf_uuid *v;
    size_t n, cap;
    int rc;
} wf_ids;

static int collect_wf(const lf_uuid *workflow_id, void *ctx)
{
    wf_ids *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        lf_uuid *nv = lf_arena_alloc(l->a, sizeof *nv * cap);
        if (!nv)
            return l->rc = LF_ENOMEM, 1;
        if (l->n)
            memcpy(nv, l->v, sizeof *nv * l->n);
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = *workflow_id;
    return 0;
}

/* The workflows are collected first: revoking rewrites the index being
 * scanned. */
int lf_wf_forget(lf_txn *t, const lf_uuid *tenant, lf_wf_perm_kind kind, const lf_uuid *target,
                 lf_arena *a)
{
    wf_ids l = {a, NULL, 0, 0, LF_OK};
    int rc = lf_wf_each_by_target(t, tenant, kind, target, collect_wf, &l);
    if (!rc)
        rc = l.rc;
    for (size_t i = 0; !rc && i < l.n; i++) {
        lf_workflow wf;
        rc = lf_wf_get(t, tenant, &l.v[i], a, &wf);
        if (!rc)
            rc = set_member(t, &wf, kind, target, 0, a);
        else if (rc == LF_ENOTFOUND)
            rc = LF_OK; /* a stale index row: nothing left to revoke */
    }
    return rc;
}

/* ---- open tickets on nodes ---- */

static int ticket_node_key(lf_key *k, const lf_uuid *ver, const lf_uuid *node,
                           const lf_uuid *ticket)
{
    lf_key_init(k);
    lf_key_uuid(k, ver);
    if (node)
        lf_key_uuid(k, node);
    if (ticket)
        lf_key_uuid(k, ticket);
    return k->overflow ? LF_EINVAL : LF_OK;
}

int lf_wf_ticket_node_put(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id,
                          const lf_uuid *ticket_id)
{
    lf_key k;
    int rc = ticket_node_key(&k, version_id, node_id, ticket_id);
    return rc ? rc : lf_put(t, LF_T_TICKET_NODE, lf_key_val(&k), empty_val);
}

int lf_wf_ticket_node_del(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id,
                          const lf_uuid *ticket_id)
{
    lf_key k;
    int rc = ticket_node_key(&k, version_id, node_id, ticket_id);
    return rc ? rc : lf_del(t, LF_T_TICKET_NODE, lf_key_val(&k));
}

int lf_wf_node_has_tickets(lf_txn *t, const lf_uuid *version_id, const lf_uuid *node_id)
{
    lf_key p;
    lf_cursor *c;
    lf_val k, v;
    if (ticket_node_key(&p, version_id, node_id, NULL) || lf_cursor_open(t, LF_T_TICKET_NODE, &c))
        return 0;
    int found = lf_cursor_seek(c, lf_key_val(&p), &k, &v) == LF_OK && k.n > p.n &&
                memcmp(k.p, p.b, p.n) == 0;
    lf_cursor_close(c);
    return found;
}
