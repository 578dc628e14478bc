/*
 * DDL in transactions: a table, column or index created in a transaction
 * and rolled back is gone (and its name free again); nested levels undo
 * only their own DDL; another session sees a new table only once it is
 * committed; an index created over existing rows (committed or this
 * transaction's) holds them; a unique index over duplicates fails with
 * JET_errKeyDuplicate and leaves nothing behind; committed DDL survives
 * JetTerm + JetInit, and a dirty JetTerm recovered from the log.
 */
#include "harness.h"

static JET_INSTANCE inst;
static JET_SESID ses, other;
static JET_DBID db, db2;

static void init_at(const char *dir)
{
    char tmp[128];
    inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "ddltxn"));
    mkdir(dir, 0777);
    snprintf(tmp, sizeof tmp, "%stmp.edb", dir);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, tmp));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &ses, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &other, NULL, NULL));
}

static void open_db(const char *file)
{
    CHECK(JET_errSuccess, JetAttachDatabase(ses, file, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(ses, file, NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(other, file, NULL, &db2, 0));
}

static void term(void)
{
    CHECK(JET_errSuccess, JetEndSession(other, 0));
    CHECK(JET_errSuccess, JetEndSession(ses, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static JET_COLUMNID add(JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit)
{
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.cp = 1252;
    cd.grbit = grbit;
    JET_COLUMNID id = 0;
    CHECK(JET_errSuccess, JetAddColumn(ses, t, name, &cd, NULL, 0, &id));
    return id;
}

static void insert(JET_TABLEID t, JET_COLUMNID ck, int32_t k, JET_COLUMNID cv, const char *v)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, ck, &k, sizeof k, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cv, v, (uint32_t)strlen(v), 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
}

static int opens(JET_SESID s, JET_DBID d, const char *name)
{
    JET_TABLEID t = 0;
    JET_ERR e = JetOpenTable(s, d, name, NULL, 0, 0, &t);
    if (e >= 0) JetCloseTable(s, t);
    return e;
}

static int count_rows(JET_SESID s, JET_TABLEID t, const char *index)
{
    int n = 0;
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t, index));
    for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, t, JET_MoveNext, 0)) n++;
    return n;
}

static void test_rollback_and_visibility(void)
{
    JET_TABLEID t = 0;
    /* created and rolled back: gone, the name free */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Gone", 0, 0, &t));
    add(t, "x", JET_coltypLong, 0);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "ix", 0, "+x\0", 4, 100));
    CHECK(JET_errObjectNotFound, opens(other, db2, "Gone"));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errObjectNotFound, opens(ses, db, "Gone"));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Gone", 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Gone"));
    /* many times over: the space of each rollback is given back, the file does not grow */
    struct stat before, after;
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Again", 16, 0, &t));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK_EQ(0, stat("ddltxn.edb", &before));
    for (int i = 0; i < 50; i++) {
        CHECK(JET_errSuccess, JetBeginTransaction(ses));
        CHECK(JET_errSuccess, JetCreateTable(ses, db, "Again", 16, 0, &t));
        CHECK(JET_errSuccess, JetRollback(ses, 0));
    }
    CHECK_EQ(0, stat("ddltxn.edb", &after));
    CHECK_EQ(before.st_size, after.st_size);

    /* another session sees a new table after the commit only */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Shared", 0, 0, &t));
    JET_COLUMNID k = add(t, "k", JET_coltypLong, 0);
    JET_COLUMNID v = add(t, "v", JET_coltypText, 0);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    insert(t, k, 1, v, "a");
    CHECK(JET_errObjectNotFound, opens(other, db2, "Shared"));
    /* and cannot take its name meanwhile */
    JET_TABLEID o = 0;
    CHECK(JET_errTableDuplicate, JetCreateTable(other, db2, "Shared", 0, 0, &o));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errSuccess, opens(other, db2, "Shared"));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Shared", NULL, 0, 0, &o));
    CHECK_EQ(1, count_rows(other, o, "pk"));
    CHECK(JET_errSuccess, JetCloseTable(other, o));

    /* a column added and rolled back is gone; the same name comes back with the same id */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    JET_COLUMNID w = add(t, "w", JET_coltypLong, 0);
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "w"));
    CHECK_EQ(w, add(t, "w", JET_coltypLong, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_nested_levels(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Nest", 0, 0, &t));
    JET_COLUMNID a = add(t, "a", JET_coltypLong, 0);
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    add(t, "b", JET_coltypLong, 0);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "byb", 0, "+b\0", 4, 100));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    /* level 2 undone: b and its index gone, a and the table stay */
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "b"));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "byb"));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "bya", 0, "+a\0", 4, 100));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "bya"));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Nest", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetSetCurrentIndex(other, t, "bya"));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(other, t, "byb"));
    CHECK(JET_errSuccess, JetCloseTable(other, t));
    (void)a;

    /* an outer rollback undoes a committed inner level */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Inner", 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errSuccess, opens(ses, db, "Inner"));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errObjectNotFound, opens(ses, db, "Inner"));
}

