/*
 * A cursor opened before DDL committed through another cursor sees the change:
 * a column added later, and the long-value tree a first long value creates.
 */
#include "harness.h"

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0, t2 = 0;
    JET_COLUMNID ck = 0, cv = 0, cx = 0;
    JET_COLUMNDEF cd;
    static char big[70000], back[70000];
    unsigned long cb = 0;
    int k = 7, x = 42, got = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "refresh"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "refresh.edb", NULL, &db, JET_bitDbOverwriteExisting));
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    cd.grbit = JET_bitColumnFixed;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "k", &cd, NULL, 0, &ck));
    cd.coltyp = JET_coltypLongBinary;
    cd.grbit = 0;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "v", &cd, NULL, 0, &cv));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));

    /* the second cursor exists before the table has a long-value tree or column x */
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t2));
    cd.coltyp = JET_coltypLong;
    cd.grbit = JET_bitColumnTagged;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "x", &cd, NULL, 0, &cx));

    memset(big, 'q', sizeof big);
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, ck, &k, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, cv, big, sizeof big, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, cx, &x, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));

    CHECK(JET_errSuccess, JetMakeKey(s, t2, &k, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(s, t2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t2, cv, back, sizeof back, (uint32_t *)&cb, 0, NULL));
    CHECK_EQ(sizeof big, cb);
    CHECK_TRUE(memcmp(big, back, sizeof big) == 0);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t2, cx, &got, sizeof got, (uint32_t *)&cb, 0, NULL));
    CHECK_EQ(42, got);

    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
