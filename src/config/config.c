#include "loonflow/config.h"
#include "board.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char lf_config_help[] =
    "  listen              HOST:PORT to listen on (default " LF_BOARD_LISTEN ")\n"
    "  data_dir            database directory (default " LF_BOARD_DATA_DIR ")\n"
    "  map_size_mb         largest database size in MiB (default 1024)\n"
    "  sync                full | none (none skips fsync: tests only)\n"
    "  log_level           error | warn | info | debug (default info)\n"
    "  access_log          on | off: one line per request (default on)\n"
    "  jwt_lifetime_s      lifetime of login tokens (default 2592000 = 30 days)\n"
    "  password_iterations PBKDF2 rounds for new password hashes (default 100000)\n"
    "  time_zone           UTC or +HH:MM / -HH:MM, for naive datetimes (default UTC)\n"
    "  max_uri             request line limit in bytes (default 8192)\n"
    "  max_headers         header block limit in bytes (default 16384)\n"
    "  max_body            JSON body limit in bytes (default 2097152)\n"
    "  max_connections     open connections at once (default 1024)\n"
    "  idle_timeout_s      close idle keep-alive connections after (default 60)\n"
    "  request_timeout_s   a request must arrive whole within (default 30)\n"
    "  workers             threads for password hashing (default 2)\n"
    "  idempotency_ttl_s   how long Idempotency-Key answers are kept (default 86400)\n"
    "  tls_cert            PEM certificate (chain) file: with tls_key, serve HTTPS only\n"
    "  tls_key             PEM private key file of tls_cert (unencrypted)\n";

void lf_config_defaults(lf_config *c)
{
    memset(c, 0, sizeof *c);
    lf_config_set_listen(c, LF_BOARD_LISTEN);
    snprintf(c->data_dir, sizeof c->data_dir, "%s", LF_BOARD_DATA_DIR);
    c->map_size_mb = LF_BOARD_MAP_SIZE_MB;
    c->sync = 1;
    c->log_level = LF_LOG_INFO;
    c->access_log = 1;
    c->jwt_lifetime_s = 30 * 86400;
    c->password_iterations = LF_BOARD_PASSWORD_ITERATIONS;
    c->max_uri = 8192;
    c->max_headers = 16384;
    c->max_body = 2u << 20;
    c->max_conns = LF_BOARD_MAX_CONNS;
    c->idle_timeout_s = 60;
    c->request_timeout_s = 30;
    c->workers = LF_BOARD_WORKERS;
    c->idempotency_ttl_s = 86400;
}

int lf_config_set_listen(lf_config *c, const char *hostport)
{
    const char *colon = strrchr(hostport, ':');
    if (!colon)
        return LF_EINVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || colon[1] == 0 || port < 0 || port > 65535)
        return LF_EINVAL;
    const char *h = hostport;
    size_t hn = (size_t)(colon - hostport);
    if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') {
        h++;
        hn -= 2;
    }
    if (hn >= sizeof c->listen_host)
        return LF_EINVAL;
    if (hn == 0) {
        h = "127.0.0.1";
        hn = strlen(h);
    }
    memcpy(c->listen_host, h, hn);
    c->listen_host[hn] = 0;
    c->listen_port = (uint16_t)port;
    return LF_OK;
}

static int num(const char *v, long long lo, long long hi, long long *out)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        return LF_EINVAL;
    *out = x;
    return LF_OK;
}

static int onoff(const char *v, int *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "full"))
        *out = 1;
    else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "none"))
        *out = 0;
    else
        return LF_EINVAL;
    return LF_OK;
}

static int time_zone(const char *v, int *minutes)
{
    if (!strcmp(v, "UTC") || !strcmp(v, "Z")) {
        *minutes = 0;
        return LF_OK;
    }
    int hh, mm;
    char sign, tail;
    if (sscanf(v, "%c%2d:%2d%c", &sign, &hh, &mm, &tail) != 3 || (sign != '+' && sign != '-') ||
        hh > 14 || mm > 59)
        return LF_EINVAL;
    *minutes = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
    return LF_OK;
}

/* Integer settings: name, range, where it lives and how wide it is. */
typedef struct num_setting {
    const char *key;
    long long lo, hi;
    size_t off, size;
} num_setting;

