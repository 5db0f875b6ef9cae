/* Idempotent retries (DECISIONS.md §4): a write with an Idempotency-Key runs
 * once per caller and key; its answer is stored in the same transaction and
 * replayed to retries. */
#include "internal.h"
#include "loonflow/auth.h"

#include <string.h>

#define SWEEP_PER_WRITE 16 /* expired keys removed per write: bounded work */
#define HDR 44             /* fingerprint[32] status[4] created[8] */

static int fail(lf_api_resp *resp, int status, const char *msg)
{
    lf_api_error(resp, status, msg);
    return LF_H_FAIL;
}

static void fingerprint(const lf_call *c, uint8_t out[32])
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_puts(&b, lf_method_name(c->req->method));
    lf_buf_putc(&b, '\n');
    lf_buf_append(&b, c->req->target.p, c->req->target.n);
    lf_buf_putc(&b, '\n');
    lf_buf_append(&b, c->req->body.p, c->req->body.n);
    lf_sha256(b.p ? b.p : "", b.n, out);
    lf_buf_free(&b);
}

static int inflight_find(lf_api *api, const uint8_t *key, size_t n)
{
    for (int i = 0; i < (int)(sizeof api->inflight / sizeof *api->inflight); i++)
        if (api->inflight[i].used && api->inflight[i].n == n && memcmp(api->inflight[i].key, key, n) == 0)
            return i;
    return -1;
}

int lf_idem_check(lf_call *c, lf_api_resp *resp)
{
    lf_str key;
    if (lf_http_header_get(c->req, "idempotency-key", &key) != LF_OK ||
        c->caller.kind == LF_AUTH_NONE)
        return LF_OK;
    if (key.n == 0 || key.n > LF_IDEM_MAX_KEY)
        return fail(resp, 400, "Idempotency-Key must be 1 to 255 printable ASCII characters");
    for (size_t i = 0; i < key.n; i++)
        if (key.p[i] < 0x20 || key.p[i] > 0x7e)
            return fail(resp, 400, "Idempotency-Key must be 1 to 255 printable ASCII characters");
    static const lf_uuid none;
    const lf_uuid *app = c->caller.kind == LF_AUTH_SIG ? &c->caller.app.id : &none;
    memcpy(c->idem_key, c->caller.user.id.b, 16);
    memcpy(c->idem_key + 16, app->b, 16);
    memcpy(c->idem_key + 32, key.p, key.n);
    c->idem_key_n = 32 + key.n;
    fingerprint(c, c->idem_fp);

    lf_api *api = c->api;
    if (inflight_find(api, c->idem_key, c->idem_key_n) >= 0)
        return fail(resp, 409, "a request with this Idempotency-Key is still in progress");
    lf_val v;
    int rc = lf_get(c->txn, LF_T_IDEMPOTENCY, (lf_val){c->idem_key, c->idem_key_n}, &v);
    if (rc == LF_OK && v.n >= HDR &&
        (int64_t)lf_be64_read((const uint8_t *)v.p + 36) + api->o.idempotency_ttl_s > c->now) {
        const uint8_t *p = v.p;
        if (memcmp(p, c->idem_fp, 32) != 0)
            return fail(resp, 422,
                        "Idempotency-Key was already used for a different request");
        resp->status = (int)((uint32_t)p[32] << 24 | (uint32_t)p[33] << 16 | (uint32_t)p[34] << 8 | p[35]);
        resp->content_type = "application/json";
        lf_buf_reset(&resp->body);
        lf_buf_append(&resp->body, p + HDR, v.n - HDR);
        strcpy(resp->extra_headers, "Idempotent-Replayed: true\r\n");
        return LF_H_FAIL;
    }
    if (rc != LF_OK && rc != LF_ENOTFOUND)
        return fail(resp, 503, "storage error");
    int slot;
    for (slot = 0; slot < (int)(sizeof api->inflight / sizeof *api->inflight); slot++)
        if (!api->inflight[slot].used)
            break;
    if (slot == (int)(sizeof api->inflight / sizeof *api->inflight))
        return fail(resp, 503, "too many requests in progress, retry later");
    api->inflight[slot].used = 1;
    api->inflight[slot].n = c->idem_key_n;
    memcpy(api->inflight[slot].key, c->idem_key, c->idem_key_n);
    c->idem_slot = slot;
    c->idem = 1;
    return LF_OK;
}

static void time_key(lf_key *k, int64_t created, const uint8_t *key, size_t n)
{
    lf_key_init(k);
    lf_key_be64(k, (uint64_t)created);
    lf_key_bytes(k, key, n);
}

/* Drops a few keys past their lifetime, oldest first. */
static int sweep(lf_call *c)
{
    lf_cursor *cur;
    lf_val k, v;
    int64_t cutoff = c->now - c->api->o.idempotency_ttl_s;
    int rc = lf_cursor_open(c->txn, LF_T_IDEM_TIME, &cur);
    if (rc)
        return rc;
    for (int i = 0; i < SWEEP_PER_WRITE; i++) {
        rc = lf_cursor_first(cur, &k, &v);
        if (rc || k.n < 8 || (int64_t)lf_be64_read(k.p) > cutoff)
            break;
        lf_val idem = {(const uint8_t *)k.p + 8, k.n - 8}, rec;
        /* A key reused after expiry has a newer record: keep that one. */
        if (lf_get(c->txn, LF_T_IDEMPOTENCY, idem, &rec) == LF_OK && rec.n >= HDR &&
            lf_be64_read((const uint8_t *)rec.p + 36) == lf_be64_read(k.p))
            rc = lf_del(c->txn, LF_T_IDEMPOTENCY, idem);
        uint8_t copy[LF_KEY_MAX];
        memcpy(copy, k.p, k.n);
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(c->txn, LF_T_IDEM_TIME, (lf_val){copy, k.n});
        if (rc)
            break;
    }
    lf_cursor_close(cur);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

int lf_idem_store(lf_call *c, int status, const lf_buf *body)
{
    lf_buf v;
    lf_buf_init(&v, 0);
    uint8_t hdr[HDR];
    memcpy(hdr, c->idem_fp, 32);
    hdr[32] = (uint8_t)(status >> 24);
    hdr[33] = (uint8_t)(status >> 16);
    hdr[34] = (uint8_t)(status >> 8);
    hdr[35] = (uint8_t)status;
    lf_key tk;
    time_key(&tk, c->now, c->idem_key, c->idem_key_n);
    memcpy(hdr + 36, tk.b, 8);
    lf_buf_append(&v, hdr, HDR);
    lf_buf_append(&v, body->p, body->n);
    int rc = v.oom ? LF_ENOMEM : sweep(c);
    if (rc == LF_OK)
        rc = lf_put(c->txn, LF_T_IDEMPOTENCY, (lf_val){c->idem_key, c->idem_key_n},
                    (lf_val){v.p, v.n});
    if (rc == LF_OK)
        rc = lf_put(c->txn, LF_T_IDEM_TIME, lf_key_val(&tk), (lf_val){"", 0});
    lf_buf_free(&v);
    return rc;
}

void lf_idem_release(lf_call *c)
{
    if (c->idem_slot >= 0)
        c->api->inflight[c->idem_slot].used = 0;
    c->idem_slot = -1;
}
