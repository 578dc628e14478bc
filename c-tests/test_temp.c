/*
 * Temporary tables: JetOpenTempTable, 2, 3, JetOpenTemporaryTable(2) with
 * ESE's semantics (the examples of ManagedEsent's TemporaryTableTests,
 * TempTableNavigationTests and BasicTest/TempTableTests, which ran against
 * Windows ESENT): rows come back in key order, duplicate keys are dropped
 * while a sort is filled and are JET_errKeyDuplicate in a materialized
 * table, forward-only sorts keep them; moves, seeks and updates allowed per
 * grbit; changes survive a rollback; JetCloseTable deletes the table.
 */
#include "harness.h"

static JET_INSTANCE start(const char *name)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off");
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

static void insert_long(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, int v, JET_ERR expected)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, c, &v, sizeof v, 0, NULL));
    CHECK(expected, JetUpdate(s, t, NULL, 0, NULL));
    if (expected != JET_errSuccess)
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepCancel));
}

static int get_long(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    int v = -12345;
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(4, cb);
    return v;
}

/* the values of column c in table order (JetMove First/Next), count returned */
static int walk(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, int *out, int max)
{
    int n = 0;
    JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
    while (err == JET_errSuccess && n < max) {
        out[n++] = get_long(s, t, c);
        err = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
    return n;
}

static void test_sort_with_text(JET_SESID s)
{
    /* TemporaryTableTests.SortDataWithJetOpenTempTable */
    JET_COLUMNDEF cols[2];
    JET_COLUMNID ids[2] = {0, 0};
    JET_TABLEID t = 0;
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof(JET_COLUMNDEF);
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnTTKey;
    cols[1].cbStruct = sizeof(JET_COLUMNDEF);
    cols[1].coltyp = JET_coltypText;
    cols[1].cp = 1200;
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 2, JET_bitTTScrollable, &t, ids));
    CHECK_TRUE(t != 0 && t != JET_tableidNil);
    CHECK_EQ(1, ids[0]);    /* fixed */
    CHECK_EQ(128, ids[1]);  /* variable */
    for (int i = 5; i >= 0; i--) {
        unsigned short w[2] = {(unsigned short)('0' + i), 0};
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[0], &i, sizeof i, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[1], w, 2, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    /* MoveBeforeFirst as ManagedEsent does it: first, previous; then next */
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errNoCurrentRecord, JetMove(s, t, JET_MovePrevious, 0));
    for (int i = 0; i <= 5; i++) {
        unsigned short w[4] = {0, 0, 0, 0};
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetMove(s, t, JET_MoveNext, 0));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, ids[1], w, sizeof w, &cb, 0, NULL));
        CHECK_EQ(2, cb);
        CHECK_EQ('0' + i, w[0]);
    }
    CHECK(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    /* a sort that is not updatable is read-only once read */
    CHECK(JET_errIllegalOperation, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errIllegalOperation, JetDelete(s, t));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errInvalidTableId, JetCloseTable(s, t));
}

