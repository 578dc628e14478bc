/*
 * The streaming-backup state machine: JetBeginExternalBackup(Instance),
 * JetStopBackup(Instance), JetEndExternalBackup, JetEndExternalBackupInstance
 * and JetEndExternalBackupInstance2 with every documented error, and the
 * effect of JetTerm / JetTerm2 on a backup in progress.
 * (JET_errTermInProgress and JET_errRestoreInProgress need an instance caught
 * in the middle of JetTerm or a restore; tests/api_states.rs covers them.)
 */
#include "harness.h"

/* ESE's errBackupAbortByCaller, which the documentation calls JET_errBackupAbortByCaller */
#define BACKUP_ABORT_BY_CALLER (-800)

static JET_INSTANCE running(const char *name)
{
    JET_INSTANCE i = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&i, name));
    harness_own_paths(i);
    CHECK(JET_errSuccess, JetInit(&i));
    return i;
}

/* The streaming calls. `expected` is the backup state's error; JET_errSuccess
   means a full backup is running in its database phase: then the calls that
   do not move it on give their own results (test_backup_stream.c covers the
   rest of the sequence). */
static void streaming_calls(JET_INSTANCE i, JET_ERR expected)
{
    JET_HANDLE hf = 0;
    unsigned long lo = 0, hi = 0, cb = 0;
    char buf[64];
    if (expected == JET_errSuccess) {
        CHECK(JET_errDatabaseNotFound, JetOpenFileInstance(i, "x.edb", &hf, (uint32_t *)&lo, (uint32_t *)&hi));
        CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, buf, sizeof(buf), (uint32_t *)&cb));
        CHECK(JET_errInvalidBackupSequence, JetTruncateLogInstance(i));
        CHECK(JET_errInvalidParameter, JetReadFileInstance(i, (JET_HANDLE)0x77, buf, sizeof(buf), (uint32_t *)&cb));
        return;
    }
    CHECK(expected, JetOpenFileInstance(i, "x.edb", &hf, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(expected, JetGetLogInfoInstance(i, buf, sizeof(buf), (uint32_t *)&cb));
    CHECK(expected, JetGetAttachInfoInstance(i, buf, sizeof(buf), (uint32_t *)&cb));
    CHECK(expected, JetGetTruncateLogInfoInstance(i, buf, sizeof(buf), (uint32_t *)&cb));
    CHECK(expected, JetTruncateLogInstance(i));
    CHECK(expected, JetReadFileInstance(i, (JET_HANDLE)0x77, buf, sizeof(buf), (uint32_t *)&cb));
}

static void test_not_initialized(void)
{
    JET_INSTANCE created = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&created, "created"));
    harness_own_paths(created);
    CHECK(JET_errNotInitialized, JetEndExternalBackupInstance(created));
    CHECK(JET_errNotInitialized, JetEndExternalBackupInstance2(created, JET_bitBackupEndNormal));
    CHECK(JET_errNotInitialized, JetBeginExternalBackupInstance(created, 0));
    /* not running: JetStopBackupInstance refuses it */
    CHECK(JET_errInvalidParameter, JetStopBackupInstance(created));
    CHECK(JET_errInvalidParameter, JetStopBackupInstance(0));
    CHECK(JET_errSuccess, JetTerm(created));
    CHECK(JET_errInvalidInstance, JetStopBackupInstance(created));
    CHECK(JET_errInvalidInstance, JetEndExternalBackupInstance(created));
}

