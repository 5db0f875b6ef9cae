#include "loonflow/record.h"
#include "loonflow/json.h"

#include <string.h>

void lf_record_encode(const lf_record_type *t, const void *rec, lf_buf *out)
{
    lf_jw w;
    lf_jw_init(&w, out);
    lf_jw_obj(&w);
    for (size_t i = 0; i < t->nfields; i++) {
        const lf_field *f = &t->fields[i];
        const char *p = (const char *)rec + f->off;
        switch (f->kind) {
        case LF_F_STR: {
            const char *s = *(const char *const *)p;
            lf_jw_kstrz(&w, f->name, s ? s : "");
            break;
        }
        case LF_F_UUID: {
            char id[LF_UUID_STRLEN + 1];
            lf_uuid_format((const lf_uuid *)p, id);
            lf_jw_kstrz(&w, f->name, id);
            break;
        }
        case LF_F_I64: lf_jw_ki64(&w, f->name, *(const int64_t *)p); break;
        case LF_F_BOOL: lf_jw_kbool(&w, f->name, *(const int *)p); break;
        case LF_F_JSON: {
            const char *s = *(const char *const *)p;
            lf_jw_kraw(&w, f->name, lf_strz(s && *s ? s : "{}"));
            break;
        }
        }
    }
    lf_jw_obj_end(&w);
}

static const char empty[] = "";

static int decode_field(const lf_field *f, const lf_json *j, int v, lf_arena *a, void *rec)
{
    char *p = (char *)rec + f->off;
    lf_str s;
    switch (f->kind) {
    case LF_F_STR:
        *(const char **)p = lf_json_str(j, v, a, &s) == LF_OK ? s.p : empty;
        break;
    case LF_F_UUID:
        if (lf_json_str(j, v, a, &s) == LF_OK && s.n)
            lf_uuid_parse(s, (lf_uuid *)p);
        break;
    case LF_F_I64: lf_json_i64(j, v, (int64_t *)p); break;
    case LF_F_BOOL: lf_json_bool(j, v, (int *)p); break;
    case LF_F_JSON: {
        lf_str raw = lf_json_raw(j, v);
        *(const char **)p = lf_arena_strndup(a, raw.p, raw.n);
        if (!*(const char **)p)
            return LF_ENOMEM;
        break;
    }
    }
    return LF_OK;
}

/* An absent field reads as zero, "" or {}. */
static void reset_field(const lf_field *f, void *rec)
{
    char *p = (char *)rec + f->off;
    switch (f->kind) {
    case LF_F_STR: *(const char **)p = empty; break;
    case LF_F_JSON: *(const char **)p = "{}"; break;
    case LF_F_UUID: memset(p, 0, sizeof(lf_uuid)); break;
    case LF_F_I64: *(int64_t *)p = 0; break;
    case LF_F_BOOL: *(int *)p = 0; break;
    }
}

int lf_record_decode(const lf_record_type *t, const void *data, size_t n, lf_arena *a, void *rec)
{
    lf_json j;
    char err[64];
    /* A key and a value per field, and room for a few small JSON fields. */
    int guess = 2 * (int)t->nfields + 1 + 48;
    if (lf_json_parse_guess(&j, data, n, a, guess, err, sizeof err) != LF_OK ||
        lf_json_type_of(&j, 0) != LF_JSON_OBJECT)
        return LF_EINVAL;
    for (size_t i = 0; i < t->nfields; i++)
        reset_field(&t->fields[i], rec);
    /* Records are written in field-table order, so the next expected field
     * is tried first: one pass, no per-field search. */
    size_t next = 0;
    for (int k = lf_json_first(&j, 0); k >= 0; k = lf_json_next(&j, k)) {
        size_t fi = next, tries = 0;
        while (tries < t->nfields && !lf_json_str_eqz(&j, k, t->fields[fi].name)) {
            fi = (fi + 1) % t->nfields;
            tries++;
        }
        if (tries == t->nfields)
            continue; /* a field this version no longer has */
        int rc = decode_field(&t->fields[fi], &j, k + 1, a, rec);
        if (rc)
            return rc;
        next = (fi + 1) % t->nfields;
    }
    return LF_OK;
}
