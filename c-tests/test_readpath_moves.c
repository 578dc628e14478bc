/*
 * test_readpath_moves.c: a cursor walking or seeking an index sees what its
 * session's view says at each call, whether or not its page changed under
 * it: another session's committed insert, delete and replace on the page
 * it stands on show outside a transaction and not inside one (snapshot);
 * its own uncommitted writes show at once and go with a rollback; seeks
 * (EQ, GE) through the primary and a secondary index land on the right
 * entry and read the right record. Covers the engine's direct read path
 * (moves and reads straight from the B-tree when the view is the tree).
 */
#include "harness.h"

static JET_COLUMNID col_id, col_v;

static int32_t get(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c, &v, sizeof v, &cb, 0, NULL));
    return v;
}

static void insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_id, &id, sizeof id, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, &v, sizeof v, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static JET_ERR seek(JET_SESID s, JET_TABLEID t, int32_t key, JET_GRBIT how)
{
    CHECK(JET_errSuccess, JetMakeKey(s, t, &key, sizeof key, JET_bitNewKey));
    return JetSeek(s, t, how);
}

static void replace(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
{
    CHECK(JET_errSuccess, seek(s, t, id, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, &v, sizeof v, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static void del(JET_SESID s, JET_TABLEID t, int32_t id)
{
    CHECK(JET_errSuccess, seek(s, t, id, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetDelete(s, t));
}

/* The next id a forward move lands on (-1 past the end). */
static int32_t next_id(JET_SESID s, JET_TABLEID t)
{
    JET_ERR e = JetMove(s, t, JET_MoveNext, 0);
    if (e == JET_errNoCurrentRecord) return -1;
    CHECK(JET_errSuccess, e);
    return get(s, t, col_id);
}

static int32_t prev_id(JET_SESID s, JET_TABLEID t)
{
    JET_ERR e = JetMove(s, t, JET_MovePrevious, 0);
    if (e == JET_errNoCurrentRecord) return -1;
    CHECK(JET_errSuccess, e);
    return get(s, t, col_id);
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s1 = 0, s2 = 0;
    JET_DBID d1 = 0, d2 = 0;
    JET_TABLEID t1 = 0, t2 = 0, sec = 0;
    JET_COLUMNDEF def;

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "readpath"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s1, "readpath.edb", NULL, &d1, 0));
    CHECK(JET_errSuccess, JetCreateTable(s1, d1, "t", 0, 100, &t1));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "id", &def, NULL, 0, &col_id));
    CHECK(JET_errSuccess, JetAddColumn(s1, t1, "v", &def, NULL, 0, &col_v));
    CHECK(JET_errSuccess, JetCreateIndex(s1, t1, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(s1, t1, "byv", 0, "+v\0", 4, 100));
    /* even ids 0..198, v = 1000 + id: every row on a page or two */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    for (int32_t id = 0; id < 200; id += 2) insert(s1, t1, id, 1000 + id);
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "readpath.edb", NULL, &d2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, d2, "t", NULL, 0, 0, &t2));
    CHECK(JET_errSuccess, JetOpenTable(s1, d1, "t", NULL, 0, 0, &sec));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s1, sec, "byv"));

    /* a full walk both ways */
    {
        int32_t n = 0, last = -2, ok = 1;
        CHECK(JET_errSuccess, JetMove(s1, t1, JET_MoveFirst, 0));
        do {
            int32_t id = get(s1, t1, col_id);
            ok &= id == last + 2 && get(s1, t1, col_v) == 1000 + id;
            last = id;
            n++;
        } while (JetMove(s1, t1, JET_MoveNext, 0) == JET_errSuccess);
        CHECK_EQ(100, n);
        CHECK_TRUE(ok);
        CHECK_EQ(198, prev_id(s1, t1));
        CHECK_EQ(196, prev_id(s1, t1));
    }

    /* outside a transaction: s2's commits on the page under the cursor show at the next move */
    CHECK(JET_errSuccess, seek(s1, t1, 10, JET_bitSeekEQ));
    insert(s2, t2, 11, 2011);
    del(s2, t2, 12);
    replace(s2, t2, 14, 2014);
    CHECK_EQ(11, next_id(s1, t1));
    CHECK_EQ(2011, get(s1, t1, col_v));
    CHECK_EQ(14, next_id(s1, t1));
    CHECK_EQ(2014, get(s1, t1, col_v));
    CHECK_EQ(11, prev_id(s1, t1));
    CHECK_EQ(10, prev_id(s1, t1));
    /* a replace of the record the cursor stands on shows at the next read */
    replace(s2, t2, 10, 3010);
    CHECK_EQ(3010, get(s1, t1, col_v));

    /* inside a transaction: the snapshot holds while s2 commits */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK(JET_errSuccess, seek(s1, t1, 20, JET_bitSeekEQ));
    insert(s2, t2, 21, 2021);
    del(s2, t2, 22);
    replace(s2, t2, 24, 2024);
    CHECK_EQ(22, next_id(s1, t1));
    CHECK_EQ(1022, get(s1, t1, col_v));
    CHECK_EQ(24, next_id(s1, t1));
    CHECK_EQ(1024, get(s1, t1, col_v));
    CHECK(JET_errRecordNotFound, seek(s1, t1, 21, JET_bitSeekEQ));
    CHECK(JET_errSuccess, seek(s1, t1, 22, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));
    CHECK_EQ(2024, (seek(s1, t1, 24, JET_bitSeekEQ), get(s1, t1, col_v)));
    CHECK(JET_errSuccess, seek(s1, t1, 21, JET_bitSeekEQ));
    CHECK(JET_errRecordNotFound, seek(s1, t1, 22, JET_bitSeekEQ));

    /* its own writes show at once and go with a rollback */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    insert(s1, t1, 31, 2031);
    CHECK(JET_errSuccess, seek(s1, t1, 30, JET_bitSeekEQ));
    CHECK_EQ(31, next_id(s1, t1));
    CHECK_EQ(32, next_id(s1, t1));
    CHECK(JET_errSuccess, JetRollback(s1, 0));
    CHECK(JET_errSuccess, seek(s1, t1, 30, JET_bitSeekEQ));
    CHECK_EQ(32, next_id(s1, t1));
    CHECK(JET_errRecordNotFound, seek(s1, t1, 31, JET_bitSeekEQ));
    /* a failed EQ seek leaves the cursor at the key: moves go on from there */
    CHECK_EQ(32, next_id(s1, t1));
    CHECK(JET_errRecordNotFound, seek(s1, t1, 31, JET_bitSeekEQ));
    CHECK_EQ(30, prev_id(s1, t1));

    /* GE lands on the next key (not equal), past the end is not found */
    CHECK(JET_wrnSeekNotEqual, seek(s1, t1, 33, JET_bitSeekGE));
    CHECK_EQ(34, get(s1, t1, col_id));
    CHECK(JET_errSuccess, seek(s1, t1, 34, JET_bitSeekGE));
    CHECK(JET_errRecordNotFound, seek(s1, t1, 500, JET_bitSeekGE));

    /* through the secondary index: the record read follows s2's commits */
    CHECK(JET_errSuccess, seek(s1, sec, 1040, JET_bitSeekEQ));
    CHECK_EQ(40, get(s1, sec, col_id));
    replace(s2, t2, 42, 1041);
    CHECK_EQ(42, next_id(s1, sec));
    CHECK_EQ(1041, get(s1, sec, col_v));
    CHECK(JET_errSuccess, seek(s1, sec, 1041, JET_bitSeekEQ));
    CHECK_EQ(42, get(s1, sec, col_id));
    CHECK(JET_errRecordNotFound, seek(s1, sec, 1042, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK(JET_errSuccess, seek(s1, sec, 1044, JET_bitSeekEQ));
    replace(s2, t2, 44, 5044);
    CHECK_EQ(1044, get(s1, sec, col_v));
    CHECK_EQ(46, next_id(s1, sec));
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));
    CHECK(JET_errSuccess, seek(s1, sec, 5044, JET_bitSeekEQ));
    CHECK_EQ(44, get(s1, sec, col_id));

    CHECK(JET_errSuccess, JetCloseTable(s1, sec));
    CHECK(JET_errSuccess, JetCloseTable(s1, t1));
    CHECK(JET_errSuccess, JetCloseTable(s2, t2));
    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetEndSession(s1, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
