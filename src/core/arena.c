#include "loonflow/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lf_arena_block {
    lf_arena_block *next;
    size_t size, used;
    max_align_t data[];
};

void lf_arena_init(lf_arena *a, size_t block_size, size_t max_total)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 8192;
    a->max_total = max_total;
    a->total = 0;
}

void *lf_arena_alloc(lf_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    lf_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > a->block_size ? n : a->block_size;
        if (a->max_total && a->total + size > a->max_total)
            return NULL;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        a->total += size;
        if (a->head && size > a->block_size) {
            /* An oversized block goes behind the current one so the
             * remaining room of the current block is not wasted. */
            b->next = a->head->next;
            a->head->next = b;
            b->used = n;
            return (char *)b->data;
        }
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *lf_arena_strndup(lf_arena *a, const char *s, size_t n)
{
    char *p = lf_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *lf_arena_printf(lf_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = lf_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void lf_arena_reset(lf_arena *a)
{
    /* Keep the oldest block (the regular-sized one) for the next request. */
    lf_arena_block *b = a->head, *keep = NULL;
    while (b) {
        lf_arena_block *next = b->next;
        if (!next && b->size == a->block_size) {
            keep = b;
        } else {
            free(b);
        }
        b = next;
    }
    a->head = keep;
    a->total = keep ? keep->size : 0;
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
}

void lf_arena_free(lf_arena *a)
{
    lf_arena_block *b = a->head;
    while (b) {
        lf_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
