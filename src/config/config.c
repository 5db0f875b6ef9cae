#include "loonflow/config.h"
#include "board.h"

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
    "  idempotency_ttl_s   how long Idempotency-Key answers are kept (default 86400)\n";

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

int lf_config_set(lf_config *c, const char *key, const char *v, char *err, size_t errcap)
{
    long long x = 0;
    int rc = LF_OK;
    if (!strcmp(key, "listen"))
        rc = lf_config_set_listen(c, v);
    else if (!strcmp(key, "data_dir"))
        rc = strlen(v) && strlen(v) < sizeof c->data_dir
                 ? (snprintf(c->data_dir, sizeof c->data_dir, "%s", v), LF_OK)
                 : LF_EINVAL;
    else if (!strcmp(key, "map_size_mb"))
        rc = num(v, 1, 1 << 20, &x), c->map_size_mb = (size_t)x;
    else if (!strcmp(key, "sync"))
        rc = onoff(v, &c->sync);
    else if (!strcmp(key, "log_level"))
        rc = (c->log_level = lf_log_level_parse(v)) < 0 ? LF_EINVAL : LF_OK;
    else if (!strcmp(key, "access_log"))
        rc = onoff(v, &c->access_log);
    else if (!strcmp(key, "jwt_lifetime_s"))
        rc = num(v, 60, 10LL * 365 * 86400, &x), c->jwt_lifetime_s = x;
    else if (!strcmp(key, "password_iterations"))
        rc = num(v, 1000, 10000000, &x), c->password_iterations = (unsigned)x;
    else if (!strcmp(key, "time_zone"))
        rc = time_zone(v, &c->utc_offset_min);
    else if (!strcmp(key, "max_uri"))
        rc = num(v, 256, 1 << 20, &x), c->max_uri = (size_t)x;
    else if (!strcmp(key, "max_headers"))
        rc = num(v, 1024, 1 << 20, &x), c->max_headers = (size_t)x;
    else if (!strcmp(key, "max_body"))
        rc = num(v, 1024, 1LL << 30, &x), c->max_body = (size_t)x;
    else if (!strcmp(key, "max_connections"))
        rc = num(v, 1, 1 << 20, &x), c->max_conns = (int)x;
    else if (!strcmp(key, "idle_timeout_s"))
        rc = num(v, 1, 86400, &x), c->idle_timeout_s = (int)x;
    else if (!strcmp(key, "request_timeout_s"))
        rc = num(v, 1, 3600, &x), c->request_timeout_s = (int)x;
    else if (!strcmp(key, "workers"))
        rc = num(v, 1, 16, &x), c->workers = (int)x;
    else if (!strcmp(key, "idempotency_ttl_s"))
        rc = num(v, 60, 365LL * 86400, &x), c->idempotency_ttl_s = x;
    else {
        snprintf(err, errcap, "unknown setting '%s'", key);
        return LF_EINVAL;
    }
    if (rc)
        snprintf(err, errcap, "bad value '%s' for %s", v, key);
    return rc;
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
