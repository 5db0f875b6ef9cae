/* POST /tickets and POST /tickets/<id>/handle: the request is read here,
 * everything else is the engine's (domain/engine_*.c). */
#include "internal.h"
#include "loonflow/engine.h"

#include <string.h>

static lf_engine engine_of(lf_call *c)
{
    lf_engine e;
    memset(&e, 0, sizeof e);
    e.t = c->txn;
    e.a = c->a;
    e.now = c->now;
    e.op = &c->caller.user;
    e.app = c->caller.kind == LF_AUTH_SIG ? &c->caller.app : NULL;
    e.utc_offset_min = c->api->o.utc_offset_min;
    return e;
}

static int engine_fail(lf_call *c, int rc, const lf_engine *e)
{
    if (rc && e->msg[0])
        return lf_call_fail(c, "%s", e->msg);
    return rc;
}

/* An optional id member: absent or "" is zero. */
static int opt_uuid(lf_call *c, const lf_json *j, int obj, const char *key, lf_uuid *out)
{
    lf_str s = LF_STR("");
    int v = lf_json_get(j, obj, key);
    memset(out, 0, sizeof *out);
    if (v < 0 || lf_json_type_of(j, v) == LF_JSON_NULL)
        return LF_H_OK;
    if (lf_json_str(j, v, c->a, &s))
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a string", key);
    if (s.n && lf_uuid_parse(s, out))
        return lf_call_fail(c, "Request data is invalid:%s is not a valid id", key);
    return LF_H_OK;
}

static int opt_str(lf_call *c, const lf_json *j, int obj, const char *key, lf_str *out)
{
    int v = lf_json_get(j, obj, key);
    *out = LF_STR("");
    if (v < 0 || lf_json_type_of(j, v) == LF_JSON_NULL)
        return LF_H_OK;
    if (lf_json_str(j, v, c->a, out))
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be a string", key);
    return LF_H_OK;
}

static int obj_member(lf_call *c, const lf_json *j, int obj, const char *key, int *out)
{
    *out = lf_json_get(j, obj, key);
    if (*out >= 0 && lf_json_type_of(j, *out) == LF_JSON_NULL)
        *out = -1;
    if (*out >= 0 && lf_json_type_of(j, *out) != LF_JSON_OBJECT)
        return lf_call_fail(c, "Request data is invalid:Key '%s' error: should be an object", key);
    return LF_H_OK;
}

#define CC_BAD "Request data is invalid:cc_to_user_id_list should be a list of ids"

/* cc ids: each an active user of the caller's tenant. */
static int cc_list(lf_call *c, const lf_json *j, int obj, lf_ids *out)
{
    int v = lf_json_get(j, obj, "cc_to_user_id_list");
    if (v < 0 || lf_json_type_of(j, v) == LF_JSON_NULL)
        return LF_H_OK;
    if (lf_json_type_of(j, v) != LF_JSON_ARRAY)
        return lf_call_fail(c, CC_BAD);
    for (int k = lf_json_first(j, v); k >= 0; k = lf_json_next(j, k)) {
        lf_str s;
        lf_uuid id;
        lf_user u;
        if (lf_json_str(j, k, c->a, &s) || lf_uuid_parse(s, &id))
            return lf_call_fail(c, CC_BAD);
        int rc = lf_user_get(c->txn, &id, c->a, &u);
        if (rc == LF_OK && (!lf_uuid_eq(&u.tenant_id, &c->caller.user.tenant_id) || !u.is_active))
            rc = LF_ENOTFOUND;
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, "cc user %.*s not found", (int)s.n, s.p);
        if (rc)
            return rc;
        if (!lf_ids_has(out, &id) && (rc = lf_ids_push(out, c->a, &id)))
            return rc;
    }
    return LF_H_OK;
}

int lf_h_ticket_create(lf_call *c)
{
    static const char *const keys[] = {"workflow_id", "action_id", "fields", "parent_ticket_id",
                                       "parent_ticket_node_id", "workflow_version",
                                       "cc_to_user_id_list", "action_props", NULL};
    lf_json j;
    lf_str wf, props_comment = LF_STR("");
    lf_engine_new in;
    lf_ids cc = {0};
    int props, rc;
    memset(&in, 0, sizeof in);
    if ((rc = lf_call_json(c, &j)) || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "workflow_id", 1, &wf)) ||
        (rc = lf_call_str_field(c, &j, "action_id", 1, &in.action_id)) ||
        (rc = opt_str(c, &j, 0, "workflow_version", &in.version_name)) ||
        (rc = opt_uuid(c, &j, 0, "parent_ticket_id", &in.parent_ticket_id)) ||
        (rc = opt_uuid(c, &j, 0, "parent_ticket_node_id", &in.parent_ticket_node_id)) ||
        (rc = obj_member(c, &j, 0, "fields", &in.fields)) ||
        (rc = obj_member(c, &j, 0, "action_props", &props)) || (rc = cc_list(c, &j, 0, &cc)))
        return rc;
    if (props >= 0 && (rc = opt_str(c, &j, props, "comment", &props_comment)))
        return rc;
    if (lf_uuid_parse(wf, &in.workflow_id))
        return lf_call_fail(c, "workflow not found");
    in.j = &j;
    in.cc = &cc;
    in.comment = props_comment;
    lf_engine e = engine_of(c);
    lf_uuid id;
    if ((rc = lf_engine_create(&e, &in, &id)))
        return engine_fail(c, rc, &e);
    lf_jw_uuid(&c->w, "ticket_id", &id);
    return LF_H_OK;
}

int lf_h_ticket_handle(lf_call *c)
{
    lf_json j;
    lf_engine_act in;
    lf_ids cc = {0};
    int props, rc;
    memset(&in, 0, sizeof in);
    in.fields = -1;
    if ((rc = lf_call_json(c, &j)))
        return rc;
    if (lf_call_param_uuid(c, 0, &in.ticket_id))
        return lf_call_fail(c, "ticket not found");
    if ((rc = lf_call_str_field(c, &j, "action_type", 1, &in.action_type)) ||
        (rc = opt_str(c, &j, 0, "action_id", &in.action_id)) ||
        (rc = obj_member(c, &j, 0, "fields", &in.fields)) ||
        (rc = obj_member(c, &j, 0, "action_props", &props)) || (rc = cc_list(c, &j, 0, &cc)))
        return rc;
    if (props >= 0) {
        if ((rc = opt_str(c, &j, props, "node_id", &in.node_id)) ||
            (rc = opt_str(c, &j, props, "comment", &in.comment)) ||
            (rc = opt_str(c, &j, props, "target_assignee_id", &in.target_assignee_id)) ||
            (rc = opt_str(c, &j, props, "target_node_id", &in.target_node_id)) ||
            (rc = cc_list(c, &j, props, &cc)))
            return rc;
        /* the web UI's forward dialog sends upstream's misspelt key */
        if (!in.comment.n && (rc = opt_str(c, &j, props, "commment", &in.comment)))
            return rc;
    }
    in.j = &j;
    in.cc = &cc;
    lf_engine e = engine_of(c);
    if ((rc = lf_engine_handle(&e, &in)))
        return engine_fail(c, rc, &e);
    return LF_H_OK;
}
