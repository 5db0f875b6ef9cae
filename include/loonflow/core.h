/* core: strings, buffers, arenas, ids, encodings, time formatting, errors, log.
 * Everything here is plain C11 and runs on any board; randomness and the log
 * sink come from the port. */
#ifndef LOONFLOW_CORE_H
#define LOONFLOW_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors: every module returns 0 or one of these (negative) ---- */
enum {
    LF_OK = 0,
    LF_ENOMEM = -1,    /* allocation failed */
    LF_ENOTFOUND = -2, /* no such key / record / route */
    LF_EEXIST = -3,    /* key already present */
    LF_EFULL = -4,     /* storage full (LMDB map full) */
    LF_EIO = -5,       /* storage or OS I/O failure */
    LF_EINVAL = -6,    /* malformed input */
    LF_ETYPE = -7,     /* JSON value of the wrong type */
    LF_ELIMIT = -8,    /* a configured limit was exceeded */
    LF_EAGAIN = -9,    /* would block; try again later */
    LF_EBUSY = -10,    /* resource in use (e.g. too many readers) */
};
const char *lf_strerror(int err);

/* ---- string slices (not NUL-terminated) ---- */
typedef struct lf_str {
    const char *p;
    size_t n;
} lf_str;

#define LF_STR(lit) ((lf_str){(lit), sizeof(lit) - 1})
lf_str lf_strz(const char *s);
int lf_str_eq(lf_str a, lf_str b);
int lf_str_eqz(lf_str a, const char *z);
int lf_str_ieqz(lf_str a, const char *z); /* ASCII case-insensitive */
int lf_str_has_prefix(lf_str s, const char *prefix);
/* Parses a whole slice as a signed decimal integer; no sign-only, no junk. */
int lf_str_to_i64(lf_str s, int64_t *out);

/* Constant-time equality of two byte ranges (length is not secret). */
int lf_ct_eq(const void *a, size_t an, const void *b, size_t bn);

/* ---- growable byte buffer; on allocation failure `oom` sticks and
 * further appends are ignored, so callers check once at the end ---- */
typedef struct lf_buf {
    char *p;
    size_t n, cap;
    size_t max; /* 0 = unlimited; growth past max sets oom */
    int oom;
} lf_buf;

void lf_buf_init(lf_buf *b, size_t max);
void lf_buf_free(lf_buf *b);
void lf_buf_reset(lf_buf *b);
int lf_buf_reserve(lf_buf *b, size_t extra);
void lf_buf_append(lf_buf *b, const void *p, size_t n);
void lf_buf_puts(lf_buf *b, const char *z);
void lf_buf_putc(lf_buf *b, char c);
void lf_buf_printf(lf_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Drops the first n bytes (consumed input). */
void lf_buf_consume(lf_buf *b, size_t n);

/* ---- arena: bump allocator for one request; reset keeps the first block ---- */
typedef struct lf_arena_block lf_arena_block;
typedef struct lf_arena {
    lf_arena_block *head;
    size_t block_size;
    size_t max_total; /* 0 = unlimited */
    size_t total;
} lf_arena;

void lf_arena_init(lf_arena *a, size_t block_size, size_t max_total);
void *lf_arena_alloc(lf_arena *a, size_t n); /* 8-byte aligned, NULL on failure */
char *lf_arena_strndup(lf_arena *a, const char *s, size_t n); /* NUL-terminated */
char *lf_arena_printf(lf_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lf_arena_reset(lf_arena *a);
void lf_arena_free(lf_arena *a);

/* ---- UUIDs: 16 raw bytes; text is lowercase hyphenated ---- */
typedef struct lf_uuid {
    uint8_t b[16];
} lf_uuid;

#define LF_UUID_STRLEN 36
int lf_uuid_parse(lf_str s, lf_uuid *out); /* LF_OK or LF_EINVAL */
void lf_uuid_format(const lf_uuid *u, char out[LF_UUID_STRLEN + 1]);
int lf_uuid_v4(lf_uuid *out); /* random, from the port's entropy */
int lf_uuid_eq(const lf_uuid *a, const lf_uuid *b);
int lf_uuid_is_zero(const lf_uuid *u);

/* ---- hex and base64 ---- */
void lf_hex_encode(const void *in, size_t n, char *out); /* writes 2n chars + NUL */
int lf_hex_decode(lf_str hex, void *out, size_t outcap, size_t *outlen);
/* url=1: URL-safe alphabet without padding (JWT); url=0: standard with padding. */
size_t lf_b64_encoded_len(size_t n, int url);
size_t lf_b64_encode(const void *in, size_t n, char *out, int url); /* NUL-terminates */
int lf_b64_decode(lf_str in, void *out, size_t outcap, size_t *outlen, int url);

/* ---- random ---- */
int lf_random(void *buf, size_t n); /* from the port; LF_EIO on failure */
/* n random characters of the URL-safe base64 alphabet, NUL-terminated. */
int lf_random_token(char *out, size_t n);

/* ---- time: seconds since the Unix epoch, always UTC ---- */
enum {
    LF_TIME_RECORD, /* "2026-12-03 18:45:00 +0000" (record timestamps) */
    LF_TIME_PLAIN,  /* "2026-12-03 18:45:00" (PAT and auth-config dates) */
    LF_TIME_ISO,    /* "2026-12-03T18:45:00Z" (ticket datetime values) */
};
#define LF_TIME_STRLEN 32
void lf_time_format(int64_t t, int style, char out[LF_TIME_STRLEN]);
int64_t lf_days_from_civil(int64_t y, unsigned m, unsigned d);
void lf_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* ---- log ---- */
enum { LF_LOG_ERROR, LF_LOG_WARN, LF_LOG_INFO, LF_LOG_DEBUG };
void lf_log_set_level(int level);
int lf_log_level(void);
int lf_log_level_parse(const char *name); /* -1 if unknown */
void lf_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