static void test_indexes_over_rows(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Rows", 0, 0, &t));
    JET_COLUMNID k = add(t, "k", JET_coltypLong, 0);
    JET_COLUMNID v = add(t, "v", JET_coltypText, 0);
    JET_COLUMNID m = add(t, "m", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    const char *vals[] = { "pear", "apple", "fig", "apple", "kiwi" };
    for (int i = 0; i < 5; i++) insert(t, k, i + 1, v, vals[i]);
    /* two values of the multi-valued column in the first record */
    CHECK(JET_errSuccess, JetMakeKey(ses, t, &(int32_t){1}, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(ses, t, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepReplace));
    JET_SETINFO si = { sizeof si, 0, 1 };
    CHECK(JET_errSuccess, JetSetColumn(ses, t, m, &(int32_t){10}, 4, 0, &si));
    si.itagSequence = 2;
    CHECK(JET_errSuccess, JetSetColumn(ses, t, m, &(int32_t){20}, 4, 0, &si));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));

    /* an index over committed rows */
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "byv", 0, "+v\0", 4, 100));
    CHECK_EQ(5, count_rows(ses, t, "byv"));
    CHECK(JET_errSuccess, JetMakeKey(ses, t, "fig", 3, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(ses, t, JET_bitSeekEQ));
    int32_t got = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, k, &got, sizeof got, NULL, 0, NULL));
    CHECK_EQ(3, got);
    /* a multi-valued index has an entry per value (and none for records without one) */
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "bymall", 0, "+m\0", 4, 100));
    CHECK_EQ(6, count_rows(ses, t, "bymall"));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "bym", JET_bitIndexIgnoreAnyNull, "+m\0", 4, 100));
    CHECK_EQ(2, count_rows(ses, t, "bym"));
    CHECK(JET_errSuccess, JetMakeKey(ses, t, &(int32_t){20}, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(ses, t, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, k, &got, sizeof got, NULL, 0, NULL));
    CHECK_EQ(1, got);

    /* rows of this transaction, and an index created after them */
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    insert(t, k, 6, v, "lime");
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "byvdesc", 0, "-v\0", 4, 100));
    CHECK_EQ(6, count_rows(ses, t, "byvdesc"));
    CHECK(JET_errSuccess, JetMove(ses, t, JET_MoveFirst, 0));
    char buf[16] = { 0 };
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, v, buf, sizeof buf, NULL, 0, NULL));
    CHECK_STR("pear", buf);
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));

    /* a unique index over duplicates fails and leaves nothing */
    CHECK(JET_errKeyDuplicate, JetCreateIndex(ses, t, "uniq", JET_bitIndexUnique, "+v\0", 4, 100));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "uniq"));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errKeyDuplicate, JetCreateIndex(ses, t, "uniq", JET_bitIndexUnique, "+v\0", 4, 100));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "uniq"));
    /* the transaction goes on */
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "uniq", 0, "+v\0", 4, 100));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK_EQ(6, count_rows(ses, t, "uniq"));
    /* unique over distinct values works, and then refuses a duplicate insert */
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "uniqk", JET_bitIndexUnique, "-k\0", 4, 100));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_batch_indexes(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Batch", 0, 0, &t));
    JET_COLUMNID k = add(t, "k", JET_coltypLong, 0);
    JET_COLUMNID v = add(t, "v", JET_coltypText, 0);
    insert(t, k, 1, v, "x");
    insert(t, k, 2, v, "y");
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    JET_INDEXCREATE_A ix[2];
    memset(ix, 0, sizeof ix);
    ix[0].cbStruct = ix[1].cbStruct = sizeof ix[0];
    ix[0].szIndexName = "bk";
    ix[0].szKey = "+k\0";
    ix[0].cbKey = 4;
    ix[1].szIndexName = "bv";
    ix[1].szKey = "-v\0";
    ix[1].cbKey = 4;
    /* several at once: outside a transaction, on a table held exclusively */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Batch", NULL, 0, 0, &t));
    CHECK(JET_errExclusiveTableLockRequired, JetCreateIndex2(ses, t, ix, 2));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errInTransaction, JetCreateIndex2(ses, t, ix, 2));
    CHECK(JET_errInTransaction, JetCreateIndex2(ses, t, ix, 0));
    /* one at a time is fine in a transaction */
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, ix, 1));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Batch", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "bk"));
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, ix, 0));
    ix[1].grbit = JET_bitIndexPrimary;
    CHECK(JET_errInvalidGrbit, JetCreateIndex2(ses, t, ix, 2));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "bk"));
    ix[1].grbit = 0;
    ix[1].cbStruct = 12;
    CHECK(JET_errInvalidParameter, JetCreateIndex2(ses, t, ix, 2));
    ix[1].cbStruct = sizeof ix[1];
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, ix, 2));
    CHECK_EQ(2, count_rows(ses, t, "bk"));
    CHECK_EQ(2, count_rows(ses, t, "bv"));
    CHECK(JET_errSuccess, JetMove(ses, t, JET_MoveFirst, 0));
    int32_t got = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, k, &got, sizeof got, NULL, 0, NULL));
    CHECK_EQ(2, got); /* "y" first, descending */
    /* all or nothing: the second's duplicate name undoes the first */
    JET_INDEXCREATE2_A i2[2];
    memset(i2, 0, sizeof i2);
    i2[0].cbStruct = i2[1].cbStruct = sizeof i2[0];
    i2[0].szIndexName = "new1";
    i2[0].szKey = "+v\0";
    i2[0].cbKey = 4;
    i2[1].szIndexName = "bk";
    i2[1].szKey = "+v\0";
    i2[1].cbKey = 4;
    CHECK(JET_errIndexDuplicate, JetCreateIndex3(ses, t, i2, 2));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "new1"));
    i2[1].szIndexName = "new2";
    CHECK(JET_errSuccess, JetCreateIndex3(ses, t, i2, 2));
    CHECK_EQ(2, count_rows(ses, t, "new2"));
    /* JET_INDEXCREATE3 */
    JET_INDEXCREATE3_A i3;
    memset(&i3, 0, sizeof i3);
    i3.cbStruct = sizeof i3;
    i3.szIndexName = "new3";
    i3.szKey = "+k\0+v\0";
    i3.cbKey = 7;
    i3.grbit = JET_bitIndexUnique;
    CHECK(JET_errSuccess, JetCreateIndex4(ses, t, &i3, 1));
    CHECK_EQ(2, count_rows(ses, t, "new3"));
    i3.cbStruct = sizeof(JET_INDEXCREATE_A);
    CHECK(JET_errInvalidParameter, JetCreateIndex4(ses, t, &i3, 1));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void check_persisted(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errObjectNotFound, opens(ses, db, "Gone"));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Rows", NULL, 0, 0, &t));
    CHECK_EQ(6, count_rows(ses, t, "byv"));
    CHECK_EQ(6, count_rows(ses, t, "uniq"));
    CHECK_EQ(2, count_rows(ses, t, "bym"));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "byb"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Batch", NULL, 0, 0, &t));
    CHECK_EQ(2, count_rows(ses, t, "new3"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Renamed", NULL, 0, 0, &t));
    CHECK_EQ(1, count_rows(ses, t, "pk"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errObjectNotFound, opens(ses, db, "Shared"));
    CHECK(JET_errObjectNotFound, opens(ses, db, "Dropped"));
}

int main(void)
{
    init_at("txnlogs/");
    unlink("ddltxn.edb");
    JET_DBID created = 0;
    CHECK(JET_errSuccess, JetCreateDatabase(ses, "ddltxn.edb", NULL, &created, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(ses, created, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(ses, "ddltxn.edb"));
    open_db("ddltxn.edb");
    test_rollback_and_visibility();
    test_nested_levels();
    test_indexes_over_rows();
    test_batch_indexes();
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Dropped", 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Dropped"));
    CHECK(JET_errSuccess, JetRenameTable(ses, db, "Shared", "Renamed"));
    term();

    /* a clean JetTerm, a new JetInit */
    init_at("txnlogs/");
    open_db("ddltxn.edb");
    check_persisted();
    /* DDL committed, then a dirty JetTerm: recovery from the log brings it back */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "AfterCrash", 0, 0, &t));
    JET_COLUMNID k = add(t, "k", JET_coltypLong, 0);
    JET_COLUMNID v = add(t, "v", JET_coltypText, 0);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "byv", 0, "+v\0", 4, 100));
    insert(t, k, 1, v, "crash");
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Uncommitted", 0, 0, &t));
    CHECK(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    init_at("txnlogs/");
    open_db("ddltxn.edb");
    check_persisted();
    CHECK(JET_errObjectNotFound, opens(ses, db, "Uncommitted"));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "AfterCrash", NULL, 0, 0, &t));
    CHECK_EQ(1, count_rows(ses, t, "byv"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    term();
    return 0;
}
