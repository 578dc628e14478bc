/*
 * Databases and transactions: JetCreateDatabase(2), JetAttachDatabase(2),
 * JetOpenDatabase, JetCloseDatabase, JetDetachDatabase(2) with their
 * documented errors and warnings; JetBeginTransaction(2), JetCommitTransaction(2)
 * and JetRollback nesting; a database left dirty by JetTerm2(JET_bitTermDirty)
 * is made consistent by the next JetInit.
 */
#include "harness.h"

static JET_INSTANCE start(const char *name)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

static void test_create_open_close_detach(void)
{
    JET_INSTANCE inst = start("db");
    JET_SESID s = 0, t = 0;
    JET_DBID dbid = 0, dbid2 = 0;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &t, NULL, NULL));
    unlink("one.edb");
    CHECK(JET_errInvalidParameter, JetCreateDatabase(s, "one.edb", NULL, NULL, 0));
    CHECK(JET_errInvalidGrbit, JetCreateDatabase(s, "one.edb", NULL, &dbid, 0x40000000));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "one.edb", NULL, &dbid, 0));
    CHECK_TRUE(dbid != 0);
    CHECK(JET_errDatabaseDuplicate, JetCreateDatabase(s, "one.edb", NULL, &dbid2, 0));
    CHECK(JET_errDatabaseDuplicate, JetCreateDatabase(s, "./one.edb", NULL, &dbid2, 0));
    /* already attached: a warning */
    CHECK(JET_wrnDatabaseAttached, JetAttachDatabase(t, "one.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(t, "one.edb", NULL, &dbid2, 0));
    CHECK_EQ(dbid, dbid2);
    CHECK(JET_errDatabaseNotFound, JetOpenDatabase(t, "two.edb", NULL, &dbid2, 0));
    /* open by two sessions: in use */
    CHECK(JET_errDatabaseInUse, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errSuccess, JetCloseDatabase(s, dbid, 0));
    CHECK(JET_errDatabaseInUse, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errSuccess, JetCloseDatabase(t, dbid, 0));
    CHECK(JET_errInvalidDatabaseId, JetCloseDatabase(t, dbid, 0));
    /* no detach or attach inside a transaction */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errInTransaction, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errDatabaseNotFound, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errDatabaseNotFound, JetOpenDatabase(s, "one.edb", NULL, &dbid2, 0));
    CHECK(JET_errFileNotFound, JetAttachDatabase(s, "missing.edb", 0));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "one.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "one.edb", NULL, &dbid2, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s, dbid2, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, NULL));
    /* read-only attach */
    CHECK(JET_errSuccess, JetAttachDatabase(s, "one.edb", JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "one.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetEndSession(t, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static void test_transactions(void)
{
    JET_INSTANCE inst = start("trx");
    JET_SESID s = 0;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errNotInTransaction, JetCommitTransaction(s, 0));
    CHECK(JET_errNotInTransaction, JetRollback(s, 0));
    for (int i = 0; i < 7; i++) {
        CHECK(JET_errSuccess, JetBeginTransaction(s));
    }
    CHECK(JET_errTransTooDeep, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetRollback(s, JET_bitRollbackAll));
    CHECK(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK(JET_errInvalidGrbit, JetBeginTransaction2(s, 0x100));
    CHECK(JET_errSuccess, JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    CHECK(JET_errInvalidGrbit, JetCommitTransaction(s, 0x40000000));
    CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
    /* waiting for earlier lazy commits needs no transaction */
    CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitWaitAllLevel0Commit));
    {
        JET_COMMIT_ID id;
        memset(&id, 0xAB, sizeof id);
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        CHECK(JET_errSuccess, JetCommitTransaction2(s, 0, 0, &id));
        CHECK_EQ(0, id.reserved);
    }
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    /* a clean JetTerm refuses while a transaction is open */
    CHECK(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermComplete));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static void test_dirty_term_and_recovery(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID dbid = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "dirty"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "dirtylogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, "dirtylogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, "dirtylogs/tmp.edb"));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("dirty.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "dirty.edb", NULL, &dbid, 0));
    CHECK(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));

    /* without its logs, the database is dirty */
    inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "nologs"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off"));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errDatabaseDirtyShutdown, JetAttachDatabase(s, "dirty.edb", 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* recovery with the logs makes it consistent */
    inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "recover"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "dirtylogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, "dirtylogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, "dirtylogs/tmp.edb"));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "dirty.edb", 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    test_create_open_close_detach();
    test_transactions();
    test_dirty_term_and_recovery();
    return 0;
}
