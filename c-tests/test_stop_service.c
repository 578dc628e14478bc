/*
 * JetStopServiceInstance, JetStopServiceInstance2 and JetStopService, as
 * documented: on success every call no longer allowed returns
 * JET_errClientRequestToStopJetService while JetRollback, JetCloseTable,
 * JetEndSession, JetCloseDatabase, JetDetachDatabase and
 * JetResetSessionContext keep working; on failure nothing changes; an
 * instance that is not running is JET_errInvalidParameter.
 */
#include "harness.h"

#define STOP_AND_EMIT_LOG 0x8 /* ESE's JET_bitStopServiceStopAndEmitLog (not public) */

static JET_INSTANCE running(const char *name)
{
    JET_INSTANCE i = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&i, name));
    harness_own_paths(i);
    CHECK(JET_errSuccess, JetInit(&i));
    return i;
}

static void test_not_running(void)
{
    JET_INSTANCE created = 0, gone = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&created, "created"));
    harness_own_paths(created);
    /* created but not initialized: not running */
    CHECK(JET_errInvalidParameter, JetStopServiceInstance(created));
    CHECK(JET_errInvalidParameter, JetStopServiceInstance2(created, JET_bitStopServiceAll));
    /* no instance named in multi-instance mode */
    CHECK(JET_errInvalidParameter, JetStopServiceInstance(0));
    CHECK(JET_errInvalidParameter, JetStopServiceInstance(JET_instanceNil));
    /* a terminated (or forged) instance is not an instance */
    gone = running("gone");
    CHECK(JET_errSuccess, JetTerm(gone));
    CHECK(JET_errInvalidInstance, JetStopServiceInstance(gone));
    CHECK(JET_errInvalidInstance, JetStopServiceInstance2(gone, 0));
    CHECK(JET_errInvalidInstance, JetStopServiceInstance((JET_INSTANCE)0x12345678));
    CHECK(JET_errRunningInMultiInstanceMode, JetStopService());
    CHECK(JET_errSuccess, JetTerm(created));
}

static void test_failure_changes_nothing(void)
{
    JET_INSTANCE i = running("grbits");
    JET_SESID s = 0;
    CHECK(JET_errInvalidGrbit, JetStopServiceInstance2(i, 0x100));
    CHECK(JET_errInvalidGrbit, JetStopServiceInstance2(i, STOP_AND_EMIT_LOG | JET_bitStopServiceQuiesceCaches));
    CHECK(JET_errInvalidGrbit, JetStopServiceInstance2(i, JET_bitStopServiceResume | STOP_AND_EMIT_LOG));
    /* still fully in service */
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_partial_stops_and_resume(void)
{
    JET_INSTANCE i = running("partial");
    JET_SESID s = 0;
    unsigned int v = 0;

    /* resuming what is not stopped is harmless */
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceResume));
    /* background tasks and cache quiescing do not refuse calls, and can be resumed */
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceBackgroundUserTasks));
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceQuiesceCaches));
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetGetVersion(s, &v));
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceResume | JET_bitStopServiceQuiesceCaches));
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceResume));
    /* stopping and emitting the log stops only the log */
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, STOP_AND_EMIT_LOG));
    CHECK(JET_errSuccess, JetGetVersion(s, &v));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void check_stopped(JET_INSTANCE i, JET_SESID s, JET_SESID ctx_session)
{
    JET_SESID other = 0;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    unsigned int v = 0, g = 0;
    JET_API_PTR p = 0;

    /* refused */
    CHECK(JET_errClientRequestToStopJetService, JetBeginSession(i, &other, NULL, NULL));
    CHECK(JET_errClientRequestToStopJetService, JetDupSession(s, &other));
    CHECK(JET_errClientRequestToStopJetService, JetGetVersion(s, &v));
    CHECK(JET_errClientRequestToStopJetService, JetIdle(s, 0));
    CHECK(JET_errClientRequestToStopJetService, JetSetSessionContext(s, 1));
    CHECK(JET_errClientRequestToStopJetService, JetGetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g), NULL));
    CHECK(JET_errClientRequestToStopJetService, JetSetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g)));
    CHECK(JET_errClientRequestToStopJetService, JetBeginTransaction(s));
    CHECK(JET_errClientRequestToStopJetService, JetCommitTransaction(s, 0));
    CHECK(JET_errClientRequestToStopJetService, JetCreateDatabase(s, "x.edb", NULL, &dbid, 0));
    CHECK(JET_errClientRequestToStopJetService, JetAttachDatabase(s, "x.edb", 0));
    CHECK(JET_errClientRequestToStopJetService, JetOpenDatabase(s, "x.edb", NULL, &dbid, 0));
    CHECK(JET_errClientRequestToStopJetService, JetOpenTable(s, 1, "t", NULL, 0, 0, &t));
    CHECK(JET_errClientRequestToStopJetService, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance(i));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errClientRequestToStopJetService, JetTruncateLogInstance(i));

    /* still allowed */
    CHECK(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK(JET_errInvalidTableId, JetCloseTable(s, (JET_TABLEID)0x1234));
    CHECK(JET_errInvalidDatabaseId, JetCloseDatabase(s, 1, 0));
    CHECK(JET_errDatabaseNotFound, JetDetachDatabase(s, "x.edb"));
    CHECK(JET_errSuccess, JetResetSessionContext(ctx_session));
    CHECK(JET_errSuccess, JetGetSystemParameter(i, 0, JET_paramLogFileSize, &p, NULL, 0));
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramDbExtensionSize, 64, NULL));
    CHECK(JET_errSuccess, JetStopBackupInstance(i));
    /* stopping again is fine; resuming a full stop is not */
    CHECK(JET_errSuccess, JetStopServiceInstance(i));
    CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceAll));
    CHECK(JET_errClientRequestToStopJetService, JetStopServiceInstance2(i, JET_bitStopServiceResume));
    CHECK(JET_errInvalidGrbit, JetStopServiceInstance2(i, JET_bitStopServiceResume | STOP_AND_EMIT_LOG));
}

