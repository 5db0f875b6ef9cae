/* Date, time-of-day and datetime readers for field values, list filters and
 * gateway conditions. Strict fixed-width digits: "2024-1-2" is refused, as
 * Python's fromisoformat refuses it. */
#include "loonflow/fields.h"

#include <stdio.h>

static int num(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int lf_date_parse(lf_str s, int64_t *days)
{
    int y, m, d;
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-' || !num(s.p, 4, &y) || !num(s.p + 5, 2, &m) ||
        !num(s.p + 8, 2, &d))
        return LF_EINVAL;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return LF_EINVAL;
    *days = lf_days_from_civil(y, (unsigned)m, (unsigned)d);
    return LF_OK;
}

/* Reads HH:MM[:SS[.f]] at the start of s; *used is how much it took. */
static int tod_prefix(lf_str s, int *secs, int *ms, size_t *used)
{
    int h, mi, se = 0;
    size_t i = 5;
    if (s.n < 5 || s.p[2] != ':' || !num(s.p, 2, &h) || !num(s.p + 3, 2, &mi))
        return LF_EINVAL;
    *ms = 0;
    if (s.n >= 8 && s.p[5] == ':') {
        if (!num(s.p + 6, 2, &se))
            return LF_EINVAL;
        i = 8;
        if (i < s.n && (s.p[i] == '.' || s.p[i] == ',')) {
            size_t start = ++i;
            int scale = 100;
            while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
                *ms += (s.p[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 9)
                return LF_EINVAL;
        }
    }
    if (h > 23 || mi > 59 || se > 59)
        return LF_EINVAL;
    *secs = h * 3600 + mi * 60 + se;
    *used = i;
    return LF_OK;
}

int lf_tod_parse(lf_str s, int *secs)
{
    int ms;
    size_t used;
    int rc = tod_prefix(s, secs, &ms, &used);
    return rc ? rc : used == s.n ? LF_OK : LF_EINVAL;
}

/* "Z", "+HH", "+HHMM" or "+HH:MM" filling the rest of s, in minutes east. */
static int offset_suffix(lf_str s, int *minutes)
{
    int h, m = 0;
    if (s.n == 1 && (s.p[0] == 'Z' || s.p[0] == 'z')) {
        *minutes = 0;
        return LF_OK;
    }
    if (s.n < 3 || (s.p[0] != '+' && s.p[0] != '-') || !num(s.p + 1, 2, &h))
        return LF_EINVAL;
    if (s.n == 5 ? !num(s.p + 3, 2, &m)
                 : s.n == 6 ? s.p[3] != ':' || !num(s.p + 4, 2, &m) : s.n != 3)
        return LF_EINVAL;
    if (h > 23 || m > 59)
        return LF_EINVAL;
    *minutes = (h * 60 + m) * (s.p[0] == '-' ? -1 : 1);
    return LF_OK;
}

int lf_datetime_parse(lf_str s, int utc_offset_min, int64_t *secs, int *ms)
{
    int64_t days;
    int tod = 0, off = utc_offset_min;
    *ms = 0;
    if (s.n < 10 || lf_date_parse((lf_str){s.p, 10}, &days))
        return LF_EINVAL;
    if (s.n > 10) {
        size_t used;
        if (s.p[10] != 'T' && s.p[10] != 't' && s.p[10] != ' ')
            return LF_EINVAL;
        lf_str rest = {s.p + 11, s.n - 11};
        if (tod_prefix(rest, &tod, ms, &used))
            return LF_EINVAL;
        if (used < rest.n && offset_suffix((lf_str){rest.p + used, rest.n - used}, &off))
            return LF_EINVAL;
    }
    *secs = days * 86400 + tod - (int64_t)off * 60;
    /* in UTC too the year must stay within 1..9999, or the value could not
     * be written back and read again (Python raises OverflowError) */
    if (*secs < lf_days_from_civil(1, 1, 1) * 86400 ||
        *secs >= lf_days_from_civil(10000, 1, 1) * 86400)
        return LF_EINVAL;
    return LF_OK;
}

void lf_datetime_format(int64_t secs, int ms, char out[LF_TIME_STRLEN])
{
    lf_time_format(secs, LF_TIME_ISO, out);
    if (ms > 0 && ms < 1000)
        snprintf(out + 19, LF_TIME_STRLEN - 19, ".%03dZ", ms);
}
