/* fields: ticket field values checked and normalised against their form
 * component (DECISIONS "Forms", ENGINE.md 5), the date/time/number readers
 * that list filters and gateway conditions share with them, and the {key}
 * template rendering of automatic titles and notifications (ENGINE.md 5.3).
 * Pure functions: whether a user or department id exists is asked of the
 * caller through a callback, so nothing here depends on accounts or store. */
#ifndef LOONFLOW_FIELDS_H
#define LOONFLOW_FIELDS_H

#include "loonflow/json.h"

/* ---- dates, times, numbers ---- */

/* "YYYY-MM-DD" (years 1..9999) -> days since 1970-01-01. */
int lf_date_parse(lf_str s, int64_t *days);
/* "HH:MM", "HH:MM:SS" or "HH:MM:SS.f" (1-9 fraction digits, dropped) ->
 * seconds since midnight. */
int lf_tod_parse(lf_str s, int *secs);
/* ISO-8601 or "YYYY-MM-DD HH:MM[:SS[.f]]" ('T' or one space), optionally
 * followed by "Z" or an offset "+HH", "+HHMM", "+HH:MM"; a bare date is
 * midnight. A naive value is read at utc_offset_min (the appliance's zone).
 * Gives UTC seconds since the epoch and the milliseconds (fraction truncated). */
int lf_datetime_parse(lf_str s, int utc_offset_min, int64_t *secs, int *ms);
/* "YYYY-MM-DDTHH:MM:SSZ", or "...SS.mmmZ" when ms != 0 (upstream's output). */
void lf_datetime_format(int64_t secs, int ms, char out[LF_TIME_STRLEN]);

/* A decimal number: optional sign, digits with an optional fraction (".5"
 * and "5." too), optional exponent, surrounding spaces allowed. No inf, nan,
 * hex or digit separators. LF_EINVAL otherwise. */
int lf_number_parse(lf_str s, double *out);
/* Same syntax; writes the canonical JSON form rounded half away from zero to
 * LF_NUMBER_FRAC digits ("12.5", "-3", "0.0000000001", never "-0").
 * LF_ELIMIT when the integer part has more than LF_NUMBER_INT digits. */
#define LF_NUMBER_INT 15
#define LF_NUMBER_FRAC 10
#define LF_NUMBER_STRLEN (LF_NUMBER_INT + LF_NUMBER_FRAC + 4)
int lf_number_normalize(lf_str s, char out[LF_NUMBER_STRLEN]);

/* ---- components ---- */

typedef enum lf_field_kind {
    LF_FK_NONE = 0, /* row, info components, externaldata, unknown: never written */
    LF_FK_TEXT,     /* text: up to max_text_chars */
    LF_FK_LONGTEXT, /* textarea, richtext: up to max_long_bytes */
    LF_FK_TITLE,    /* title: the ticket's title, up to LF_FIELD_TITLE_CHARS */
    LF_FK_NUMBER,
    LF_FK_SELECT,   /* props.multiple decides one key or several */
    LF_FK_RADIO,
    LF_FK_CHECKBOX,
    LF_FK_DATE,
    LF_FK_TIME,
    LF_FK_DATETIME,
    LF_FK_USER,     /* props.multiple decides one id or several */
    LF_FK_DEPT,     /* component type "department" */
    LF_FK_FILE,
} lf_field_kind;

lf_field_kind lf_field_kind_of(lf_str type);

#define LF_FIELD_TITLE_CHARS 500
#define LF_FIELD_TEXT_CHARS 2000
#define LF_FIELD_LONG_BYTES (1024 * 1024)

typedef struct lf_field_env {
    int utc_offset_min; /* for naive datetimes */
    /* Does this user (LF_FK_USER) or department (LF_FK_DEPT) id exist in the
     * caller's tenant? 1 yes, 0 no, < 0 an LF_* error that is passed back.
     * NULL: ids are only checked to be UUIDs. */
    int (*exists)(void *ud, lf_field_kind kind, const lf_uuid *id);
    void *ud;
    size_t max_text_chars; /* 0: LF_FIELD_TEXT_CHARS */
    size_t max_long_bytes; /* 0: LF_FIELD_LONG_BYTES */
} lf_field_env;

typedef struct lf_field_def {
    const char *key;   /* component_key; named in every error */
    lf_str type;       /* component type */
    const lf_json *pj; /* document holding the component's props (NULL: none) */
    int props;         /* the props object in pj, -1 when absent */
    int required;      /* the acting node marks it required (and the edge does not skip) */
} lf_field_def;

/* 1 when a value counts as empty for "required": absent (-1), null, a
 * string of only spaces, an empty array. */
int lf_field_value_empty(const lf_json *vj, int v);

/* Checks value v of vj against the component and writes the value to store
 * as JSON text in *out (arena memory):
 *   number                  -> a JSON number in lf_number_normalize's form
 *   text, textarea, richtext, title, radio, single select -> a JSON string
 *   checkbox, multi select, user, department -> a JSON string, keys or ids
 *                              comma-joined in the order given, duplicates dropped
 *   date "YYYY-MM-DD", time "HH:MM:SS", datetime "YYYY-MM-DDTHH:MM:SS[.mmm]Z"
 *   file                    -> a JSON array of {"file_name","file_path"}, query
 *                              strings stripped from file_path
 * An empty value (lf_field_value_empty, or "" / [] for any kind) clears the
 * field: *out is null for number/date/time/datetime, "" for string kinds and
 * [] for file, unless def->required, which is an error.
 * Errors: LF_EINVAL (or LF_ELIMIT for lengths/ranges) with a message that
 * names the key, e.g. "field 'days' must be a number"; the caller puts its
 * "Request data is invalid:" prefix before it. LF_ENOTFOUND for a kind that
 * is never written (LF_FK_NONE). An error from env->exists is returned. */
int lf_field_normalize(const lf_field_env *env, const lf_field_def *def, const lf_json *vj,
                       int v, lf_arena *a, lf_str *out, char *err, size_t errcap);

/* The labels of comma-joined option keys (select/radio/checkbox props
 * options_with_keys), joined with ','; a key with no option stays as it is. */
int lf_field_option_labels(const lf_json *pj, int props, lf_str keys, lf_arena *a, lf_str *out);

/* ---- templates ---- */

/* Looks a placeholder key up: 1 and *val set when known, 0 when unknown.
 * As upstream's title context does, a component of the form that has no
 * value should be known and empty (""), not unknown; display forms (a
 * user's "name(alias)", option labels via lf_field_option_labels, a
 * department's name) are the lookup's to give. */
typedef int (*lf_template_lookup_fn)(void *ud, lf_str key, lf_str *val);

/* Renders "{key}" placeholders (str.format style: "{{" and "}}" are literal
 * braces). An unknown placeholder, or anything between braces that is not a
 * known key, is left as written; a lone brace is kept. max_chars > 0 cuts the
 * result to that many characters (title: LF_FIELD_TITLE_CHARS) on a
 * character boundary. LF_ENOMEM is the only failure. */
int lf_template_render(lf_str tmpl, lf_template_lookup_fn lookup, void *ud, size_t max_chars,
                       lf_arena *a, lf_str *out);

#endif
