/* record: how domain structs become stored bytes and back.
 *
 * A record is a JSON object written from a field table (name, kind, offset
 * into the struct), so a record type is declared once and encoded, decoded
 * and evolved (new fields default to empty) without hand-written codecs. */
#ifndef LOONFLOW_RECORD_H
#define LOONFLOW_RECORD_H

#include <stddef.h>

#include "loonflow/core.h"

typedef enum lf_field_kind {
    LF_F_STR,  /* char * (NUL-terminated; NULL is written as "") */
    LF_F_UUID, /* lf_uuid */
    LF_F_I64,  /* int64_t (times are Unix seconds; 0 = null) */
    LF_F_BOOL, /* int */
    LF_F_JSON, /* char * holding a JSON value text (NULL is written as {}) */
} lf_field_kind;

typedef struct lf_field {
    const char *name;
    uint8_t kind;
    uint16_t off;
} lf_field;

#define LF_FIELD(type, member, kind) {#member, kind, (uint16_t)offsetof(type, member)}

typedef struct lf_record_type {
    const lf_field *fields;
    size_t nfields;
} lf_record_type;

/* Appends the record as a JSON object. */
void lf_record_encode(const lf_record_type *t, const void *rec, lf_buf *out);
/* Fills rec's table fields from stored bytes; strings live in the arena.
 * Absent fields stay zero / "" ; LF_EINVAL for a corrupt record. */
int lf_record_decode(const lf_record_type *t, const void *data, size_t n, lf_arena *a, void *rec);

#endif
