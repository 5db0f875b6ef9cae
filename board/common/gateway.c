/* loonflowd on a gateway board: configuration, first-start bootstrap,
 * signals, and the event loop. Each board's main brings its platform up
 * (a network stack, a TAP interface...) and then hands over to this.
 * "board.h" is the board's own (found through -Iboard/<name>). */
#include "board.h"
#include "gateway.h"
#include "loonflow/accounts.h"
#include "loonflow/api.h"
#include "loonflow/config.h"
#include "loonflow/port.h"
#include "loonflow/server.h"
#include "loonflow/store.h"
#include "loonflow/tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LF_VERSION "0.1.0"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: loonflowd [--listen HOST:PORT] [--data DIR] [--config FILE] [--set KEY=VALUE]...\n"
            "\n"
            "loonflowd " LF_VERSION " serves the loonflow 3 REST API (/api/v1.0/...).\n"
            "\n"
            "  --listen HOST:PORT  address to listen on (default " LF_BOARD_LISTEN ")\n"
            "  --data DIR          database directory (default " LF_BOARD_DATA_DIR ")\n"
            "  --config FILE       read settings from FILE ('key = value' lines, '#' comments)\n"
            "  --set KEY=VALUE     one setting, after the file\n"
            "  --help, --version\n"
            "\n"
            "Settings (file keys, also for --set):\n%s"
            "\n"
            "On the first start with an empty data directory the default tenant, an admin user and\n"
            "the admin application 'loonflow-admin' are created and their credentials printed once.\n"
            "LF_ADMIN_EMAIL, LF_ADMIN_PASSWORD, LF_APP_NAME and LF_APP_TOKEN, when set, are used\n"
            "instead of generated values.\n",
            lf_config_help);
}

static const char *env(const char *name)
{
    const char *v = NULL;
    return lf_port_getenv(name, &v) == LF_OK ? v : NULL;
}

static int load_config(lf_config *cfg, int argc, char **argv)
{
    char err[256];
    lf_config_defaults(cfg);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            char *text;
            size_t n;
            int rc = lf_port_read_file(argv[++i], 1 << 20, &text, &n);
            if (rc) {
                fprintf(stderr, "loonflowd: cannot read %s: %s\n", argv[i], lf_strerror(rc));
                return 2;
            }
            rc = lf_config_parse(cfg, text, err, sizeof err);
            free(text);
            if (rc) {
                fprintf(stderr, "loonflowd: %s: %s\n", argv[i], err);
                return 2;
            }
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--version")) {
            printf("loonflowd %s (board %s)\n", LF_VERSION, LF_BOARD_NAME);
            return 1;
        } else if (!strcmp(a, "--config") && v) {
            i++;
        } else if (!strcmp(a, "--listen") && v) {
            if (lf_config_set(cfg, "listen", v, err, sizeof err)) {
                fprintf(stderr, "loonflowd: --listen: %s\n", err);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--data") && v) {
            if (lf_config_set(cfg, "data_dir", v, err, sizeof err)) {
                fprintf(stderr, "loonflowd: --data: %s\n", err);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--set") && v && strchr(v, '=')) {
            char key[64];
            const char *eq = strchr(v, '=');
            snprintf(key, sizeof key, "%.*s", (int)(eq - v), v);
            if (lf_config_set(cfg, key, eq + 1, err, sizeof err)) {
                fprintf(stderr, "loonflowd: --set: %s\n", err);
                return 2;
            }
            i++;
        } else {
            fprintf(stderr, "loonflowd: unknown or incomplete argument '%s' (see --help)\n", a);
            return 2;
        }
    }
    return 0;
}

static void print_first_start(const lf_bootstrap_out *b)
{
    /* stdout, once: the only time these secrets are shown. */
    printf("loonflowd: first start, created the default tenant and its administrators\n"
           "  admin email:    %s\n"
           "  admin password: %s\n"
           "  app name:       %s\n"
           "  app token:      %s\n"
           "Keep them now: they are not shown again.\n",
           b->admin_email, b->admin_password, b->app_name, b->app_token);
    fflush(stdout);
}

int lf_gateway_main(int argc, char **argv)
{
    lf_config cfg;
    int rc = load_config(&cfg, argc, argv);
    if (rc)
        return rc == 1 ? 0 : rc;
    lf_log_set_level(cfg.log_level);

    lf_store *store;
    lf_store_opts so = {.dir = cfg.data_dir, .map_size = cfg.map_size_mb << 20,
                        .no_sync = !cfg.sync};
    if ((rc = lf_store_open(&store, &so))) {
        lf_log(LF_LOG_ERROR, "cannot open the database in %s: %s", cfg.data_dir, lf_strerror(rc));
        return 1;
    }
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    lf_bootstrap_out boot;
    lf_bootstrap_opts bo = {.admin_email = env("LF_ADMIN_EMAIL"),
                            .admin_password = env("LF_ADMIN_PASSWORD"),
                            .app_name = env("LF_APP_NAME"), .app_token = env("LF_APP_TOKEN"),
                            .password_iterations = cfg.password_iterations,
                            .now = lf_port_time_s()};
    if ((rc = lf_bootstrap(store, &bo, &a, &boot))) {
        lf_log(LF_LOG_ERROR, "first-start setup failed: %s", lf_strerror(rc));
        lf_store_close(store);
        return 1;
    }
    if (boot.created)
        print_first_start(&boot);
    lf_arena_free(&a);

    lf_api *api = NULL;
    lf_server *srv = NULL;
    lf_api_opts ao = {.store = store, .jwt_lifetime_s = cfg.jwt_lifetime_s,
                      .password_iterations = cfg.password_iterations,
                      .idempotency_ttl_s = cfg.idempotency_ttl_s,
                      .utc_offset_min = cfg.utc_offset_min};
    lf_server_opts sv = {.host = cfg.listen_host, .port = cfg.listen_port,
                         .limits = {cfg.max_uri, cfg.max_headers, cfg.max_body},
                         .max_conns = cfg.max_conns, .idle_timeout_ms = cfg.idle_timeout_s * 1000,
                         .request_timeout_ms = cfg.request_timeout_s * 1000,
                         .workers = cfg.workers, .access_log = cfg.access_log};
    if (!cfg.tls_cert[0] != !cfg.tls_key[0]) {
        lf_log(LF_LOG_ERROR, "HTTPS needs both tls_cert and tls_key");
        lf_store_close(store);
        return 2;
    }
    lf_tls *tls = NULL;
    if (cfg.tls_cert[0]) {
        char err[256];
        if ((rc = lf_tls_create(&tls, cfg.tls_cert, cfg.tls_key, err, sizeof err))) {
            lf_log(LF_LOG_ERROR, "cannot set up HTTPS: %s", err);
            lf_store_close(store);
            return 1;
        }
        sv.tls = tls;
    }
    rc = lf_api_create(&api, &ao);
    sv.api = api;
    if (rc == LF_OK)
        rc = lf_server_create(&srv, &sv);
    if (rc == LF_OK) {
        static volatile int stop;
        lf_port_on_stop(&stop);
        lf_log(LF_LOG_INFO, "loonflowd %s listening on %s:%u, %sdata in %s", LF_VERSION,
               cfg.listen_host, lf_server_port(srv), tls ? "https only, " : "", cfg.data_dir);
        rc = lf_server_run(srv, &stop);
        lf_log(LF_LOG_INFO, "loonflowd stopped");
    }
    lf_server_destroy(srv);
    lf_tls_destroy(tls);
    lf_api_destroy(api);
    lf_store_close(store);
    return rc ? 1 : 0;
}
