/*
 * The instance and session lifecycle under valgrind (tests/c_harness.rs runs
 * it with --leak-check=full): two instances, parameters, sessions on several
 * threads, stop service, the calls it refuses and allows, end and term.
 * It includes only esent.h, as an application would.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "esent.h"

static int failures = 0;

#define EXPECT(expected, call)                                                                 \
    do {                                                                                       \
        JET_ERR e_ = (call);                                                                   \
        if (e_ != (expected)) {                                                                \
            printf("FAIL line %d: %s: expected %d, got %d\n", __LINE__, #call, (expected), e_); \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

struct worker {
    JET_INSTANCE instance;
    JET_SESID session;
    int rounds;
    int errors;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    unsigned int version = 0;
    JET_SESID dup = 0;
    for (int i = 0; i < w->rounds; i++) {
        if (JetGetVersion(w->session, &version) != JET_errSuccess) w->errors++;
        if (JetDupSession(w->session, &dup) != JET_errSuccess) { w->errors++; continue; }
        if (JetSetSessionContext(dup, (JET_API_PTR)(i + 1)) != JET_errSuccess) w->errors++;
        if (JetResetSessionContext(dup) != JET_errSuccess) w->errors++;
        if (JetEndSession(dup, 0) != JET_errSuccess) w->errors++;
    }
    return NULL;
}

int main(void)
{
    JET_INSTANCE inst[2] = {0, 0};
    const char *names[2] = {"first", "second"};
    JET_SESID s[2][4];
    pthread_t threads[8];
    struct worker workers[8];
    char path[512];
    unsigned int version = 0;

    for (int i = 0; i < 2; i++) {
        EXPECT(JET_errSuccess, JetCreateInstance2(&inst[i], names[i], names[i], 0));
        EXPECT(JET_errSuccess, JetSetSystemParameter(&inst[i], 0, JET_paramLogFileSize, 1024, NULL));
        EXPECT(JET_errSuccess, JetSetSystemParameter(&inst[i], 0, JET_paramBaseName, 0, "abc"));
        /* each instance needs its own checkpoint, log and temporary database paths */
        EXPECT(JET_errSuccess, JetSetSystemParameter(&inst[i], 0, JET_paramSystemPath, 0, i ? "sys2" : "sys1"));
        EXPECT(JET_errSuccess, JetSetSystemParameter(&inst[i], 0, JET_paramLogFilePath, 0, i ? "sys2" : "sys1"));
        EXPECT(JET_errSuccess, JetSetSystemParameter(&inst[i], 0, JET_paramTempPath, 0, i ? "sys2/tmp.edb" : "sys1/tmp.edb"));
        EXPECT(JET_errSuccess, JetSetSystemParameterW(&inst[i], 0, JET_paramEventSource, 0, (const WCHAR *)u"event"));
        EXPECT(JET_errSuccess, JetGetSystemParameter(inst[i], 0, JET_paramSystemPath, NULL, path, sizeof(path)));
        EXPECT(JET_errSuccess, JetInit(&inst[i]));
        for (int k = 0; k < 4; k++) {
            EXPECT(JET_errSuccess, JetBeginSession(inst[i], &s[i][k], NULL, NULL));
        }
    }
    {
        unsigned long n = 0;
        JET_INSTANCE_INFO_A *info = NULL;
        EXPECT(JET_errSuccess, JetGetInstanceInfo((uint32_t *)&n, &info));
        if (n != 2) failures++;
        EXPECT(JET_errSuccess, JetFreeBuffer((char *)info));
    }

    /* sessions used on several threads at once, one session per thread */
    for (int t = 0; t < 8; t++) {
        workers[t].instance = inst[t / 4];
        workers[t].session = s[t / 4][t % 4];
        workers[t].rounds = 200;
        workers[t].errors = 0;
        pthread_create(&threads[t], NULL, work, &workers[t]);
    }
    for (int t = 0; t < 8; t++) {
        pthread_join(threads[t], NULL);
        if (workers[t].errors) {
            printf("FAIL: worker %d had %d errors\n", t, workers[t].errors);
            failures++;
        }
    }

    /* stop service on the first instance: most calls are refused now */
    EXPECT(JET_errSuccess, JetBeginExternalBackupInstance(inst[0], 0));
    EXPECT(JET_errSuccess, JetStopServiceInstance(inst[0]));
    EXPECT(JET_errClientRequestToStopJetService, JetGetVersion(s[0][0], &version));
    {
        JET_SESID extra = 0;
        EXPECT(JET_errClientRequestToStopJetService, JetBeginSession(inst[0], &extra, NULL, NULL));
        EXPECT(JET_errClientRequestToStopJetService, JetDupSession(s[0][0], &extra));
    }
    EXPECT(JET_errClientRequestToStopJetService, JetBeginTransaction(s[0][0]));
    EXPECT(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance(inst[0]));
    /* ... but ending work is still allowed */
    EXPECT(JET_errNotInTransaction, JetRollback(s[0][0], 0));
    EXPECT(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s[0][1]));
    EXPECT(JET_errSuccess, JetEndSession(s[0][0], 0));
    /* the second instance is not affected */
    EXPECT(JET_errSuccess, JetGetVersion(s[1][0], &version));

    for (int k = 1; k < 4; k++) {
        EXPECT(JET_errSuccess, JetEndSession(s[0][k], 0));
        EXPECT(JET_errSuccess, JetEndSession(s[1][k], 0));
    }
    /* JetTerm aborts the backup still in progress; the last session goes with its instance */
    EXPECT(JET_errSuccess, JetTerm(inst[0]));
    EXPECT(JET_errSuccess, JetTerm2(inst[1], JET_bitTermComplete));
    EXPECT(JET_errInvalidSesid, JetEndSession(s[1][0], 0));
    EXPECT(JET_errInvalidInstance, JetTerm(inst[0]));

    printf("%s\n", failures ? "lifecycle: FAILED" : "lifecycle: ok");
    return failures ? 1 : 0;
}
