/* A tiny test harness: TEST functions, CHECK assertions, a per-binary tally
 * that tests/run.sh adds up into the suite's closing line. */
#ifndef LF_TEST_CHECK_H
#define LF_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_current_failed;

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);    \
            check_current_failed = 1;                                              \
        }                                                                          \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                         \
    do {                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);            \
        if (check_a_ != check_b_) {                                                \
            printf("    %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, \
                   check_a_, check_b_);                                            \
            check_current_failed = 1;                                              \
        }                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                            \
    do {                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                               \
        if (!check_a_ || strcmp(check_a_, check_b_) != 0) {                        \
            printf("    %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
                   #a, check_a_ ? check_a_ : "(null)", check_b_);                  \
            check_current_failed = 1;                                              \
        }                                                                          \
    } while (0)

#define RUN(fn)                                                                    \
    do {                                                                           \
        check_current_failed = 0;                                                  \
        fn();                                                                      \
        if (check_current_failed) {                                                \
            check_failed++;                                                        \
            printf("FAIL %s\n", #fn);                                              \
        } else {                                                                   \
            check_passed++;                                                        \
            printf("ok   %s\n", #fn);                                              \
        }                                                                          \
    } while (0)

#define CHECK_DONE() (printf("%d passed, %d failed\n", check_passed, check_failed), check_failed != 0)

#endif
