/* The request path: route, authenticate, check permission, run the handler
 * in one transaction, write the envelope. */
#include "internal.h"
#include "loonflow/port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lf_api_create(lf_api **out, const lf_api_opts *opts)
{
    lf_api *api = calloc(1, sizeof *api);
    if (!api)
        return LF_ENOMEM;
    api->store = opts->store;
    api->o = *opts;
    if (!api->o.jwt_lifetime_s)
        api->o.jwt_lifetime_s = 30 * 86400;
    if (!api->o.password_iterations)
        api->o.password_iterations = 100000;
    if (!api->o.signature_window_s)
        api->o.signature_window_s = 120;
    if (!api->o.idempotency_ttl_s)
        api->o.idempotency_ttl_s = 86400;
    lf_txn *t;
    lf_val secret;
    int rc = lf_txn_begin(api->store, 0, &t);
    if (rc == LF_OK) {
        rc = lf_setting_get(t, "jwt_secret", &secret);
        if (rc == LF_OK && (secret.n == 0 || secret.n > sizeof api->jwt_secret))
            rc = LF_EINVAL;
        if (rc == LF_OK) {
            memcpy(api->jwt_secret, secret.p, secret.n);
            api->jwt_secret_len = secret.n;
        }
        lf_txn_abort(t);
    }
    if (rc) {
        lf_log(LF_LOG_ERROR, "api: cannot load the JWT secret: %s", lf_strerror(rc));
        free(api);
        return rc;
    }
    *out = api;
    return LF_OK;
}

void lf_api_destroy(lf_api *api)
{
    free(api);
}

static void envelope(lf_api_resp *resp, int code, lf_str data, const char *msg)
{
    lf_buf *b = &resp->body;
    lf_buf_reset(b);
    lf_buf_puts(b, code == 0 ? "{\"code\":0,\"data\":" : "{\"code\":-1,\"data\":");
    lf_buf_append(b, data.p, data.n);
    lf_buf_puts(b, ",\"msg\":");
    lf_json_escape(b, lf_strz(msg ? msg : ""));
    lf_buf_putc(b, '}');
    resp->content_type = "application/json";
}

void lf_api_error(lf_api_resp *resp, int status, const char *msg)
{
    resp->status = status;
    envelope(resp, -1, LF_STR("{}"), msg);
}

static void describe_caller(const lf_call *c, lf_api_resp *resp)
{
    const lf_caller *who = &c->caller;
    static const char *const kinds[] = {"-", "jwt", "pat", "app"};
    if (who->kind == LF_AUTH_NONE)
        snprintf(resp->caller, sizeof resp->caller, "-");
    else if (who->kind == LF_AUTH_SIG)
        snprintf(resp->caller, sizeof resp->caller, "app:%s/%s", who->app.name, who->user.email);
    else
        snprintf(resp->caller, sizeof resp->caller, "%s:%s", kinds[who->kind], who->user.email);
}

static int perm_allows(const lf_call *c, lf_perm need)
{
    if (need <= LF_PERM_USER)
        return 1;
    lf_user_type ut = lf_user_level(&c->caller.user);
    lf_user_type want = need == LF_PERM_ADMIN ? LF_USER_ADMIN : LF_USER_WORKFLOW_ADMIN;
    if (ut < want)
        return 0;
    if (c->caller.kind != LF_AUTH_SIG)
        return 1;
    /* An application caller needs both: its own type and its user's. */
    lf_user_type at = LF_USER_NORMAL;
    lf_user_type_parse(lf_strz(c->caller.app.type), &at);
    return at >= want;
}

static void allow_header(const lf_route_def *r, lf_api_resp *resp)
{
    static const lf_method order[] = {LF_M_GET, LF_M_POST, LF_M_PUT, LF_M_PATCH, LF_M_DELETE};
    char *p = resp->extra_headers;
    size_t cap = sizeof resp->extra_headers, n = 0;
    n += (size_t)snprintf(p + n, cap - n, "Allow: ");
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (r->op[order[i]].fn)
            n += (size_t)snprintf(p + n, cap - n, "%s, ", lf_method_name(order[i]));
    if (r->op[LF_M_GET].fn)
        n += (size_t)snprintf(p + n, cap - n, "HEAD, ");
    snprintf(p + n, cap - n, "OPTIONS\r\n");
}

static int any_protected(const lf_route_def *r)
{
    for (int m = 0; m < LF_M__COUNT; m++)
        if (r->op[m].fn && r->op[m].perm != LF_PERM_PUBLIC)
            return 1;
    return 0;
}

static int begin_txn(lf_call *c, int write)
{
    int rc = lf_txn_begin(c->api->store, write, &c->txn);
    if (rc)
        c->txn = NULL;
    return rc;
}

static void end_txn(lf_call *c)
{
    if (c->txn)
        lf_txn_abort(c->txn);
    c->txn = NULL;
}

static void internal_error(lf_call *c, int rc, lf_api_resp *resp)
{
    if (rc == LF_EFULL) {
        lf_log(LF_LOG_ERROR, "storage is full: %s %.*s was refused",
               lf_method_name(c->req->method), (int)c->req->path.n, c->req->path.p);
        lf_api_error(resp, 503, "storage is full");
    } else if (rc == LF_EBUSY) {
        lf_api_error(resp, 503, "server is busy, retry later");
    } else {
        lf_log(LF_LOG_ERROR, "%.*s: internal error: %s", (int)c->req->path.n, c->req->path.p,
               lf_strerror(rc));
        lf_api_error(resp, 500, "Internal Server Error");
    }
}

