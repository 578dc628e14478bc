/*
 * Handles and pointers: forged, stale and ended handles of every kind
 * (JET_INSTANCE, JET_SESID, JET_TABLEID, JET_OSSNAPID, JET_HANDLE) are
 * refused, never dereferenced; the session is checked before the table; NULL
 * output pointers are JET_errInvalidParameter.
 */
#include "harness.h"

static const JET_API_PTR forged[] = {
    1, 2, 0x10, 0x1000, 0x12345678, 0xdeadbeef, 0x7fffffffffffffffULL, 0xfffffffffffffffeULL,
    0x0000000100000001ULL, 0x000000011a000001ULL, 0x000000012b000001ULL, 0x000000013c000001ULL,
};
#define NFORGED (sizeof(forged) / sizeof(forged[0]))

static void test_instances(JET_INSTANCE live, JET_SESID s)
{
    JET_SESID out = 0;
    JET_API_PTR v = 0;
    for (size_t k = 0; k < NFORGED; k++) {
        JET_INSTANCE bad = (JET_INSTANCE)forged[k];
        if (bad == live) continue;
        CHECK(JET_errInvalidInstance, JetBeginSession(bad, &out, NULL, NULL));
        CHECK(JET_errInvalidInstance, JetTerm(bad));
        CHECK(JET_errInvalidInstance, JetTerm2(bad, 0));
        CHECK(JET_errInvalidInstance, JetStopServiceInstance(bad));
        CHECK(JET_errInvalidInstance, JetStopServiceInstance2(bad, 0));
        CHECK(JET_errInvalidInstance, JetStopBackupInstance(bad));
        CHECK(JET_errInvalidInstance, JetBeginExternalBackupInstance(bad, 0));
        CHECK(JET_errInvalidInstance, JetEndExternalBackupInstance(bad));
        CHECK(JET_errInvalidInstance, JetEndExternalBackupInstance2(bad, JET_bitBackupEndNormal));
        CHECK(JET_errInvalidInstance, JetGetSystemParameter(bad, 0, JET_paramMaxSessions, &v, NULL, 0));
        CHECK(JET_errInvalidInstance, JetSetSystemParameter(&bad, 0, JET_paramMaxSessions, 4, NULL));
        CHECK(JET_errInvalidInstance, JetInit(&bad));
        CHECK(JET_errInvalidInstance, JetTruncateLogInstance(bad));
        CHECK(JET_errInvalidInstance, JetGetInstanceMiscInfo(bad, &v, sizeof(v), 0));
    }
    /* a session handle is not an instance handle */
    CHECK(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)s, &out, NULL, NULL));
}

static void test_sessions(JET_INSTANCE live, JET_SESID s)
{
    JET_SESID out = 0;
    unsigned int v = 0;
    JET_TABLEID t = 0;
    JET_DBID db = 0;
    /* 0 and JET_sesidNil are never sessions */
    CHECK(JET_errInvalidSesid, JetEndSession(0, 0));
    CHECK(JET_errInvalidSesid, JetEndSession(JET_sesidNil, 0));
    for (size_t k = 0; k < NFORGED; k++) {
        JET_SESID bad = (JET_SESID)forged[k];
        if (bad == s) continue;
        CHECK(JET_errInvalidSesid, JetEndSession(bad, 0));
        CHECK(JET_errInvalidSesid, JetDupSession(bad, &out));
        CHECK(JET_errInvalidSesid, JetGetVersion(bad, &v));
        CHECK(JET_errInvalidSesid, JetIdle(bad, 0));
        CHECK(JET_errInvalidSesid, JetSetSessionContext(bad, 1));
        CHECK(JET_errInvalidSesid, JetResetSessionContext(bad));
        CHECK(JET_errInvalidSesid, JetGetSessionParameter(bad, JET_sesparamCommitDefault, &v, sizeof(v), NULL));
        CHECK(JET_errInvalidSesid, JetSetSessionParameter(bad, JET_sesparamCommitDefault, &v, sizeof(v)));
        CHECK(JET_errInvalidSesid, JetBeginTransaction(bad));
        CHECK(JET_errInvalidSesid, JetCommitTransaction(bad, 0));
        CHECK(JET_errInvalidSesid, JetRollback(bad, 0));
        CHECK(JET_errInvalidSesid, JetOpenDatabase(bad, "x", NULL, &db, 0));
        CHECK(JET_errInvalidSesid, JetCloseDatabase(bad, 1, 0));
        CHECK(JET_errInvalidSesid, JetOpenTable(bad, 1, "t", NULL, 0, 0, &t));
        CHECK(JET_errInvalidSesid, JetOpenTempTable(bad, NULL, 0, 0, &t, NULL));
        /* session before table: a bad session wins over a bad table */
        CHECK(JET_errInvalidSesid, JetCloseTable(bad, (JET_TABLEID)0x99));
        CHECK(JET_errInvalidSesid, JetMove(bad, (JET_TABLEID)0x99, 1, 0));
    }
    /* an instance handle is not a session handle */
    CHECK(JET_errInvalidSesid, JetGetVersion((JET_SESID)live, &v));
}

