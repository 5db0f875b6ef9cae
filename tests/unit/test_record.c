#include "check.h"
#include "loonflow/record.h"

typedef struct thing {
    lf_uuid id;
    const char *name, *label;
    int64_t when;
    int on;
    int untouched; /* not in the table: decode must leave it alone */
} thing;

static const lf_field fields[] = {
    LF_FIELD(thing, id, LF_F_UUID),   LF_FIELD(thing, name, LF_F_STR),
    LF_FIELD(thing, label, LF_F_JSON), LF_FIELD(thing, when, LF_F_I64),
    LF_FIELD(thing, on, LF_F_BOOL),
};
static const lf_record_type rt = {fields, 5};

static void round_trip(void)
{
    lf_arena a;
    lf_arena_init(&a, 1024, 0);
    lf_buf b;
    lf_buf_init(&b, 0);
    thing in = {.name = "caf\xc3\xa9 \"q\"", .label = "{\"k\":[1,2]}", .when = -5, .on = 1};
    lf_uuid_parse(LF_STR("24867d69-6644-4a2c-a8fe-a4df7b2e6754"), &in.id);
    lf_record_encode(&rt, &in, &b);
    CHECK_STR(b.p, "{\"id\":\"24867d69-6644-4a2c-a8fe-a4df7b2e6754\",\"name\":\"caf\\u00e9 \\\"q\\\"\","
                   "\"label\":{\"k\":[1,2]},\"when\":-5,\"on\":true}");
    thing out = {.untouched = 7};
    CHECK_EQ_INT(lf_record_decode(&rt, b.p, b.n, &a, &out), LF_OK);
    CHECK(lf_uuid_eq(&in.id, &out.id));
    CHECK_STR(out.name, in.name);
    CHECK_STR(out.label, "{\"k\":[1,2]}");
    CHECK_EQ_INT(out.when, -5);
    CHECK_EQ_INT(out.on, 1);
    CHECK_EQ_INT(out.untouched, 7);
    lf_buf_free(&b);
    lf_arena_free(&a);
}

static void absent_unknown_and_reordered_fields(void)
{
    lf_arena a;
    lf_arena_init(&a, 1024, 0);
    /* An older record lacks fields, a newer one has extra ones; order may differ. */
    const char *stored = "{\"on\":true,\"extra\":{\"x\":1},\"name\":\"n\"}";
    thing out = {.when = 99, .name = "stale"};
    CHECK_EQ_INT(lf_record_decode(&rt, stored, strlen(stored), &a, &out), LF_OK);
    CHECK_STR(out.name, "n");
    CHECK_STR(out.label, "{}");
    CHECK_EQ_INT(out.when, 0);
    CHECK_EQ_INT(out.on, 1);
    CHECK(lf_uuid_is_zero(&out.id));
    lf_arena_free(&a);
}

static void corrupt_records_are_rejected(void)
{
    lf_arena a;
    lf_arena_init(&a, 1024, 0);
    thing out;
    CHECK_EQ_INT(lf_record_decode(&rt, "[1]", 3, &a, &out), LF_EINVAL);
    CHECK_EQ_INT(lf_record_decode(&rt, "{\"name\":", 8, &a, &out), LF_EINVAL);
    CHECK_EQ_INT(lf_record_decode(&rt, "", 0, &a, &out), LF_EINVAL);
    lf_arena_free(&a);
}

static void null_strings_encode_as_empty(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    thing in = {0};
    lf_record_encode(&rt, &in, &b);
    CHECK_STR(b.p, "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"name\":\"\",\"label\":{},"
                   "\"when\":0,\"on\":false}");
    lf_buf_free(&b);
}

int main(void)
{
    RUN(round_trip);
    RUN(absent_unknown_and_reordered_fields);
    RUN(corrupt_records_are_rejected);
    RUN(null_strings_encode_as_empty);
    return CHECK_DONE();
}