static void test_duplicates(JET_SESID s)
{
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    int v[16];
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;

    /* a sort drops duplicate keys silently */
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTIndexed, &t, &id));
    insert_long(s, t, id, 3, JET_errSuccess);
    insert_long(s, t, id, 1, JET_errSuccess);
    insert_long(s, t, id, 3, JET_errSuccess);
    insert_long(s, t, id, 2, JET_errSuccess);
    CHECK_EQ(3, walk(s, t, id, v, 16));
    CHECK_EQ(1, v[0]);
    CHECK_EQ(2, v[1]);
    CHECK_EQ(3, v[2]);
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    /* a materialized table reports them */
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTErrorOnDuplicateInsertion, &t, &id));
    insert_long(s, t, id, 3, JET_errSuccess);
    insert_long(s, t, id, 3, JET_errKeyDuplicate);
    insert_long(s, t, id, -7, JET_errSuccess);
    CHECK_EQ(2, walk(s, t, id, v, 16));
    CHECK_EQ(-7, v[0]);
    CHECK_EQ(3, v[1]);
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    /* a forward-only sort keeps them (unless JET_bitTTUnique) */
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTForwardOnly, &t, &id));
    insert_long(s, t, id, 5, JET_errSuccess);
    insert_long(s, t, id, 4, JET_errSuccess);
    insert_long(s, t, id, 5, JET_errSuccess);
    CHECK_EQ(3, walk(s, t, id, v, 16));
    CHECK_EQ(4, v[0]);
    CHECK_EQ(5, v[1]);
    CHECK_EQ(5, v[2]);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTForwardOnly | JET_bitTTUnique, &t, &id));
    insert_long(s, t, id, 5, JET_errSuccess);
    insert_long(s, t, id, 5, JET_errSuccess);
    CHECK_EQ(1, walk(s, t, id, v, 16));
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    /* forward-only cannot be combined with what needs a table */
    CHECK(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s, &col, 1, JET_bitTTForwardOnly | JET_bitTTScrollable, &t, &id));
    CHECK(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s, &col, 1, JET_bitTTForwardOnly | JET_bitTTForceMaterialization, &t, &id));
    col.grbit = 0; /* no key: materialized at once */
    CHECK(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s, &col, 1, JET_bitTTForwardOnly, &t, &id));
}

static void test_seek(JET_SESID s)
{
    /* BasicTest/TempTableTests.SeekWithTempTable */
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTIndexed, &t, &id));
    for (int i = 0; i < 10; i++)
        insert_long(s, t, id, i * 10, JET_errSuccess);
    struct { int key; JET_GRBIT grbit; JET_ERR err; int found; } cases[] = {
        {-1, JET_bitSeekEQ, JET_errRecordNotFound, 0},
        {-1, JET_bitSeekGE, JET_wrnSeekNotEqual, 0},
        {-1, JET_bitSeekGT, JET_errSuccess, 0},
        {0, JET_bitSeekLT, JET_errRecordNotFound, 0},
        {0, JET_bitSeekLE, JET_errSuccess, 0},
        {0, JET_bitSeekEQ, JET_errSuccess, 0},
        {0, JET_bitSeekGT, JET_errSuccess, 10},
        {50, JET_bitSeekLT, JET_errSuccess, 40},
        {50, JET_bitSeekLE, JET_errSuccess, 50},
        {50, JET_bitSeekEQ, JET_errSuccess, 50},
        {50, JET_bitSeekGT, JET_errSuccess, 60},
        {75, JET_bitSeekEQ, JET_errRecordNotFound, 0},
        {75, JET_bitSeekGE, JET_wrnSeekNotEqual, 80},
        {75, JET_bitSeekGT, JET_errSuccess, 80},
        {90, JET_bitSeekLT, JET_errSuccess, 80},
        {90, JET_bitSeekLE, JET_errSuccess, 90},
        {90, JET_bitSeekEQ, JET_errSuccess, 90},
        {90, JET_bitSeekGT, JET_errRecordNotFound, 0},
        {99, JET_bitSeekEQ, JET_errRecordNotFound, 0},
        {99, JET_bitSeekGE, JET_errRecordNotFound, 0},
        {99, JET_bitSeekGT, JET_errRecordNotFound, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK(JET_errSuccess, JetMakeKey(s, t, &cases[i].key, sizeof(int), JET_bitNewKey));
        JET_ERR err = JetSeek(s, t, cases[i].grbit);
        CHECK(cases[i].err, err);
        if (err >= 0)
            CHECK_EQ(cases[i].found, get_long(s, t, id));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

static void test_not_transactional(JET_SESID s)
{
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    int v[8];
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTUpdatable | JET_bitTTScrollable, &t, &id));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    insert_long(s, t, id, 1, JET_errSuccess);
    insert_long(s, t, id, 2, JET_errSuccess);
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(2, walk(s, t, id, v, 8));
    /* updatable: inserts, replaces and deletes after the first move; duplicates now fail */
    insert_long(s, t, id, 2, JET_errKeyDuplicate);
    insert_long(s, t, id, 0, JET_errSuccess);
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveLast, 0));
    CHECK_EQ(2, get_long(s, t, id));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetDelete(s, t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(2, walk(s, t, id, v, 8));
    CHECK_EQ(0, v[0]);
    CHECK_EQ(1, v[1]);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

static void test_bad_input(JET_INSTANCE inst, JET_SESID s)
{
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    (void)inst;
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errInvalidSesid, JetOpenTempTable(0, &col, 1, 0, &t, &id));
    CHECK(JET_errInvalidParameter, JetOpenTempTable(s, &col, 1, 0, NULL, &id));
    CHECK(JET_errInvalidParameter, JetOpenTempTable(s, NULL, 1, 0, &t, &id));
    CHECK(JET_errInvalidParameter, JetOpenTempTable(s, &col, 1, 0, &t, NULL));
    col.coltyp = 0;
    CHECK(JET_errInvalidColumnType, JetOpenTempTable(s, &col, 1, 0, &t, &id));
    col.coltyp = 99;
    CHECK(JET_errInvalidColumnType, JetOpenTempTable(s, &col, 1, 0, &t, &id));
    col.coltyp = JET_coltypText;
    col.cp = 437;
    CHECK(JET_errInvalidCodePage, JetOpenTempTable(s, &col, 1, 0, &t, &id));
    col.cp = 0;
    JET_OPENTEMPORARYTABLE ot;
    memset(&ot, 0, sizeof ot);
    ot.cbStruct = sizeof ot - 1;
    ot.prgcolumndef = &col;
    ot.ccolumn = 1;
    ot.prgcolumnid = &id;
    CHECK(JET_errInvalidParameter, JetOpenTemporaryTable(s, &ot));
    ot.cbStruct = sizeof ot;
    ot.cbKeyMost = 100; /* below JET_cbKeyMostMin */
    CHECK(JET_errInvalidParameter, JetOpenTemporaryTable(s, &ot));
    ot.cbKeyMost = 0;
    ot.cbVarSegMac = 256;
    CHECK(JET_errInvalidParameter, JetOpenTemporaryTable(s, &ot));
    ot.cbVarSegMac = 0;
    CHECK(JET_errSuccess, JetOpenTemporaryTable(s, &ot));
    CHECK_TRUE(ot.tableid != 0 && ot.tableid != JET_tableidNil);
    CHECK(JET_errSuccess, JetCloseTable(s, ot.tableid));
    CHECK(JET_errInvalidParameter, JetOpenTemporaryTable(s, NULL));
    CHECK(JET_errInvalidParameter, JetOpenTemporaryTable2(s, NULL));
}

