#include "loonflow/core.h"
#include "loonflow/port.h"

#include <stdio.h>
#include <string.h>

static int log_level = LF_LOG_INFO;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void lf_log_set_level(int level)
{
    log_level = level;
}

int lf_log_level(void)
{
    return log_level;
}

int lf_log_level_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, level_names[i]) == 0)
            return i;
    return -1;
}

void lf_log(int level, const char *fmt, ...)
{
    if (level > log_level)
        return;
    char line[1024], ts[LF_TIME_STRLEN];
    lf_time_format(lf_port_time_s(), LF_TIME_ISO, ts);
    int n = snprintf(line, sizeof line, "%s %-5s ", ts, level_names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    lf_port_log_write(line, len);
}