#define NUM(key, lo, hi, member) {key, lo, hi, offsetof(lf_config, member), sizeof(((lf_config *)0)->member)}
static const num_setting numbers[] = {
    NUM("map_size_mb", 1, 1 << 20, map_size_mb),
    NUM("jwt_lifetime_s", 60, 10LL * 365 * 86400, jwt_lifetime_s),
    NUM("password_iterations", 1000, 10000000, password_iterations),
    NUM("max_uri", 256, 1 << 20, max_uri),
    NUM("max_headers", 1024, 1 << 20, max_headers),
    NUM("max_body", 1024, 1LL << 30, max_body),
    NUM("max_connections", 1, 1 << 20, max_conns),
    NUM("idle_timeout_s", 1, 86400, idle_timeout_s),
    NUM("request_timeout_s", 1, 3600, request_timeout_s),
    NUM("workers", 1, 16, workers),
    NUM("idempotency_ttl_s", 60, 365LL * 86400, idempotency_ttl_s),
};

static void store_num(lf_config *c, const num_setting *n, long long x)
{
    char *p = (char *)c + n->off;
    if (n->size == sizeof(int64_t)) {
        int64_t v = x;
        memcpy(p, &v, sizeof v);
    } else {
        int32_t v = (int32_t)x; /* every narrower setting is an int or unsigned */
        memcpy(p, &v, sizeof v);
    }
}

static int set_path(char *dst, size_t cap, const char *v)
{
    if (strlen(v) >= cap)
        return LF_EINVAL;
    snprintf(dst, cap, "%s", v);
    return LF_OK;
}

static int set_other(lf_config *c, const char *key, const char *v)
{
    if (!strcmp(key, "tls_cert"))
        return set_path(c->tls_cert, sizeof c->tls_cert, v);
    if (!strcmp(key, "tls_key"))
        return set_path(c->tls_key, sizeof c->tls_key, v);
    if (!strcmp(key, "listen"))
        return lf_config_set_listen(c, v);
    if (!strcmp(key, "data_dir")) {
        if (!*v || strlen(v) >= sizeof c->data_dir)
            return LF_EINVAL;
        snprintf(c->data_dir, sizeof c->data_dir, "%s", v);
        return LF_OK;
    }
    if (!strcmp(key, "sync"))
        return onoff(v, &c->sync);
    if (!strcmp(key, "access_log"))
        return onoff(v, &c->access_log);
    if (!strcmp(key, "time_zone"))
        return time_zone(v, &c->utc_offset_min);
    if (!strcmp(key, "log_level")) {
        int level = lf_log_level_parse(v);
        if (level < 0)
            return LF_EINVAL;
        c->log_level = level;
        return LF_OK;
    }
    return LF_ENOTFOUND;
}

int lf_config_set(lf_config *c, const char *key, const char *v, char *err, size_t errcap)
{
    int rc = LF_ENOTFOUND;
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers && rc == LF_ENOTFOUND; i++) {
        long long x;
        if (strcmp(key, numbers[i].key))
            continue;
        rc = num(v, numbers[i].lo, numbers[i].hi, &x);
        if (rc == LF_OK)
            store_num(c, &numbers[i], x);
    }
    if (rc == LF_ENOTFOUND)
        rc = set_other(c, key, v);
    if (rc == LF_ENOTFOUND)
        snprintf(err, errcap, "unknown setting '%s'", key);
    else if (rc)
        snprintf(err, errcap, "bad value '%s' for %s", v, key);
    return rc ? LF_EINVAL : LF_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = 0;
    return s;
}

int lf_config_parse(lf_config *c, const char *text, char *err, size_t errcap)
{
    char line[1024];
    int lineno = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (n >= sizeof line) {
            snprintf(err, errcap, "line %d: too long", lineno);
            return LF_EINVAL;
        }
        memcpy(line, p, n);
        line[n] = 0;
        p += n + (nl ? 1 : 0);
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errcap, "line %d: expected 'key = value'", lineno);
            return LF_EINVAL;
        }
        *eq = 0;
        char why[200];
        if (lf_config_set(c, trim(s), trim(eq + 1), why, sizeof why) != LF_OK) {
            snprintf(err, errcap, "line %d: %s", lineno, why);
            return LF_EINVAL;
        }
    }
    return LF_OK;
}