static void insert_text(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, const char *v)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    if (v)
        CHECK(JET_errSuccess, JetSetColumn(s, t, c, v, (uint32_t)strlen(v), 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

/* the values of a text column in table order, joined by ',' (NULL as "-") */
static void walk_text(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, char *out, size_t n)
{
    out[0] = 0;
    JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
        char v[64];
        uint32_t cb = 0;
        JET_ERR r = JetRetrieveColumn(s, t, c, v, sizeof v - 1, &cb, 0, NULL);
        if (r == JET_wrnColumnNull)
            strcpy(v, "-");
        else
            v[cb] = 0;
        if (out[0])
            strncat(out, ",", n - strlen(out) - 1);
        strncat(out, v, n - strlen(out) - 1);
        err = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
}

static void test_key_order(JET_SESID s)
{
    JET_COLUMNDEF cols[2];
    JET_COLUMNID ids[2];
    JET_TABLEID t = 0;
    char got[256];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof(JET_COLUMNDEF);
    cols[0].coltyp = JET_coltypText;
    cols[0].grbit = JET_bitColumnTTKey;
    /* ASCII text keys compare case-insensitively: "b" and "B" are one key */
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 1, JET_bitTTScrollable, &t, ids));
    insert_text(s, t, ids[0], "pear");
    insert_text(s, t, ids[0], "Apple");
    insert_text(s, t, ids[0], "banana");
    insert_text(s, t, ids[0], "APPLE");
    insert_text(s, t, ids[0], NULL);
    walk_text(s, t, ids[0], got, sizeof got);
    CHECK_STR("-,Apple,banana,pear", got);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* descending, NULLs high */
    cols[0].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 1, JET_bitTTScrollable | JET_bitTTSortNullsHigh, &t, ids));
    insert_text(s, t, ids[0], "b");
    insert_text(s, t, ids[0], NULL);
    insert_text(s, t, ids[0], "c");
    insert_text(s, t, ids[0], "a");
    walk_text(s, t, ids[0], got, sizeof got);
    CHECK_STR("-,c,b,a", got);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* no key column: insertion order, a table from the start (updatable, duplicates kept) */
    cols[0].grbit = 0;
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 1, 0, &t, ids));
    insert_text(s, t, ids[0], "z");
    insert_text(s, t, ids[0], "a");
    insert_text(s, t, ids[0], "z");
    walk_text(s, t, ids[0], got, sizeof got);
    CHECK_STR("z,a,z", got);
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetDelete(s, t));
    walk_text(s, t, ids[0], got, sizeof got);
    CHECK_STR("a,z", got);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* a second, non-key column and a key over two columns */
    cols[0].grbit = JET_bitColumnTTKey;
    cols[1].cbStruct = sizeof(JET_COLUMNDEF);
    cols[1].coltyp = JET_coltypLong;
    cols[1].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 2, JET_bitTTIndexed, &t, ids));
    for (int i = 0; i < 4; i++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[0], i % 2 ? "odd" : "even", i % 2 ? 3 : 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[1], &i, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    int v[8];
    CHECK_EQ(4, walk(s, t, ids[1], v, 8));
    CHECK_EQ(2, v[0]);
    CHECK_EQ(0, v[1]);
    CHECK_EQ(3, v[2]);
    CHECK_EQ(1, v[3]);
    /* seek on the first key column only */
    CHECK(JET_errSuccess, JetMakeKey(s, t, "odd", 3, JET_bitNewKey));
    CHECK(JET_wrnSeekNotEqual, JetSeek(s, t, JET_bitSeekGE));
    CHECK_EQ(3, get_long(s, t, ids[1]));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

static void test_unicode_and_locales(JET_SESID s)
{
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypText;
    col.cp = 1200;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errSuccess, JetOpenTempTable2(s, &col, 1, 1033, JET_bitTTScrollable, &t, &id));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errInvalidLanguageId, JetOpenTempTable2(s, &col, 1, 0x7777, JET_bitTTScrollable, &t, &id));
    JET_UNICODEINDEX ui = {1033, 0x400 /* LCMAP_SORTKEY */};
    CHECK(JET_errSuccess, JetOpenTempTable3(s, &col, 1, &ui, JET_bitTTScrollable, &t, &id));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetOpenTempTable3(s, &col, 1, NULL, JET_bitTTScrollable, &t, &id));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    JET_OPENTEMPORARYTABLE2 ot;
    WCHAR loc[8] = {'e', 'n', '-', 'U', 'S', 0};
    JET_UNICODEINDEX2 ui2;
    ui2.szLocaleName = loc;
    ui2.dwMapFlags = 0x400;
    memset(&ot, 0, sizeof ot);
    ot.cbStruct = sizeof ot;
    ot.prgcolumndef = &col;
    ot.ccolumn = 1;
    ot.pidxunicode = &ui2;
    ot.grbit = JET_bitTTScrollable;
    ot.prgcolumnid = &id;
    ot.cbKeyMost = 1000;
    CHECK(JET_errSuccess, JetOpenTemporaryTable2(s, &ot));
    CHECK_TRUE(ot.tableid != 0 && ot.tableid != JET_tableidNil);
    /* keys up to cbKeyMost: two long values differing only past 255 bytes stay apart */
    WCHAR a[300], b[300];
    for (int i = 0; i < 300; i++)
        a[i] = b[i] = 'k';
    b[299] = 'l';
    CHECK(JET_errSuccess, JetPrepareUpdate(s, ot.tableid, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, ot.tableid, id, a, 250, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, ot.tableid, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, ot.tableid, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, ot.tableid, id, b, 250, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, ot.tableid, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCloseTable(s, ot.tableid));
    loc[0] = '!';
    CHECK(JET_errInvalidLanguageId, JetOpenTemporaryTable2(s, &ot));
}

