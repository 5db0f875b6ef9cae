/* Applications (the callers of signature mode): list, create, batch delete,
 * one app's detail, edit (with token rotation) and delete, and the token-free
 * list every user may read. All of it inside the caller's tenant. */
#include "internal.h"
#include "loonflow/workflow.h"

#include <stdlib.h>
#include <string.h>

#define APP_NAME_MAX 50         /* upstream's column sizes, in characters */
#define APP_DESCRIPTION_MAX 200
#define APP_IDS_MAX 1000

static const char not_found[] = "application is not exist or has been deleted";

/* ---- reading and checking values ---- */

static size_t utf8_chars(lf_str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++)
        n += ((unsigned char)s.p[i] & 0xc0) != 0x80;
    return n;
}

/* Application types are "admin" and "workflow_admin". The upstream web UI's
 * radio button sends "workflowAdmin", which upstream stores verbatim and which
 * then matches neither the type filter nor any permission check; we read it
 * as the workflow_admin it means. Returns NULL for anything else. */
static const char *app_type(lf_str s)
{
    if (lf_str_eqz(s, "admin"))
        return "admin";
    if (lf_str_eqz(s, "workflow_admin") || lf_str_eqz(s, "workflowAdmin"))
        return "workflow_admin";
    return NULL;
}

static int read_name(lf_call *c, lf_str name)
{
    if (name.n == 0)
        return lf_call_fail(c, "Request data is invalid:name is need");
    if (utf8_chars(name) > APP_NAME_MAX)
        return lf_call_fail(c, "Request data is invalid:name can be at most %d characters",
                            APP_NAME_MAX);
    if (memchr(name.p, 0, name.n))
        return lf_call_fail(c, "Request data is invalid:name must not contain a NUL character");
    /* Bearer callers act as the built-in app "loonflow", which reaches every
     * workflow of the tenant: a signing app may not borrow that name. */
    if (lf_str_eqz(name, "loonflow"))
        return lf_call_fail(c, "application name loonflow is reserved for the built-in web "
                               "application");
    return LF_H_OK;
}

static int read_description(lf_call *c, lf_str d)
{
    if (utf8_chars(d) > APP_DESCRIPTION_MAX)
        return lf_call_fail(c, "Request data is invalid:description can be at most %d characters",
                            APP_DESCRIPTION_MAX);
    if (memchr(d.p, 0, d.n))
        return lf_call_fail(c, "Request data is invalid:description must not contain a NUL "
                               "character");
    return LF_H_OK;
}

static int name_taken(lf_call *c, lf_str name)
{
    return lf_call_fail(c, "application name %.*s is already used in this tenant: names identify "
                           "the signing application",
                        (int)(name.n > 64 ? 64 : name.n), name.p);
}

/* The app with the path's id, in the caller's tenant. */
static int load_app(lf_call *c, lf_app *app)
{
    lf_uuid id;
    if (lf_call_param_uuid(c, 0, &id) != LF_OK)
        return lf_call_fail(c, not_found);
    int rc = lf_app_get(c->txn, &id, c->a, app);
    if (rc == LF_ENOTFOUND ||
        (rc == LF_OK && !lf_uuid_eq(&app->tenant_id, &c->caller.user.tenant_id)))
        return lf_call_fail(c, not_found);
    return rc;
}

/* ---- rendering ---- */

static void write_app(lf_call *c, const lf_app *app)
{
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &app->id);
    lf_jw_kraw(w, "label", lf_strz(app->label && *app->label ? app->label : "{}"));
    lf_jw_creator_info(c, w, &app->creator_id);
    lf_jw_time(w, "created_at", app->created_at, LF_TIME_RECORD);
    lf_jw_time(w, "updated_at", app->updated_at, LF_TIME_RECORD);
    lf_jw_uuid(w, "tenant_id", &app->tenant_id);
    lf_jw_kstrz(w, "name", app->name);
    lf_jw_kstrz(w, "description", app->description);
    lf_jw_kstrz(w, "token", app->token);
    lf_jw_kstrz(w, "type", app->type);
    lf_jw_obj_end(w);
}

static void write_simple_app(lf_call *c, const lf_app *app)
{
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", &app->id);
    lf_jw_kstrz(w, "name", app->name);
    lf_jw_kstrz(w, "description", app->description);
    lf_jw_kstrz(w, "type", app->type);
    lf_jw_obj_end(w);
}

/* ---- lists ---- */

typedef struct app_list {
    lf_call *c;
    lf_str search;
    const char *type; /* NULL: every type */
    lf_uuid *ids;     /* app_ids, sorted; NULL: no id filter */
    size_t nids;
    int simple;
    lf_pager pg;
} app_list;

static int uuid_cmp(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(lf_uuid));
}

/* app_ids: comma-separated ids (repeated parameters are joined the same way,
 * and axios's array form app_ids[]=... is read too). */
