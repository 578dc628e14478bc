/*
 * test_txn.c: transactions as a C program sees them: write conflicts between
 * two sessions (at once, no waiting), snapshots, JetCommitTransaction2's
 * grbits and commit ids, and JetInit3's recovery status callback after
 * JetTerm2(JET_bitTermDirty).
 */
#include "harness.h"

static JET_COLUMNID col_id, col_v;

static void set_paths(JET_INSTANCE *inst, const char *dir)
{
    char tmp[256];
    mkdir(dir, 0777);
    snprintf(tmp, sizeof tmp, "%stmp.edb", dir);
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramSystemPath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramLogFilePath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramTempPath, 0, tmp));
}

static void insert(JET_SESID s, JET_TABLEID t, long id, long v)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_id, &id, sizeof(int32_t), 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, &v, sizeof(int32_t), 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static JET_ERR seek(JET_SESID s, JET_TABLEID t, int32_t id)
{
    JET_ERR e = JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey);
    return e < 0 ? e : JetSeek(s, t, JET_bitSeekEQ);
}

static int32_t value(JET_SESID s, JET_TABLEID t)
{
    int32_t v = -1;
    unsigned long cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, col_v, &v, sizeof v, (uint32_t *)&cb, 0, NULL));
    return v;
}

static int begins, progresses, completes, others;

static JET_ERR JET_API status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    (void)sesid;
    (void)pv;
    if (snp != JET_snpRestore) {
        others++;
    } else if (snt == JET_sntBegin) {
        begins++;
    } else if (snt == JET_sntProgress) {
        progresses++;
    } else if (snt == JET_sntComplete) {
        completes++;
    } else {
        others++;
    }
    return JET_errSuccess;
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s1 = 0, s2 = 0;
    JET_DBID dbid = 0, dbid2 = 0;
    JET_TABLEID t1 = 0, t2 = 0;
    JET_COLUMNDEF def;
    JET_COMMIT_ID id1, id2;
    const char *dir = "txnlogs/";

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "txn"));
    set_paths(&inst, dir);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s1, "txn.edb", NULL, &dbid, 0));

    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK(JET_errSuccess, JetCreateTable(s1, dbid, "t", 0, 100, &t1));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "id", &def, NULL, 0, &col_id));
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "v", &def, NULL, 0, &col_v));
    CHECK(JET_errSuccess, JetCreateIndex(s1, t1, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    insert(s1, t1, 1, 10);
    insert(s1, t1, 2, 20);
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));

    CHECK(JET_errSuccess, JetOpenDatabase(s2, "txn.edb", NULL, &dbid2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, dbid2, "t", NULL, 0, 0, &t2));

    /* s1 replaces row 1; s2 may not touch it, and is told so at once */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, seek(s1, t1, 1));
    CHECK(JET_errSuccess, JetPrepareUpdate(s1, t1, JET_prepReplace));
    {
        int32_t v = 11;
        CHECK(JET_errSuccess, JetSetColumn(s1, t1, col_v, &v, sizeof v, 0, NULL));
    }
    CHECK(JET_errSuccess, JetUpdate(s1, t1, NULL, 0, NULL));
    CHECK(JET_errSuccess, seek(s2, t2, 1));
    CHECK(JET_errWriteConflict, JetPrepareUpdate(s2, t2, JET_prepReplace));
    CHECK(JET_errWriteConflict, JetDelete(s2, t2));
    /* s2's snapshot: the old value, before and after s1 commits */
    CHECK_EQ(10, value(s2, t2));
    CHECK(JET_errSuccess, JetCommitTransaction2(s1, 0, 0, &id1));
    CHECK(JET_errSuccess, seek(s2, t2, 1));
    CHECK_EQ(10, value(s2, t2));
    CHECK(JET_errWriteConflict, JetPrepareUpdate(s2, t2, JET_prepReplace));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    CHECK(JET_errSuccess, seek(s2, t2, 1));
    CHECK_EQ(11, value(s2, t2));

    /* commit ids follow commit order and carry the log's signature */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    insert(s1, t1, 3, 30);
    CHECK(JET_errSuccess, JetCommitTransaction2(s1, JET_bitCommitLazyFlush, 0, &id2));
    CHECK_TRUE(id2.commitId > id1.commitId);
    CHECK_TRUE(memcmp(&id1.signLog, &id2.signLog, sizeof id1.signLog) == 0);
    /* the wait grbits stand alone */
    CHECK(JET_errSuccess, JetCommitTransaction2(s1, JET_bitWaitLastLevel0Commit, 0, NULL));
    CHECK(JET_errInvalidGrbit, JetCommitTransaction2(s1, JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush, 0, NULL));
    CHECK(JET_errNotInTransaction, JetCommitTransaction2(s1, 0, 0, NULL));
    /* a durable commit with a durability delay is refused */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    insert(s1, t1, 4, 40);
    CHECK(JET_errInvalidParameter, JetCommitTransaction2(s1, 0, 50, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction2(s1, JET_bitCommitLazyFlush, 50, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction2(s1, JET_bitWaitLastLevel0Commit, 0, NULL));

    /* a crash, then JetInit3 reports the recovery it runs */
    CHECK(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "txn2"));
    set_paths(&inst, dir);
    {
        JET_RSTINFO rst;
        memset(&rst, 0, sizeof rst);
        rst.cbStruct = sizeof rst;
        rst.pfnStatus = status;
        CHECK(JET_errSuccess, JetInit3(&inst, &rst, 0));
    }
    CHECK_EQ(1, begins);
    CHECK_EQ(1, completes);
    CHECK_EQ(0, others);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s1, "txn.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s1, "txn.edb", NULL, &dbid, 0));
    CHECK(JET_errSuccess, JetOpenTable(s1, dbid, "t", NULL, 0, 0, &t1));
    CHECK(JET_errSuccess, seek(s1, t1, 1));
    CHECK_EQ(11, value(s1, t1));
    CHECK(JET_errSuccess, seek(s1, t1, 4));
    CHECK_EQ(40, value(s1, t1));
    CHECK(JET_errSuccess, JetEndSession(s1, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    (void)progresses;
    return 0;
}