static void test_long_values(JET_SESID s)
{
    /* a long-value column makes a table at once: updatable, its values in the temp database's LV tree */
    JET_COLUMNDEF cols[2];
    JET_COLUMNID ids[2];
    JET_TABLEID t = 0;
    static char big[20000], back[20000];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof(JET_COLUMNDEF);
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnTTKey;
    cols[1].cbStruct = sizeof(JET_COLUMNDEF);
    cols[1].coltyp = JET_coltypLongBinary;
    CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 2, JET_bitTTIndexed, &t, ids));
    CHECK_TRUE(ids[1] >= 256);
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7);
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    for (int k = 0; k < 3; k++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[0], &k, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, ids[1], big, sizeof big - (uint32_t)k, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetRollback(s, 0));
    int k = 1;
    CHECK(JET_errSuccess, JetMakeKey(s, t, &k, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, ids[1], back, sizeof back, &cb, 0, NULL));
    CHECK_EQ(sizeof big - 1, cb);
    CHECK_TRUE(memcmp(big, back, cb) == 0);
    /* a duplicate key in a table from the start */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, ids[0], &k, 4, 0, NULL));
    CHECK(JET_errKeyDuplicate, JetUpdate(s, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepCancel));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void test_space_returns(JET_INSTANCE inst, JET_SESID s)
{
    /* JetCloseTable deletes the table: many temp tables one after the other do not grow tmp.edb */
    char tmp[600];
    unsigned long cbtmp = 0;
    memset(tmp, 0, sizeof tmp);
    CHECK(JET_errSuccess, JetGetSystemParameter(inst, s, JET_paramTempPath, NULL, tmp, sizeof tmp));
    JET_COLUMNDEF cols[2];
    JET_COLUMNID ids[2];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof(JET_COLUMNDEF);
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnTTKey;
    cols[1].cbStruct = sizeof(JET_COLUMNDEF);
    cols[1].coltyp = JET_coltypLongBinary;
    static char big[9000];
    long size_after_10 = 0;
    for (int round = 0; round < 60; round++) {
        JET_TABLEID t = 0;
        CHECK(JET_errSuccess, JetOpenTempTable(s, cols, 2, 0, &t, ids));
        for (int i = 0; i < 20; i++) {
            CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
            CHECK(JET_errSuccess, JetSetColumn(s, t, ids[0], &i, 4, 0, NULL));
            CHECK(JET_errSuccess, JetSetColumn(s, t, ids[1], big, sizeof big, 0, NULL));
            CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        }
        CHECK(JET_errSuccess, JetCloseTable(s, t));
        if (round == 10)
            size_after_10 = file_size(tmp);
    }
    (void)cbtmp;
    CHECK_TRUE(size_after_10 > 0);
    CHECK_TRUE(file_size(tmp) <= size_after_10 + 64 * 4096);
}

static void test_too_many_sorts(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t[4];
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "sorts"));
    harness_own_paths(inst);
    JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off");
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 2, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t[0], &id));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t[1], &id));
    CHECK(JET_errTooManySorts, JetOpenTempTable(s, &col, 1, 0, &t[2], &id));
    CHECK(JET_errSuccess, JetCloseTable(s, t[0]));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t[2], &id));
    /* ending the session closes (and deletes) its temp tables */
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t[0], &id));
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t[1], &id));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* no temporary tables at all */
    inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "nosorts"));
    harness_own_paths(inst);
    JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off");
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errTooManySorts, JetOpenTempTable(s, &col, 1, 0, &t[0], &id));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    JET_INSTANCE inst = start("temp");
    JET_SESID s = 0;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    test_sort_with_text(s);
    test_duplicates(s);
    test_seek(s);
    test_not_transactional(s);
    test_bad_input(inst, s);
    test_key_order(s);
    test_unicode_and_locales(s);
    test_long_values(s);
    test_space_returns(inst, s);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    test_too_many_sorts();
    return 0;
}
