#include "check.h"
#include "loonflow/config.h"

static void defaults_are_the_embedded_ones(void)
{
    lf_config c;
    lf_config_defaults(&c);
    CHECK_STR(c.listen_host, "127.0.0.1");
    CHECK_EQ_INT(c.listen_port, 6060);
    CHECK_STR(c.data_dir, "./data");
    CHECK_EQ_INT(c.jwt_lifetime_s, 30 * 86400);
    CHECK_EQ_INT(c.sync, 1);
}

static void file_settings_apply_in_order(void)
{
    lf_config c;
    char err[128];
    lf_config_defaults(&c);
    const char *text = "# comment\n\nlisten = [::1]:7000  # trailing\nmap_size_mb=64\r\n"
                       "sync = none\ntime_zone = +08:00\nlog_level = debug\nlisten = :7001\n";
    CHECK_EQ_INT(lf_config_parse(&c, text, err, sizeof err), LF_OK);
    CHECK_STR(c.listen_host, "127.0.0.1");
    CHECK_EQ_INT(c.listen_port, 7001);
    CHECK_EQ_INT(c.map_size_mb, 64);
    CHECK_EQ_INT(c.sync, 0);
    CHECK_EQ_INT(c.utc_offset_min, 480);
    CHECK_EQ_INT(c.log_level, LF_LOG_DEBUG);
    CHECK_EQ_INT(lf_config_set_listen(&c, "[::1]:80"), LF_OK);
    CHECK_STR(c.listen_host, "::1");
}

static void errors_name_the_line_and_key(void)
{
    lf_config c;
    char err[128];
    lf_config_defaults(&c);
    CHECK_EQ_INT(lf_config_parse(&c, "sync = full\nbogus = 1\n", err, sizeof err), LF_EINVAL);
    CHECK(strstr(err, "line 2") && strstr(err, "bogus"));
    CHECK_EQ_INT(lf_config_parse(&c, "workers = 99\n", err, sizeof err), LF_EINVAL);
    CHECK(strstr(err, "workers"));
    CHECK_EQ_INT(lf_config_parse(&c, "just words\n", err, sizeof err), LF_EINVAL);
    CHECK_EQ_INT(lf_config_parse(&c, "time_zone = Mars/Olympus\n", err, sizeof err), LF_EINVAL);
    CHECK_EQ_INT(lf_config_parse(&c, "listen = 127.0.0.1:99999\n", err, sizeof err), LF_EINVAL);
    CHECK_EQ_INT(lf_config_parse(&c, "password_iterations = 12abc\n", err, sizeof err), LF_EINVAL);
    CHECK_EQ_INT(c.password_iterations, 100000);
}

static void tls_files_are_settings(void)
{
    lf_config c;
    char err[128], longpath[600];
    lf_config_defaults(&c);
    CHECK_STR(c.tls_cert, "");
    CHECK_STR(c.tls_key, "");
    CHECK_EQ_INT(lf_config_parse(&c, "tls_cert = /etc/lf/cert.pem\ntls_key = /etc/lf/key.pem\n", err,
                                 sizeof err),
                 LF_OK);
    CHECK_STR(c.tls_cert, "/etc/lf/cert.pem");
    CHECK_STR(c.tls_key, "/etc/lf/key.pem");
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = 0;
    CHECK_EQ_INT(lf_config_set(&c, "tls_key", longpath, err, sizeof err), LF_EINVAL);
    CHECK_STR(c.tls_key, "/etc/lf/key.pem");
}

int main(void)
{
    RUN(defaults_are_the_embedded_ones);
    RUN(file_settings_apply_in_order);
    RUN(errors_name_the_line_and_key);
    RUN(tls_files_are_settings);
    return CHECK_DONE();
}
