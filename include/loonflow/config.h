/* config: the settings of one loonflowd, from defaults (board.h), a
 * "key = value" file and command-line flags, in that order. */
#ifndef LOONFLOW_CONFIG_H
#define LOONFLOW_CONFIG_H

#include "loonflow/core.h"

typedef struct lf_config {
    char listen_host[64];
    uint16_t listen_port;
    char data_dir[512];
    size_t map_size_mb;
    int sync; /* 0: no fsync at commit (tests and benchmarks only) */
    int log_level;
    int access_log;
    int64_t jwt_lifetime_s;
    unsigned password_iterations;
    int utc_offset_min; /* the appliance's time zone, for naive datetimes */
    size_t max_uri, max_headers, max_body;
    int max_conns;
    int idle_timeout_s, request_timeout_s;
    int workers;
    int64_t idempotency_ttl_s;
    char tls_cert[512], tls_key[512]; /* PEM files; both set: HTTPS only */
} lf_config;

void lf_config_defaults(lf_config *c);
/* Applies one setting; on failure writes a reason into err. */
int lf_config_set(lf_config *c, const char *key, const char *value, char *err, size_t errcap);
/* Applies a whole file's text; err names the line that failed. */
int lf_config_parse(lf_config *c, const char *text, char *err, size_t errcap);
/* "HOST:PORT", "[v6]:PORT" or ":PORT". */
int lf_config_set_listen(lf_config *c, const char *hostport);
/* The keys and what they mean, for --help. */
extern const char lf_config_help[];

#endif