static void test_sequence(void)
{
    JET_INSTANCE i = running("seq");

    /* no backup */
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance(i));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    streaming_calls(i, JET_errNoBackup);
    CHECK(JET_errNoBackup, JetCloseFileInstance(i, (JET_HANDLE)1));

    /* begin: grbits, one at a time */
    CHECK(JET_errInvalidGrbit, JetBeginExternalBackupInstance(i, JET_bitBackupAtomic));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errBackupInProgress, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errBackupInProgress, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    /* in progress: the file calls get past the state check */
    streaming_calls(i, JET_errSuccess);

    /* end: exactly one of normal and abort */
    CHECK(JET_errInvalidParameter, JetEndExternalBackupInstance2(i, 0));
    CHECK(JET_errInvalidParameter, JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal | JET_bitBackupEndAbort));
    /* ending "normally" before the logs were read abandons the sequence */
    CHECK(BACKUP_ABORT_BY_CALLER, JetEndExternalBackupInstance(i));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance(i));

    /* an abort the caller asks for is not an error */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));

    /* an incremental backup is all logs: ending it normally completes it */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal | JET_bitBackupTruncateDone));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_stop_backup(void)
{
    JET_INSTANCE i = running("stop");

    /* stopping when nothing runs changes nothing */
    CHECK(JET_errSuccess, JetStopBackupInstance(i));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    streaming_calls(i, JET_errSuccess);

    /* stopped by the server: streaming calls fail, ending is still allowed */
    CHECK(JET_errSuccess, JetStopBackupInstance(i));
    streaming_calls(i, JET_errBackupAbortByServer);
    CHECK(JET_errInvalidParameter, JetCloseFileInstance(i, (JET_HANDLE)1));
    CHECK(JET_errBackupInProgress, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errBackupAbortByServer, JetEndExternalBackupInstance(i));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance(i));

    /* the next backup starts afresh */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    streaming_calls(i, JET_errSuccess);
    CHECK(JET_errSuccess, JetStopBackupInstance(i));
    CHECK(JET_errBackupAbortByServer, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_stop_service_and_term(void)
{
    JET_INSTANCE i = running("svc");
    JET_INSTANCE j = running("term");
    JET_SESID s = 0;

    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetStopServiceInstance(i));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance(i));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errClientRequestToStopJetService, JetOpenFileInstance(i, "x", NULL, NULL, NULL));
    /* JetTerm is abrupt: it aborts the backup */
    CHECK(JET_errSuccess, JetTerm(i));

    /* a complete termination refuses while a backup runs, and nothing changes */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(j, 0));
    CHECK(JET_errBackupInProgress, JetTerm2(j, JET_bitTermComplete));
    CHECK(JET_errBackupInProgress, JetTerm2(j, 0));
    CHECK(JET_errSuccess, JetBeginSession(j, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errInvalidBackupSequence, JetTruncateLogInstance(j));
    /* ... JET_bitTermStopBackup stops it first */
    CHECK(JET_errSuccess, JetTerm2(j, JET_bitTermComplete | JET_bitTermStopBackup));
    CHECK(JET_errInvalidInstance, JetEndExternalBackupInstance(j));
}

static void test_backup_needs_logging(void)
{
    JET_INSTANCE i = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&i, "nolog"));
    harness_own_paths(i);
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramRecovery, 0, "off"));
    CHECK(JET_errSuccess, JetInit(&i));
    CHECK(JET_errLoggingDisabled, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetTerm(i));

    CHECK(JET_errSuccess, JetCreateInstance(&i, "circular"));
    harness_own_paths(i);
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramCircularLog, 1, NULL));
    CHECK(JET_errSuccess, JetInit(&i));
    CHECK(JET_errInvalidBackup, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_multi_instance_mode(void)
{
    JET_INSTANCE i = running("multi");
    CHECK(JET_errRunningInMultiInstanceMode, JetEndExternalBackup());
    CHECK(JET_errRunningInMultiInstanceMode, JetBeginExternalBackup(0));
    CHECK(JET_errRunningInMultiInstanceMode, JetStopBackup());
    CHECK(JET_errRunningInMultiInstanceMode, JetTruncateLog());
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_legacy(void)
{
    JET_INSTANCE created = 0;
    /* no instance at all */
    CHECK(JET_errNotInitialized, JetEndExternalBackup());
    CHECK(JET_errNotInitialized, JetBeginExternalBackup(0));
    CHECK(JET_errInvalidParameter, JetStopBackup());

    CHECK(JET_errSuccess, JetInit(NULL));
    CHECK(JET_errNoBackup, JetEndExternalBackup());
    CHECK(JET_errSuccess, JetStopBackup());
    CHECK(JET_errSuccess, JetBeginExternalBackup(0));
    CHECK(JET_errBackupInProgress, JetBeginExternalBackup(0));
    CHECK(JET_errBackupInProgress, JetBeginExternalBackupInstance(0, 0));
    CHECK(JET_errInvalidBackupSequence, JetTruncateLog());
    CHECK(JET_errSuccess, JetStopBackup());
    CHECK(JET_errBackupAbortByServer, JetTruncateLog());
    CHECK(JET_errBackupAbortByServer, JetEndExternalBackup());
    CHECK(JET_errNoBackup, JetEndExternalBackup());
    CHECK(JET_errSuccess, JetBeginExternalBackup(JET_bitBackupIncremental));
    CHECK(JET_errSuccess, JetEndExternalBackup());
    CHECK(JET_errSuccess, JetBeginExternalBackup(0));
    CHECK(BACKUP_ABORT_BY_CALLER, JetEndExternalBackup());
    /* JetTerm2 with JET_bitTermStopBackup ends a backup in progress */
    CHECK(JET_errSuccess, JetBeginExternalBackup(0));
    CHECK(JET_errRunningInOneInstanceMode, JetCreateInstance(&created, "no"));
    CHECK(JET_errSuccess, JetTerm2(0, JET_bitTermStopBackup));
    CHECK(JET_errNotInitialized, JetEndExternalBackup());
}

int main(void)
{
    test_legacy();
    test_not_initialized();
    test_sequence();
    test_stop_backup();
    test_stop_service_and_term();
    test_backup_needs_logging();
    test_multi_instance_mode();
    return 0;
}
