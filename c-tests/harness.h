/*
 * harness.h: a tiny check harness for the C test programs in c-tests/.
 *
 *   CHECK(JET_errInvalidSesid, JetEndSession(0, 0));   expected JET_ERR, then the call
 *   CHECK_TRUE(count == 2);                             any C condition
 *   CHECK_EQ(16, value);                                two integers
 *
 * A failed check prints the file, line, the expression, and the expected and
 * actual values; the program goes on. At exit the harness prints one line,
 * "N passed, N failed", and the exit status is 1 if anything failed.
 * tests/c_harness.rs compiles every C file of c-tests against include/esent.h, links
 * it with the built libesent.so and runs it.
 */
#ifndef ESENT_TEST_HARNESS_H
#define ESENT_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esent.h"

#include <sys/stat.h>

/* Give an instance its own folder for its checkpoint, log files and temporary
   database: ESENT refuses to initialize two instances that share them
   (JET_errTempPathInUse, JET_errSystemPathInUse, JET_errLogFilePathInUse). */
static __attribute__((unused)) void harness_own_paths(JET_INSTANCE inst)
{
    static int n = 0;
    char dir[64], tmp[96];
    snprintf(dir, sizeof dir, "inst%d.%d/", (int)getpid(), ++n);
    mkdir(dir, 0777);
    snprintf(tmp, sizeof tmp, "%stmp.edb", dir);
    JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir);
    JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir);
    JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, tmp);
}

static int harness_passed = 0;
static int harness_failed = 0;
static int harness_registered = 0;

static void harness_report(void)
{
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    fflush(stdout);
    if (harness_failed != 0) {
        _exit(1);
    }
}

static void harness_register(void)
{
    if (!harness_registered) {
        harness_registered = 1;
        atexit(harness_report);
    }
}

static void harness_record(int ok, const char *file, int line, const char *expr, long long expected, long long actual)
{
    harness_register();
    if (ok) {
        harness_passed++;
    } else {
        harness_failed++;
        printf("FAIL %s:%d: %s: expected %lld, got %lld\n", file, line, expr, expected, actual);
        fflush(stdout);
    }
}

/* Expect a JET_ERR. */
#define CHECK(expected, call)                                                                  \
    do {                                                                                       \
        JET_ERR harness_e = (JET_ERR)(expected);                                               \
        JET_ERR harness_a = (JET_ERR)(call);                                                   \
        harness_record(harness_e == harness_a, __FILE__, __LINE__, #call, harness_e, harness_a); \
    } while (0)

/* Expect two integers to be equal. */
#define CHECK_EQ(expected, actual)                                                             \
    do {                                                                                       \
        long long harness_e = (long long)(expected);                                           \
        long long harness_a = (long long)(actual);                                             \
        harness_record(harness_e == harness_a, __FILE__, __LINE__, #actual, harness_e, harness_a); \
    } while (0)

/* Expect a condition to hold. */
#define CHECK_TRUE(cond) harness_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond, 1, (cond) ? 1 : 0)

/* Expect two NUL-terminated strings to be equal. */
#define CHECK_STR(expected, actual)                                                            \
    do {                                                                                       \
        const char *harness_es = (expected);                                                   \
        const char *harness_as = (actual);                                                     \
        int harness_ok = harness_as != NULL && strcmp(harness_es, harness_as) == 0;            \
        if (!harness_ok) {                                                                     \
            printf("     %s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, harness_es, \
                   harness_as ? harness_as : "(null)");                                        \
        }                                                                                      \
        harness_record(harness_ok, __FILE__, __LINE__, #actual, 0, harness_ok ? 0 : 1);        \
    } while (0)

/* The harness always reports, even when a program checks nothing. */
static void harness_init(void) __attribute__((constructor));
static void harness_init(void)
{
    harness_register();
}

#endif
