/*
 * JetGetTableInfo(JET_TblInfoRetrieveAndReserveAutoIncrement), ESE's info
 * level 16: the table's next autoincrement value, which no insert gets any
 * more (ESE's ErrRECRetrieveAndReserveAutoInc). The buffer must be exactly
 * the column's size; a table without an autoincrement column is
 * JET_errInvalidOperation; a NULL buffer JET_errInvalidParameter.
 */
#include "harness.h"

#define TblInfoRetrieveAndReserveAutoIncrement 16

static JET_COLUMNID add(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit)
{
    JET_COLUMNDEF cd;
    JET_COLUMNID id = 0;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.grbit = grbit;
    CHECK(JET_errSuccess, JetAddColumn(s, t, name, &cd, NULL, 0, &id));
    return id;
}

/* Insert a row (with `tag` in column x) and return its autoincrement value. */
static long long insert(JET_SESID s, JET_TABLEID t, JET_COLUMNID x, JET_COLUMNID ai, int32_t tag, int wide)
{
    long long v = 0;
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, x, &tag, sizeof tag, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, ai, &v, wide ? 8 : 4, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(wide ? 8 : 4, cb);
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    return wide ? v : (long long)(int32_t)v;
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t, t8, plain;
    JET_COLUMNID x, ai, x8, ai8;
    int32_t r4 = 0;
    int64_t r8 = 0;
    unsigned char big[16];

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "autoinc"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "autoinc.edb", NULL, &db, 0));

    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    x = add(s, t, "x", JET_coltypLong, 0);
    ai = add(s, t, "ai", JET_coltypLong, JET_bitColumnAutoincrement);
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t8", 0, 100, &t8));
    x8 = add(s, t8, "x", JET_coltypLong, 0);
    ai8 = add(s, t8, "ai", JET_coltypLongLong, JET_bitColumnAutoincrement);
    CHECK(JET_errSuccess, JetCreateTable(s, db, "plain", 0, 100, &plain));
    add(s, plain, "x", JET_coltypLong, 0);

    /* a 4-byte counter: the reserved value is skipped by inserts */
    CHECK_EQ(1, insert(s, t, x, ai, 10, 0));
    CHECK_EQ(2, insert(s, t, x, ai, 11, 0));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK_EQ(3, r4);
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK_EQ(4, r4);
    CHECK_EQ(5, insert(s, t, x, ai, 12, 0));
    /* inside a transaction too, and a rollback does not give it back */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK_EQ(6, r4);
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(7, insert(s, t, x, ai, 13, 0));

    /* the buffer must be the column's size exactly */
    CHECK(JET_errInvalidBufferSize, JetGetTableInfo(s, t, big, 8, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK(JET_errInvalidBufferSize, JetGetTableInfo(s, t, big, 3, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK(JET_errInvalidParameter, JetGetTableInfo(s, t, NULL, 4, TblInfoRetrieveAndReserveAutoIncrement));
    /* failed calls reserve nothing */
    CHECK_EQ(8, insert(s, t, x, ai, 14, 0));

    /* an 8-byte counter */
    CHECK_EQ(1, insert(s, t8, x8, ai8, 20, 1));
    CHECK(JET_errInvalidBufferSize, JetGetTableInfo(s, t8, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t8, &r8, sizeof r8, TblInfoRetrieveAndReserveAutoIncrement));
    CHECK_EQ(2, r8);
    CHECK_EQ(3, insert(s, t8, x8, ai8, 21, 1));

    /* no autoincrement column */
    CHECK(JET_errInvalidOperation, JetGetTableInfo(s, plain, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));

    /* a table opened later shares the counter */
    {
        JET_TABLEID t2;
        CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t2));
        CHECK(JET_errSuccess, JetGetTableInfo(s, t2, &r4, sizeof r4, TblInfoRetrieveAndReserveAutoIncrement));
        CHECK_EQ(9, r4);
        CHECK_EQ(10, insert(s, t, x, ai, 15, 0));
        CHECK(JET_errSuccess, JetCloseTable(s, t2));
    }

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