static void test_stop_all(int use_v2)
{
    JET_INSTANCE i = running(use_v2 ? "stop2" : "stop1");
    JET_INSTANCE bystander = running(use_v2 ? "bystander2" : "bystander1");
    JET_SESID s = 0, ctx = 0, b = 0;
    unsigned int v = 0;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(i, &ctx, NULL, NULL));
    CHECK(JET_errSuccess, JetSetSessionContext(ctx, 0x42));
    CHECK(JET_errSuccess, JetBeginSession(bystander, &b, NULL, NULL));
    if (use_v2) {
        CHECK(JET_errSuccess, JetStopServiceInstance2(i, JET_bitStopServiceAll));
    } else {
        CHECK(JET_errSuccess, JetStopServiceInstance(i));
    }
    check_stopped(i, s, ctx);
    /* other instances are not affected */
    CHECK(JET_errSuccess, JetGetVersion(b, &v));
    /* sessions end, and the instance terminates */
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetEndSession(ctx, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    CHECK(JET_errSuccess, JetEndSession(b, 0));
    CHECK(JET_errSuccess, JetTerm(bystander));
}

static void test_legacy_stop_service(void)
{
    JET_SESID s = 0;
    CHECK(JET_errInvalidParameter, JetStopService());
    CHECK(JET_errSuccess, JetInit(NULL));
    CHECK(JET_errSuccess, JetBeginSession(0, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetStopService());
    CHECK(JET_errClientRequestToStopJetService, JetBeginSession(0, &s, NULL, NULL));
    CHECK(JET_errClientRequestToStopJetService, JetBeginExternalBackup(0));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackup());
    /* the implicit instance also answers to the instance calls */
    CHECK(JET_errSuccess, JetStopServiceInstance(0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(0));
    CHECK(JET_errInvalidParameter, JetStopService());
}

int main(void)
{
    test_legacy_stop_service();
    test_not_running();
    test_failure_changes_nothing();
    test_partial_stops_and_resume();
    test_stop_all(0);
    test_stop_all(1);
    return 0;
}
