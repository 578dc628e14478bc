/*
 * demo.c: the main demonstration of libesent, written as any ESENT program is.
 *
 * Today it shows what the library does so far: configure and start an
 * instance, open sessions, read parameters back, take the streaming-backup
 * state machine through a backup, stop service and shut down. The steps that
 * need storage (create a database, write, read, back up its files) are called
 * too; until the storage layers are built they report JET_errFeatureNotAvailable,
 * and the demo says so and goes on.
 *
 * Build and run:  c-tests/demo.sh   (or see README.md for the cc line)
 */
#include <stdio.h>
#include <string.h>

#include "esent.h"

static int failed = 0;

/* Print a step and its result; a real error (not "not built yet") fails the demo. */
static JET_ERR step(const char *what, JET_ERR err)
{
    if (err == JET_errFeatureNotAvailable) {
        printf("  %-44s not built yet (JET_errFeatureNotAvailable)\n", what);
    } else if (err < 0) {
        printf("  %-44s FAILED: %d\n", what, err);
        failed = 1;
    } else {
        printf("  %-44s ok%s\n", what, err > 0 ? " (warning)" : "");
    }
    return err;
}

int main(void)
{
    JET_INSTANCE instance = 0;
    JET_SESID session = 0;
    JET_DBID dbid = 0;
    JET_TABLEID table = 0;
    JET_API_PTR value = 0;
    char text[256];
    unsigned int version = 0;

    printf("esent demo: instance and session lifecycle\n");
    step("JetCreateInstance(\"demo\")", JetCreateInstance(&instance, "demo"));
    step("set JET_paramLogFilePath = logs", JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, "logs"));
    step("set JET_paramBaseName = dem", JetSetSystemParameter(&instance, 0, JET_paramBaseName, 0, "dem"));
    step("set JET_paramCircularLog = 1", JetSetSystemParameter(&instance, 0, JET_paramCircularLog, 1, NULL));
    if (step("get JET_paramLogFilePath", JetGetSystemParameter(instance, 0, JET_paramLogFilePath, NULL, text, sizeof(text))) >= 0) {
        printf("      log files will go to %s\n", text);
    }
    if (step("get JET_paramDatabasePageSize", JetGetSystemParameter(instance, 0, JET_paramDatabasePageSize, &value, NULL, 0)) >= 0) {
        printf("      database pages are %lu bytes\n", (unsigned long)value);
    }
    step("JetInit", JetInit(&instance));
    step("JetBeginSession", JetBeginSession(instance, &session, NULL, NULL));
    if (step("JetGetVersion", JetGetVersion(session, &version)) >= 0) {
        printf("      version %u.%u build %u\n", version >> 28, (version >> 24) & 0xf, (version >> 8) & 0xffff);
    }

    printf("database work\n");
    if (step("JetCreateDatabase(\"demo.edb\")", JetCreateDatabase(session, "demo.edb", NULL, &dbid, JET_bitDbOverwriteExisting)) >= 0) {
        JET_COLUMNDEF col;
        JET_COLUMNID colid = 0;
        const char *greeting = "hello, esent";
        char back[64];
        unsigned long cb = 0;
        memset(&col, 0, sizeof(col));
        col.cbStruct = sizeof(col);
        col.coltyp = JET_coltypLongText;
        step("JetBeginTransaction", JetBeginTransaction(session));
        if (step("JetCreateTable(\"greetings\")", JetCreateTable(session, dbid, "greetings", 0, 100, &table)) < 0) {
            step("JetRollback", JetRollback(session, 0));
            goto no_table;
        }
        step("JetAddColumn(\"text\")", JetAddColumn(session, table, "text", &col, NULL, 0, &colid));
        step("JetPrepareUpdate", JetPrepareUpdate(session, table, JET_prepInsert));
        step("JetSetColumn", JetSetColumn(session, table, colid, greeting, (unsigned long)strlen(greeting), 0, NULL));
        step("JetUpdate", JetUpdate(session, table, NULL, 0, NULL));
        step("JetCommitTransaction", JetCommitTransaction(session, 0));
        step("JetMove(first)", JetMove(session, table, JET_MoveFirst, 0));
        if (step("JetRetrieveColumn", JetRetrieveColumn(session, table, colid, back, sizeof(back) - 1, (uint32_t *)&cb, 0, NULL)) >= 0) {
            back[cb < sizeof(back) ? cb : sizeof(back) - 1] = 0;
            printf("      read back \"%s\"\n", back);
        }
        step("JetCloseTable", JetCloseTable(session, table));
    no_table:
        step("JetCloseDatabase", JetCloseDatabase(session, dbid, 0));
    }

    printf("streaming backup\n");
    step("JetBeginExternalBackupInstance", JetBeginExternalBackupInstance(instance, 0));
    {
        JET_HANDLE file = 0;
        unsigned long lo = 0, hi = 0;
        step("JetOpenFileInstance(\"demo.edb\")", JetOpenFileInstance(instance, "demo.edb", &file, (uint32_t *)&lo, (uint32_t *)&hi));
    }
    step("JetEndExternalBackupInstance2(abort)", JetEndExternalBackupInstance2(instance, JET_bitBackupEndAbort));

    printf("shutdown\n");
    step("JetStopServiceInstance", JetStopServiceInstance(instance));
    printf("      after stop service, JetBeginTransaction returns %d (JET_errClientRequestToStopJetService)\n",
           JetBeginTransaction(session));
    step("JetEndSession", JetEndSession(session, 0));
    step("JetTerm", JetTerm(instance));

    printf(failed ? "demo FAILED\n" : "demo finished\n");
    return failed;
}
