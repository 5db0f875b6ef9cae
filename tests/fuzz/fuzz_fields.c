/* Field normalisation and templates on arbitrary bytes. The first byte picks
 * the component type; the rest is the value's JSON. An accepted value's
 * normal form must be valid JSON and normalise to itself. */
#include "fuzz.h"
#include "loonflow/fields.h"

#include <string.h>

static lf_arena arena;
static int ready;

static const char *const types[] = {
    "text", "textarea", "richtext", "title", "number", "select", "radio", "checkbox",
    "date", "time", "datetime", "user", "department", "file", "row", "select",
};
static const char *const props[] = {
    "{}", "{}", "{}", "{}", "{\"min\": -5, \"max\": \"1e6\"}",
    "{\"options_with_keys\": [{\"key\": \"a\", \"label\": \"A\"}, {\"key\": \"b\\\"\", \"label\": \"B\"}]}",
    "{\"options_with_keys\": [{\"key\": \"a\", \"label\": \"A\"}]}",
    "{\"options_with_keys\": [{\"key\": \"a\", \"label\": \"A\"}, {\"key\": \"b c\", \"label\": \"B\"}]}",
    "{}", "{}", "{}", "{\"multiple\": true}", "{}", "{}", "{}",
    "{\"multiple\": true, \"options_with_keys\": [{\"key\": \"a\"}, {\"key\": \"b\"}]}",
};

static int lookup(void *ud, lf_str key, lf_str *val)
{
    (void)ud;
    if (key.n && key.p[0] == 'k') {
        *val = key;
        return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        lf_arena_init(&arena, 1 << 14, 256u << 20);
        ready = 1;
    }
    if (size == 0)
        return 0;
    unsigned t = data[0] % 16;
    lf_str value = {(const char *)data + 1, size - 1};
    lf_field_env env = {(data[0] >> 4) * 60 - 420, NULL, NULL, 0, 0};
    char err[256];

    lf_json pj, vj;
    FUZZ_ASSERT(lf_json_parse(&pj, props[t], strlen(props[t]), &arena, 0, err, sizeof err) == 0);
    if (lf_json_parse(&vj, value.p, value.n, &arena, 0, err, sizeof err) == LF_OK) {
        lf_field_def def = {"f", {types[t], strlen(types[t])}, &pj, 0, data[0] & 1};
        lf_str out, again;
        int rc = lf_field_normalize(&env, &def, &vj, 0, &arena, &out, err, sizeof err);
        if (rc == LF_OK) {
            lf_json oj;
            FUZZ_ASSERT(lf_json_parse(&oj, out.p, out.n, &arena, 0, err, sizeof err) == LF_OK);
            FUZZ_ASSERT(lf_field_normalize(&env, &def, &oj, 0, &arena, &again, err, sizeof err) ==
                        LF_OK);
            FUZZ_ASSERT(lf_str_eq(out, again));
        } else {
            FUZZ_ASSERT(strstr(err, "field 'f' ") == err);
        }
    }
    lf_str out;
    FUZZ_ASSERT(lf_template_render(value, lookup, NULL, data[0] & 1 ? 0 : 50, &arena, &out) == 0);
    int64_t secs, days;
    int ms, tod;
    double d;
    char buf[LF_NUMBER_STRLEN];
    lf_datetime_parse(value, env.utc_offset_min, &secs, &ms);
    lf_date_parse(value, &days);
    lf_tod_parse(value, &tod);
    if (lf_number_normalize(value, buf) == LF_OK)
        FUZZ_ASSERT(lf_number_parse(lf_strz(buf), &d) == LF_OK);
    lf_arena_reset(&arena);
    return 0;
}