/* Turns a handler's result into the response, committing on success. */
static void finish(lf_call *c, int rc, lf_api_resp *resp)
{
    if (rc == LF_H_OK) {
        lf_jw_obj_end(&c->w);
        if (c->data.oom || c->w.err) {
            rc = LF_ENOMEM;
        } else if (c->raw_type) {
            resp->status = c->status;
            resp->content_type = c->raw_type;
            lf_buf_reset(&resp->body);
            lf_buf_append(&resp->body, c->raw.p, c->raw.n);
            if (resp->body.oom)
                rc = LF_ENOMEM;
        } else {
            resp->status = c->status;
            envelope(resp, 0, (lf_str){c->data.p, c->data.n}, c->msg);
            if (resp->body.oom)
                rc = LF_ENOMEM;
        }
    }
    if (rc == LF_H_OK && lf_txn_is_write(c->txn)) {
        if (c->idem)
            rc = lf_idem_store(c, resp->status, &resp->body);
        if (rc == LF_OK) {
            rc = lf_txn_commit(c->txn);
            c->txn = NULL;
        }
    }
    end_txn(c);
    if (rc == LF_H_FAIL) {
        resp->status = c->status;
        envelope(resp, -1, LF_STR("{}"), c->msg ? c->msg : "failed");
    } else if (rc < 0) {
        internal_error(c, rc, resp);
    }
    lf_idem_release(c);
    if (c->caller.touch_pat)
        lf_authn_touch_pat(c);
}

static int run(lf_call *c, lf_handler fn, lf_api_resp *resp)
{
    lf_buf_reset(&c->data);
    lf_jw_init(&c->w, &c->data);
    lf_jw_obj(&c->w);
    c->status = 200;
    c->msg = NULL;
    int rc = fn(c);
    if (rc == LF_H_DEFER) {
        end_txn(c);
        return LF_API_DEFER;
    }
    finish(c, rc, resp);
    return LF_API_DONE;
}

static int dispatch(lf_call *c, lf_api_resp *resp)
{
    const lf_http_req *req = c->req;
    lf_method m = req->method == LF_M_HEAD ? LF_M_GET : req->method;
    const lf_op *op = &c->route->op[m];
    int need_auth = op->fn ? op->perm != LF_PERM_PUBLIC : any_protected(c->route);
    int rc = begin_txn(c, op->fn && op->write);
    if (rc) {
        internal_error(c, rc, resp);
        return LF_API_DONE;
    }
    if (need_auth && (rc = lf_authenticate(c)) != LF_OK) {
        end_txn(c);
        if (rc < 0 && rc != LF_ENOTFOUND && rc != LF_EINVAL) {
            internal_error(c, rc, resp);
        } else {
            lf_api_error(resp, 401, c->msg);
        }
        return LF_API_DONE;
    }
    describe_caller(c, resp);
    if (!op->fn || req->method == LF_M_OPTIONS) {
        end_txn(c);
        allow_header(c->route, resp);
        if (req->method == LF_M_OPTIONS) {
            resp->status = 200;
            resp->content_type = NULL;
            lf_buf_reset(&resp->body);
        } else {
            lf_api_error(resp, 405, "method not allowed");
        }
        return LF_API_DONE;
    }
    if (!perm_allows(c, (lf_perm)op->perm)) {
        end_txn(c);
        resp->status = 200;
        envelope(resp, -1, LF_STR("{}"),
                 op->perm == LF_PERM_ADMIN
                     ? "has no permission: permission check fail, need admin"
                     : "has no permission: permission check fail, need admin or workflow_admin");
        return LF_API_DONE;
    }
    c->op = op;
    if (op->write && lf_idem_check(c, resp) != LF_OK) {
        end_txn(c);
        return LF_API_DONE;
    }
    return run(c, op->fn, resp);
}

int lf_api_handle(lf_api *api, const lf_http_req *req, lf_arena *a, lf_api_resp *resp,
                  lf_call **callp)
{
    resp->status = 200;
    resp->content_type = "application/json";
    resp->extra_headers[0] = 0;
    resp->close = 0;
    snprintf(resp->caller, sizeof resp->caller, "-");
    lf_buf_reset(&resp->body);

    lf_route_match m;
    if (lf_route_find(lf_routes, lf_nroutes, sizeof lf_routes[0], req->path, &m) != LF_OK) {
        lf_api_error(resp, 404, "Not Found");
        return LF_API_DONE;
    }
    lf_call *c = lf_arena_alloc(a, sizeof *c);
    if (!c) {
        lf_api_error(resp, 503, "out of memory");
        return LF_API_DONE;
    }
    memset(c, 0, sizeof *c);
    c->api = api;
    c->req = req;
    c->a = a;
    c->m = m;
    c->route = &lf_routes[m.index];
    c->now = lf_port_time_s();
    c->idem_slot = -1;
    lf_buf_init(&c->data, 0);
    int rc = dispatch(c, resp);
    if (rc == LF_API_DEFER)
        *callp = c;
    else
        lf_buf_free(&c->data);
    return rc;
}

void lf_api_work(lf_call *c)
{
    c->work(c);
}

void lf_api_resume(lf_call *c, lf_api_resp *resp)
{
    describe_caller(c, resp);
    int rc = begin_txn(c, c->op->write);
    if (rc) {
        internal_error(c, rc, resp);
        lf_idem_release(c);
    } else {
        run(c, c->resume, resp);
    }
    lf_buf_free(&c->data);
}
