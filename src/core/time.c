#include "loonflow/core.h"

#include <stdio.h>

/* Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian
 * calendar and free of any libc time-zone state. */
int64_t lf_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void lf_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void lf_time_format(int64_t t, int style, char out[LF_TIME_STRLEN])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t y;
    unsigned m, d;
    lf_civil_from_days(days, &y, &m, &d);
    int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
    const char *fmt = style == LF_TIME_ISO      ? "%04lld-%02u-%02uT%02d:%02d:%02dZ"
                      : style == LF_TIME_PLAIN ? "%04lld-%02u-%02u %02d:%02d:%02d"
                                               : "%04lld-%02u-%02u %02d:%02d:%02d +0000";
    snprintf(out, LF_TIME_STRLEN, fmt, (long long)y, m, d, hh, mm, ss);
}
