#include "loonflow/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lf_buf_init(lf_buf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void lf_buf_free(lf_buf *b)
{
    free(b->p);
    size_t max = b->max;
    lf_buf_init(b, max);
}

void lf_buf_reset(lf_buf *b)
{
    b->n = 0;
    b->oom = 0;
}

int lf_buf_reserve(lf_buf *b, size_t extra)
{
    if (b->oom)
        return LF_ENOMEM;
    if (b->n + extra + 1 <= b->cap)
        return LF_OK;
    size_t need = b->n + extra + 1; /* +1 keeps room for a terminating NUL */
    if (b->max && need > b->max + 1) {
        b->oom = 1;
        return LF_ELIMIT;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    if (b->max && cap > b->max + 1)
        cap = b->max + 1;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return LF_ENOMEM;
    }
    b->p = p;
    b->cap = cap;
    return LF_OK;
}

void lf_buf_append(lf_buf *b, const void *p, size_t n)
{
    if (n == 0 || lf_buf_reserve(b, n) != LF_OK)
        return;
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

void lf_buf_puts(lf_buf *b, const char *z)
{
    lf_buf_append(b, z, strlen(z));
}

void lf_buf_putc(lf_buf *b, char c)
{
    lf_buf_append(b, &c, 1);
}

void lf_buf_printf(lf_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        lf_buf_append(b, small, (size_t)n);
        return;
    }
    if (lf_buf_reserve(b, (size_t)n) != LF_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void lf_buf_consume(lf_buf *b, size_t n)
{
    if (n >= b->n) {
        b->n = 0;
    } else {
        memmove(b->p, b->p + n, b->n - n);
        b->n -= n;
    }
    if (b->p)
        b->p[b->n] = 0;
}
