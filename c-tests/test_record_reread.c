/*
 * test_record_reread.c: a cursor that stays on a record (no new seek or
 * move) reads it again as its session's view says at the time of each
 * JetRetrieveColumn: another session's commit shows outside a transaction
 * and not inside one (snapshot), the session's own replace shows at once,
 * a rollback takes it back, and the same holds through a secondary index.
 */
#include "harness.h"

static JET_COLUMNID col_id, col_v;

static int32_t value(JET_SESID s, JET_TABLEID t)
{
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, col_v, &v, sizeof v, &cb, 0, NULL));
    return v;
}

static void set_value(JET_SESID s, JET_TABLEID t, int32_t v)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, &v, sizeof v, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static void seek(JET_SESID s, JET_TABLEID t, int32_t id)
{
    CHECK(JET_errSuccess, JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s1 = 0, s2 = 0;
    JET_DBID d1 = 0, d2 = 0;
    JET_TABLEID t1 = 0, t2 = 0, sec = 0;
    JET_COLUMNDEF def;

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "reread"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s1, "reread.edb", NULL, &d1, 0));
    CHECK(JET_errSuccess, JetCreateTable(s1, d1, "t", 0, 100, &t1));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "id", &def, NULL, 0, &col_id));
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "v", &def, NULL, 0, &col_v));
    CHECK(JET_errSuccess, JetCreateIndex(s1, t1, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(s1, t1, "byid", 0, "-id\0", 5, 100));
    for (int32_t id = 1; id <= 3; id++) {
        int32_t v = id * 10;
        CHECK(JET_errSuccess, JetPrepareUpdate(s1, t1, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s1, t1, col_id, &id, sizeof id, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s1, t1, col_v, &v, sizeof v, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s1, t1, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "reread.edb", NULL, &d2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, d2, "t", NULL, 0, 0, &t2));

    /* outside a transaction: each read sees the latest commit */
    seek(s1, t1, 2);
    CHECK_EQ(20, value(s1, t1));
    seek(s2, t2, 2);
    set_value(s2, t2, 21);
    CHECK_EQ(21, value(s1, t1));
    CHECK_EQ(21, value(s1, t1));

    /* inside one: the snapshot holds while s2 commits again */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK_EQ(21, value(s1, t1));
    set_value(s2, t2, 22);
    CHECK_EQ(21, value(s1, t1));
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));
    CHECK_EQ(22, value(s1, t1));

    /* the session's own replace shows at once; its rollback takes it back,
       also one nested level at a time */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    set_value(s1, t1, 23);
    CHECK_EQ(23, value(s1, t1));
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    set_value(s1, t1, 24);
    CHECK_EQ(24, value(s1, t1));
    CHECK(JET_errSuccess, JetRollback(s1, 0));
    CHECK_EQ(23, value(s1, t1));
    CHECK(JET_errSuccess, JetRollback(s1, 0));
    CHECK_EQ(22, value(s1, t1));

    /* through a secondary index: the record the entry points to, as of now */
    CHECK(JET_errSuccess, JetOpenTable(s1, d1, "t", NULL, 0, 0, &sec));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s1, sec, "byid"));
    seek(s1, sec, 3);
    CHECK_EQ(30, value(s1, sec));
    seek(s2, t2, 3);
    set_value(s2, t2, 31);
    CHECK_EQ(31, value(s1, sec));
    /* and a record another session deleted is gone for a cursor still on it */
    CHECK(JET_errSuccess, JetDelete(s2, t2));
    {
        int32_t v = 0;
        uint32_t cb = 0;
        CHECK(JET_errRecordDeleted, JetRetrieveColumn(s1, sec, col_v, &v, sizeof v, &cb, 0, NULL));
    }

    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetEndSession(s1, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