static int read_app_ids(lf_call *c, app_list *l)
{
    lf_str v;
    if ((lf_call_query(c, "app_ids", &v) != LF_OK || v.n == 0) &&
        (lf_call_query(c, "app_ids[]", &v) != LF_OK || v.n == 0))
        return LF_H_OK;
    l->ids = lf_arena_alloc(c->a, APP_IDS_MAX * sizeof(lf_uuid));
    if (!l->ids)
        return LF_ENOMEM;
    size_t start = 0;
    for (size_t i = 0; i <= v.n; i++) {
        if (i < v.n && v.p[i] != ',')
            continue;
        lf_str part = {v.p + start, i - start};
        start = i + 1;
        if (part.n == 0)
            continue;
        if (l->nids == APP_IDS_MAX)
            return lf_call_fail(c, "Request data is invalid:app_ids can hold at most %d ids",
                                APP_IDS_MAX);
        if (lf_uuid_parse(part, &l->ids[l->nids]) != LF_OK)
            return lf_call_fail(c, "Request data is invalid:app_ids must be comma-separated "
                                   "application ids, '%.*s' is not one",
                                (int)(part.n > 40 ? 40 : part.n), part.p);
        l->nids++;
    }
    qsort(l->ids, l->nids, sizeof(lf_uuid), uuid_cmp);
    return LF_H_OK;
}

static int read_list_query(lf_call *c, app_list *l)
{
    lf_str type;
    if (lf_call_query(c, "search_value", &l->search) != LF_OK)
        l->search = LF_STR("");
    if (lf_call_query(c, "type", &type) == LF_OK && type.n && !lf_str_eqz(type, "all")) {
        l->type = app_type(type);
        if (!l->type)
            return lf_call_fail(c, "Request data is invalid:type should be all, admin or "
                                   "workflow_admin");
    }
    return read_app_ids(c, l);
}

static int list_visit(const lf_app *app, void *ctx)
{
    app_list *l = ctx;
    if (l->type && strcmp(app->type, l->type) != 0)
        return 0;
    if (!lf_icontains(app->name, l->search) && !lf_icontains(app->description, l->search))
        return 0;
    if (lf_pager_take(&l->pg)) {
        if (l->simple)
            write_simple_app(l->c, app);
        else
            write_app(l->c, app);
    }
    return 0;
}

/* Visits the candidate apps in id order: the given ids, or the tenant's index. */
static int list_scan(app_list *l)
{
    lf_call *c = l->c;
    if (!l->ids)
        return lf_app_each_of_tenant(c->txn, &c->caller.user.tenant_id, c->a, list_visit, l);
    for (size_t i = 0; i < l->nids; i++) {
        lf_app app;
        if (i > 0 && lf_uuid_eq(&l->ids[i], &l->ids[i - 1]))
            continue;
        int rc = lf_app_get(c->txn, &l->ids[i], c->a, &app);
        if (rc == LF_ENOTFOUND)
            continue;
        if (rc)
            return rc;
        if (lf_uuid_eq(&app.tenant_id, &c->caller.user.tenant_id))
            list_visit(&app, l);
    }
    return LF_OK;
}

static int list(lf_call *c, int simple)
{
    app_list l = {.c = c, .simple = simple};
    int rc = lf_pager_init(c, &l.pg);
    if (rc || (rc = read_list_query(c, &l)) || (rc = list_scan(&l)))
        return rc;
    lf_pager_turn(&l.pg);
    lf_jw_key(&c->w, "application_list");
    lf_jw_arr(&c->w);
    rc = list_scan(&l);
    lf_jw_arr_end(&c->w);
    lf_jw_pager(&c->w, &l.pg);
    return rc;
}

int lf_h_app_list(lf_call *c)
{
    return list(c, 0);
}

int lf_h_simple_app_list(lf_call *c)
{
    return list(c, 1);
}

/* ---- create, edit, delete ---- */

static int new_token(lf_call *c, const char **out)
{
    lf_uuid tok;
    char s[LF_UUID_STRLEN + 1];
    int rc = lf_uuid_v4(&tok); /* upstream app tokens are uuid4 strings */
    if (rc)
        return rc;
    lf_uuid_format(&tok, s);
    *out = lf_arena_strndup(c->a, s, LF_UUID_STRLEN);
    return *out ? LF_OK : LF_ENOMEM;
}

int lf_h_app_create(lf_call *c)
{
    static const char *const keys[] = {"name", "type", "description", NULL};
    lf_json j;
    lf_str name, type, description;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "name", 0, &name)) ||
        (rc = lf_call_str_field(c, &j, "type", 0, &type)) ||
        (rc = lf_call_str_field(c, &j, "description", 0, &description)) ||
        (rc = read_name(c, name)) || (rc = read_description(c, description)))
        return rc;
    if (type.n == 0)
        return lf_call_fail(c, "Request data is invalid:type is need");
    lf_app app = {.tenant_id = c->caller.user.tenant_id, .creator_id = c->caller.user.id,
                  .label = "{}", .created_at = c->now, .updated_at = c->now,
                  .name = name.p, .description = description.p, .type = app_type(type)};
    if (!app.type)
        return lf_call_fail(c, "Request data is invalid:type should be admin or workflow_admin");
    if ((rc = lf_uuid_v4(&app.id)) || (rc = new_token(c, &app.token)))
        return rc;
    rc = lf_app_insert(c->txn, &app);
    if (rc == LF_EEXIST)
        return name_taken(c, name);
    if (rc)
        return rc;
    lf_jw_uuid(&c->w, "application_id", &app.id);
    return LF_H_OK;
}

