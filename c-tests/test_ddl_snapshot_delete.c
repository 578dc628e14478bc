/*
 * test_ddl_snapshot_delete.c: a table another session deleted cannot be
 * opened any more, not even by a transaction whose snapshot began before
 * the deletion (as in ESE, whose open refuses a table whose deletion has
 * committed: JET_errObjectNotFound), so its pages can be reused at once;
 * tables made afterwards from that space read back intact, and deleting a
 * table gives its space back to the next one.
 */
#include "harness.h"

#define ROWS 3000

static JET_COLUMNID col_id, col_v;

static void make_table(JET_SESID s, JET_DBID d, const char *name, int32_t base)
{
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    char v[200];
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetCreateTable(s, d, name, 0, 100, &t));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "id", &def, NULL, 0, &col_id));
    def.coltyp = JET_coltypBinary;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "v", &def, NULL, 0, &col_v));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    for (int32_t id = 0; id < ROWS; id++) {
        int32_t x = base + id;
        memset(v, (int)(x & 0xff), sizeof v);
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, col_id, &id, sizeof id, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, v, sizeof v, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
}

/* Every row of the table with its values made from `base`; returns rows seen. */
static int check_table(JET_SESID s, JET_DBID d, const char *name, int32_t base)
{
    JET_TABLEID t = 0;
    JET_COLUMNID cid, cv;
    JET_COLUMNDEF def;
    int rows = 0, wrong = 0;
    CHECK(JET_errSuccess, JetOpenTable(s, d, name, NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "id", &def, sizeof def, JET_ColInfo));
    cid = def.columnid;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "v", &def, sizeof def, JET_ColInfo));
    cv = def.columnid;
    for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t id = -1;
        unsigned char v[200];
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cid, &id, sizeof id, &cb, 0, NULL));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cv, v, sizeof v, &cb, 0, NULL));
        if (id != rows || cb != sizeof v || v[0] != (unsigned char)((base + id) & 0xff) || v[199] != v[0]) wrong++;
        rows++;
    }
    CHECK_EQ(0, wrong);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    return rows;
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s1 = 0, s2 = 0;
    JET_DBID d1 = 0, d2 = 0;
    JET_TABLEID t = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "snapdel"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s1, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s1, "snapdel.edb", NULL, &d1, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "snapdel.edb", NULL, &d2, 0));
    make_table(s1, d1, "old", 7);

    /* s1's snapshot begins; s2 deletes the table and fills new ones */
    CHECK(JET_errSuccess, JetBeginTransaction(s1));
    CHECK_EQ(ROWS, check_table(s1, d1, "old", 7));
    CHECK(JET_errSuccess, JetDeleteTable(s2, d2, "old"));
    CHECK(JET_errObjectNotFound, JetOpenTable(s2, d2, "old", NULL, 0, 0, &t));
    make_table(s2, d2, "new1", 101);
    make_table(s2, d2, "new2", 55);

    /* s1's snapshot does not bring the table back */
    CHECK(JET_errObjectNotFound, JetOpenTable(s1, d1, "old", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetCommitTransaction(s1, 0));
    CHECK(JET_errObjectNotFound, JetOpenTable(s1, d1, "old", NULL, 0, 0, &t));
    CHECK_EQ(ROWS, check_table(s2, d2, "new1", 101));
    CHECK_EQ(ROWS, check_table(s2, d2, "new2", 55));

    /* a deleted table's space goes to the next table: one of the same size
       leaves the database owning no more pages */
    {
        uint32_t before = 0, after = 0;
        CHECK(JET_errSuccess, JetDeleteTable(s2, d2, "new1"));
        CHECK(JET_errSuccess, JetGetDatabaseInfo(s2, d2, &before, sizeof before, JET_DbInfoSpaceOwned));
        make_table(s2, d2, "new3", 9);
        CHECK(JET_errSuccess, JetGetDatabaseInfo(s2, d2, &after, sizeof after, JET_DbInfoSpaceOwned));
        CHECK_TRUE(after == before);
        CHECK_EQ(ROWS, check_table(s2, d2, "new3", 9));
    }

    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetEndSession(s1, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