static void test_tables(JET_SESID s)
{
    char buf[16];
    unsigned long cb = 0;
    JET_LS ls = 0;
    CHECK(JET_errInvalidTableId, JetCloseTable(s, 0));
    CHECK(JET_errInvalidTableId, JetCloseTable(s, JET_tableidNil));
    for (size_t k = 0; k < NFORGED; k++) {
        JET_TABLEID bad = (JET_TABLEID)forged[k];
        CHECK(JET_errInvalidTableId, JetCloseTable(s, bad));
        CHECK(JET_errInvalidTableId, JetMove(s, bad, JET_MoveNext, 0));
        CHECK(JET_errInvalidTableId, JetSeek(s, bad, JET_bitSeekEQ));
        CHECK(JET_errInvalidTableId, JetRetrieveColumn(s, bad, 1, buf, sizeof(buf), (uint32_t *)&cb, 0, NULL));
        CHECK(JET_errInvalidTableId, JetSetColumn(s, bad, 1, buf, 1, 0, NULL));
        CHECK(JET_errInvalidTableId, JetPrepareUpdate(s, bad, JET_prepInsert));
        CHECK(JET_errInvalidTableId, JetDelete(s, bad));
        CHECK(JET_errInvalidTableId, JetSetLS(s, bad, 5, 0));
        CHECK(JET_errInvalidTableId, JetGetLS(s, bad, &ls, 0));
        CHECK(JET_errInvalidTableId, JetGetLS(s, bad, NULL, 0));
        CHECK(JET_errInvalidTableId, JetRegisterCallback(s, bad, JET_cbtypBeforeInsert, NULL, NULL, NULL));
    }
    /* a session handle is not a table handle */
    CHECK(JET_errInvalidTableId, JetCloseTable(s, (JET_TABLEID)s));
}

static void test_snapshots_and_files(JET_INSTANCE live)
{
    unsigned long cb = 0;
    char buf[8];
    for (size_t k = 0; k < NFORGED; k++) {
        CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw((JET_OSSNAPID)forged[k], 0));
        CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotAbort((JET_OSSNAPID)forged[k], 0));
        CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd((JET_OSSNAPID)forged[k], 0));
        CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotTruncateLog((JET_OSSNAPID)forged[k], 0));
    }
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw(0, 0));
    CHECK(JET_errInvalidParameter, JetOSSnapshotPrepare(NULL, 0));
    /* backup file handles: only ones JetOpenFile returned */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(live, 0));
    for (size_t k = 0; k < NFORGED; k++) {
        CHECK(JET_errInvalidParameter, JetReadFileInstance(live, (JET_HANDLE)forged[k], buf, sizeof(buf), (uint32_t *)&cb));
        CHECK(JET_errInvalidParameter, JetCloseFileInstance(live, (JET_HANDLE)forged[k]));
    }
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(live, JET_bitBackupEndAbort));
}

static void test_stale_handles(void)
{
    JET_INSTANCE a = 0, b = 0;
    JET_SESID s1 = 0, s2 = 0;
    unsigned int v = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&a, "stale"));
    harness_own_paths(a);
    CHECK(JET_errSuccess, JetInit(&a));
    CHECK(JET_errSuccess, JetBeginSession(a, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetEndSession(s1, 0));
    /* the freed slot is reused: the old handle must still fail */
    CHECK(JET_errSuccess, JetBeginSession(a, &s2, NULL, NULL));
    CHECK_TRUE(s1 != s2);
    CHECK(JET_errInvalidSesid, JetGetVersion(s1, &v));
    CHECK(JET_errSuccess, JetGetVersion(s2, &v));
    CHECK(JET_errSuccess, JetTerm(a));
    /* everything of a terminated instance is stale */
    CHECK(JET_errInvalidSesid, JetGetVersion(s2, &v));
    CHECK(JET_errInvalidInstance, JetBeginSession(a, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateInstance(&b, "stale"));
    harness_own_paths(b);
    CHECK_TRUE(a != b);
    CHECK(JET_errInvalidInstance, JetTerm(a));
    CHECK(JET_errSuccess, JetTerm(b));
}

static void test_null_pointers(JET_INSTANCE live, JET_SESID s)
{
    unsigned long n = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    CHECK(JET_errInvalidParameter, JetCreateInstance(NULL, "x"));
    CHECK(JET_errInvalidParameter, JetCreateInstance2(NULL, "x", "y", 0));
    CHECK(JET_errInvalidParameter, JetBeginSession(live, NULL, NULL, NULL));
    CHECK(JET_errInvalidParameter, JetDupSession(s, NULL));
    CHECK(JET_errInvalidParameter, JetGetVersion(s, NULL));
    CHECK(JET_errInvalidParameter, JetGetInstanceInfo(NULL, &info));
    CHECK(JET_errInvalidParameter, JetGetInstanceInfo((uint32_t *)&n, NULL));
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(live, 0, JET_paramMaxSessions, NULL, NULL, 0));
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(live, 0, JET_paramBaseName, NULL, NULL, 64));
    CHECK(JET_errInvalidParameter, JetGetThreadStats(NULL, 64));
    CHECK(JET_errInvalidParameter, JetEnableMultiInstance(NULL, 3, NULL));
    CHECK(JET_errInvalidParameter, JetGetInstanceMiscInfo(live, NULL, 64, JET_InstanceMiscInfoLogSignature));
    CHECK(JET_errInvalidParameter, JetSetSessionParameter(s, JET_sesparamCommitDefault, NULL, 4));
    CHECK(JET_errInvalidParameter, JetGetSessionParameter(s, JET_sesparamCommitDefault, NULL, 4, NULL));
}

int main(void)
{
    JET_INSTANCE live = 0;
    JET_SESID s = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&live, "live"));
    harness_own_paths(live);
    CHECK(JET_errSuccess, JetInit(&live));
    CHECK(JET_errSuccess, JetBeginSession(live, &s, NULL, NULL));

    test_instances(live, s);
    test_sessions(live, s);
    test_tables(s);
    test_snapshots_and_files(live);
    test_null_pointers(live, s);
    test_stale_handles();

    /* the live objects were not disturbed */
    {
        unsigned int v = 0;
        CHECK(JET_errSuccess, JetGetVersion(s, &v));
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(live));
    return 0;
}