int lf_h_app_get(lf_call *c)
{
    lf_app app;
    int rc = load_app(c, &app);
    if (rc)
        return rc;
    lf_jw_key(&c->w, "application_info");
    write_app(c, &app);
    return LF_H_OK;
}

/* Upstream's PATCH replaces name, type and description; it never rotates the
 * token, and neither the spec nor the web UI has a way to ask for it. Ours
 * also takes "regenerate_token": true, which issues a new token at once (the
 * old one stops signing) and returns it; a PATCH carrying only that key leaves
 * everything else as it was. */
int lf_h_app_patch(lf_call *c)
{
    static const char *const keys[] = {"name", "type", "description", "regenerate_token", NULL};
    lf_json j;
    lf_app old;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)))
        return rc;
    int regenerate = 0, rv = lf_json_get(&j, 0, "regenerate_token");
    if (rv >= 0 && lf_json_bool(&j, rv, &regenerate) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:regenerate_token should be true or false");
    int fields_needed = rv < 0;
    lf_str name, type, description;
    if ((rc = lf_call_str_field(c, &j, "name", fields_needed, &name)) ||
        (rc = lf_call_str_field(c, &j, "type", fields_needed, &type)) ||
        (rc = lf_call_str_field(c, &j, "description", 0, &description)))
        return rc;
    int has_name = lf_json_get(&j, 0, "name") >= 0, has_type = lf_json_get(&j, 0, "type") >= 0;
    int has_description = lf_json_get(&j, 0, "description") >= 0;
    const char *new_type = has_type ? app_type(type) : NULL;
    if (has_type && !new_type)
        return lf_call_fail(c, "Request data is invalid:type should be admin or workflow_admin");
    if ((has_name && (rc = read_name(c, name))) ||
        (rc = read_description(c, description)) || (rc = load_app(c, &old)))
        return rc;
    lf_app app = old;
    if (has_name)
        app.name = name.p;
    if (has_type)
        app.type = new_type;
    if (has_description)
        app.description = description.p;
    if (regenerate && (rc = new_token(c, &app.token)))
        return rc;
    app.updated_at = c->now;
    rc = lf_app_update(c->txn, &old, &app);
    if (rc == LF_EEXIST)
        return name_taken(c, name);
    if (rc)
        return rc;
    if (regenerate)
        lf_jw_kstrz(&c->w, "token", app.token);
    return LF_H_OK;
}

/* A deleted application keeps no workflow grants: a new app that reuses its
 * id space or name must start with none. */
static int delete_app(lf_call *c, const lf_app *app)
{
    int rc = lf_wf_forget(c->txn, &app->tenant_id, LF_WFP_API, &app->id, c->a);
    return rc ? rc : lf_app_delete(c->txn, app);
}

int lf_h_app_delete(lf_call *c)
{
    lf_app app;
    int rc = load_app(c, &app);
    return rc ? rc : delete_app(c, &app);
}

/* Ids that are unknown or belong to another tenant are skipped, as upstream
 * does; a malformed body or id is refused before anything is deleted. */
int lf_h_app_batch_delete(lf_call *c)
{
    static const char *const keys[] = {"application_id_list", NULL};
    lf_json j;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)))
        return rc;
    int list = lf_json_get(&j, 0, "application_id_list");
    if (list < 0)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'application_id_list'");
    if (lf_json_type_of(&j, list) != LF_JSON_ARRAY)
        return lf_call_fail(c, "Request data is invalid:application_id_list should be a list");
    for (int v = lf_json_first(&j, list); v >= 0; v = lf_json_next(&j, v)) {
        lf_str s;
        lf_uuid id;
        if (lf_json_str(&j, v, c->a, &s) != LF_OK || lf_uuid_parse(s, &id) != LF_OK)
            return lf_call_fail(c, "Request data is invalid:application_id_list should hold "
                                   "application ids");
    }
    for (int v = lf_json_first(&j, list); v >= 0; v = lf_json_next(&j, v)) {
        lf_str s;
        lf_uuid id;
        lf_app app;
        if ((rc = lf_json_str(&j, v, c->a, &s)) || (rc = lf_uuid_parse(s, &id)))
            return rc;
        rc = lf_app_get(c->txn, &id, c->a, &app);
        if (rc == LF_ENOTFOUND || (rc == LF_OK && !lf_uuid_eq(&app.tenant_id,
                                                              &c->caller.user.tenant_id)))
            continue;
        if (rc || (rc = delete_app(c, &app)))
            return rc;
    }
    c->msg = "deleted";
    return LF_H_OK;
}
