/*
 * JetCreateTableColumnIndex, 2, 3, 4 (A and W): JET_TABLECREATE* with their
 * column and index arrays. What ESE writes back (columnid and err per
 * column, err per index, tableid, cCreated), also when it fails; cbStruct
 * checks; table-level errors; template and derived tables; callbacks; space
 * hints; Unicode indexes from an LCID or a locale name; immutable structures.
 * Expected values: ESE's fcreate.cxx / jetapi.cxx and ManagedEsent's
 * BasicDDLTests (cCreated, per-index err).
 */
#include "harness.h"

static JET_INSTANCE inst;
static JET_SESID ses;
static JET_DBID db;

static void start(void)
{
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "ddlcreate"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &ses, NULL, NULL));
    unlink("ddlcreate.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(ses, "ddlcreate.edb", NULL, &db, 0));
}

static void stop(void)
{
    CHECK(JET_errSuccess, JetCloseDatabase(ses, db, 0));
    CHECK(JET_errSuccess, JetEndSession(ses, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static JET_COLUMNCREATE_A col(char *name, JET_COLTYP coltyp, unsigned long grbit)
{
    JET_COLUMNCREATE_A c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.szColumnName = name;
    c.coltyp = coltyp;
    c.grbit = grbit;
    c.cp = 1252;
    c.columnid = 0x5555;
    c.err = 12345;
    return c;
}

static JET_INDEXCREATE_A idx(char *name, char *key, unsigned long cbKey, JET_GRBIT grbit)
{
    JET_INDEXCREATE_A i;
    memset(&i, 0, sizeof i);
    i.cbStruct = sizeof i;
    i.szIndexName = name;
    i.szKey = key;
    i.cbKey = cbKey;
    i.grbit = grbit;
    i.err = 12345;
    return i;
}

static JET_TABLECREATE_A table(char *name, JET_COLUMNCREATE_A *cols, unsigned long ncols, JET_INDEXCREATE_A *idxs, unsigned long nidx)
{
    JET_TABLECREATE_A t;
    memset(&t, 0, sizeof t);
    t.cbStruct = sizeof t;
    t.szTableName = name;
    t.ulPages = 4;
    t.ulDensity = 90;
    t.rgcolumncreate = cols;
    t.cColumns = ncols;
    t.rgindexcreate = idxs;
    t.cIndexes = nidx;
    t.tableid = 777;
    t.cCreated = 999;
    return t;
}

static void insert_row(JET_TABLEID t, JET_COLUMNID cid, int32_t id, JET_COLUMNID cname, const char *name)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cid, &id, sizeof id, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cname, name, (uint32_t)strlen(name), 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
}

static void test_basic(void)
{
    JET_COLUMNCREATE_A cols[3] = {
        col("Id", JET_coltypLong, JET_bitColumnNotNULL),
        col("Name", JET_coltypText, 0),
        col("Notes", JET_coltypLongText, 0),
    };
    JET_INDEXCREATE_A idxs[2] = {
        idx("Primary", "+Id\0", 5, JET_bitIndexPrimary),
        idx("ByName", "-Name\0+Id\0", 11, 0),
    };
    JET_TABLECREATE_A t = table("People", cols, 3, idxs, 2);
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(6, t.cCreated);
    CHECK_TRUE(t.tableid != 777 && t.tableid != JET_tableidNil);
    CHECK_EQ(1, cols[0].columnid);
    CHECK_EQ(128, cols[1].columnid);
    CHECK_EQ(256, cols[2].columnid);
    for (int i = 0; i < 3; i++) CHECK_EQ(JET_errSuccess, cols[i].err);
    CHECK_EQ(JET_errSuccess, idxs[0].err);
    CHECK_EQ(JET_errSuccess, idxs[1].err);

    /* rows go in and the secondary index finds them */
    insert_row(t.tableid, cols[0].columnid, 1, cols[1].columnid, "alpha");
    insert_row(t.tableid, cols[0].columnid, 2, cols[1].columnid, "beta");
    insert_row(t.tableid, cols[0].columnid, 3, cols[1].columnid, "gamma");
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t.tableid, "ByName"));
    CHECK(JET_errSuccess, JetMove(ses, t.tableid, JET_MoveFirst, 0));
    int32_t id = 0;
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t.tableid, cols[0].columnid, &id, sizeof id, &cb, 0, NULL));
    CHECK_EQ(3, id); /* descending on Name: gamma first */
    CHECK(JET_errSuccess, JetMakeKey(ses, t.tableid, "beta", 4, JET_bitNewKey));
    CHECK(JET_wrnSeekNotEqual, JetSeek(ses, t.tableid, JET_bitSeekGE)); /* a key of one of two columns */
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t.tableid, cols[0].columnid, &id, sizeof id, &cb, 0, NULL));
    CHECK_EQ(2, id);
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));

    /* a second table with the same name */
    JET_TABLECREATE_A dup = table("people", NULL, 0, NULL, 0);
    CHECK(JET_errTableDuplicate, JetCreateTableColumnIndex(ses, db, &dup));
    CHECK_EQ(1, dup.cCreated);
    CHECK_EQ(JET_tableidNil, dup.tableid);
}

/* after a failure nothing of the table exists */
static void check_absent(const char *name)
{
    JET_TABLEID t = 0;
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, name, NULL, 0, 0, &t));
}

static void test_column_errors(void)
{
    /* the second column has no valid type: it gets the error, the first its id */
    JET_COLUMNCREATE_A cols[3] = {
        col("A", JET_coltypLong, 0),
        col("B", 0, 0),
        col("C", JET_coltypText, 0),
    };
    JET_TABLECREATE_A t = table("ColErr", cols, 3, NULL, 0);
    CHECK(JET_errInvalidColumnType, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(2, t.cCreated);
    CHECK_EQ(JET_tableidNil, t.tableid);
    CHECK_EQ(1, cols[0].columnid);
    CHECK_EQ(JET_errSuccess, cols[0].err);
    CHECK_EQ(JET_errInvalidColumnType, cols[1].err);
    CHECK_EQ(12345, cols[2].err);
    CHECK_EQ(0x5555, cols[2].columnid);
    check_absent("ColErr");

    /* a bad name */
    JET_COLUMNCREATE_A bad[2] = { col("Ok", JET_coltypLong, 0), col("bad.name", JET_coltypLong, 0) };
    t = table("ColErr", bad, 2, NULL, 0);
    CHECK(JET_errInvalidName, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errInvalidName, bad[1].err);
    CHECK_EQ(2, t.cCreated);

    /* a multi-valued column must be tagged */
    JET_COLUMNCREATE_A mv[1] = { col("M", JET_coltypLong, JET_bitColumnMultiValued) };
    t = table("ColErr", mv, 1, NULL, 0);
    CHECK(JET_errMultiValuedColumnMustBeTagged, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errMultiValuedColumnMustBeTagged, mv[0].err);
    CHECK_EQ(1, t.cCreated);

    /* two autoincrement columns */
    JET_COLUMNCREATE_A ai[2] = { col("A1", JET_coltypLong, JET_bitColumnAutoincrement), col("A2", JET_coltypLong, JET_bitColumnAutoincrement) };
    t = table("ColErr", ai, 2, NULL, 0);
    CHECK(JET_errColumnRedundant, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errSuccess, ai[0].err);
    CHECK_EQ(JET_errColumnRedundant, ai[1].err);

    /* a duplicate name fails where ESE inserts the catalog row: counted, err untouched */
    JET_COLUMNCREATE_A dup[2] = { col("Same", JET_coltypLong, 0), col("SAME", JET_coltypText, 0) };
    t = table("ColErr", dup, 2, NULL, 0);
    CHECK(JET_errColumnDuplicate, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(3, t.cCreated);
    CHECK_EQ(JET_errSuccess, dup[0].err);
    CHECK_EQ(12345, dup[1].err);

    /* a default too big for the column */
    long long big = 7;
    JET_COLUMNCREATE_A dv[1] = { col("D", JET_coltypLong, 0) };
    dv[0].pvDefault = &big;
    dv[0].cbDefault = sizeof big;
    t = table("ColErr", dv, 1, NULL, 0);
    CHECK(JET_errDefaultValueTooBig, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errDefaultValueTooBig, dv[0].err);

    /* 128 fixed columns: the 128th is one too many */
    static char names[128][8];
    static JET_COLUMNCREATE_A many[128];
    for (int i = 0; i < 128; i++) {
        snprintf(names[i], sizeof names[i], "f%d", i);
        many[i] = col(names[i], JET_coltypBit, 0);
    }
    t = table("ColErr", many, 128, NULL, 0);
    CHECK(JET_errTooManyColumns, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(127, many[126].columnid);
    CHECK_EQ(JET_errTooManyColumns, many[127].err);
    CHECK_EQ(128, t.cCreated);
    t = table("ColErr", many, 127, NULL, 0);
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));
}

static void test_index_errors(void)
{
    /* ManagedEsent's JetCreateTableColumnIndexWithInvalidIndexName */
    JET_COLUMNCREATE_A cols[3] = {
        col("col1_short", JET_coltypShort, 0),
        col("col2_longtext", JET_coltypLongText, 0),
        col("col1_short2", JET_coltypShort, 0),
    };
    cols[1].cp = 1200;
    JET_INDEXCREATE_A idxs[3] = {
        idx("firstIndex", "+col1_short\0-col2_longtext\0", 28, 0),
        idx("secondIndex", "+col2_longtext\0-col1_short\0", 28, 0),
        idx("[BAD!NAME]", "+col1_short2\0-col2_longtext\0", 29, 0),
    };
    for (int i = 0; i < 3; i++) idxs[i].ulDensity = 99;
    JET_TABLECREATE_A t = table("tableBigBang", cols, 3, idxs, 3);
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errInvalidName, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errSuccess, idxs[0].err);
    CHECK_EQ(JET_errSuccess, idxs[1].err);
    CHECK_EQ(JET_errInvalidName, idxs[2].err);
    CHECK_EQ(6, t.cCreated);
    for (int i = 0; i < 3; i++) CHECK_EQ(JET_errSuccess, cols[i].err);
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    check_absent("tableBigBang");

    /* without the bad index the same request works: 1 table, 3 columns, 2 indexes */
    t = table("tableBigBang", cols, 3, idxs, 2);
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(6, t.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));

    /* an index over a column that does not exist */
    JET_INDEXCREATE_A nf[2] = { idx("ok", "+col1_short\0", 13, 0), idx("nf", "+nothere\0", 10, 0) };
    t = table("IdxErr", cols, 3, nf, 2);
    CHECK(JET_errColumnNotFound, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errSuccess, nf[0].err);
    CHECK_EQ(JET_errColumnNotFound, nf[1].err);
    CHECK_EQ(5, t.cCreated);

    /* two primary indexes */
    JET_INDEXCREATE_A two[2] = { idx("p1", "+col1_short\0", 13, JET_bitIndexPrimary), idx("p2", "+col1_short2\0", 14, JET_bitIndexPrimary) };
    t = table("IdxErr", cols, 3, two, 2);
    CHECK(JET_errIndexHasPrimary, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errIndexHasPrimary, two[1].err);

    /* key strings: no leading +/-, missing terminator */
    JET_INDEXCREATE_A ks[1] = { idx("k", "col1_short\0", 12, 0) };
    t = table("IdxErr", cols, 3, ks, 1);
    CHECK(JET_errIndexInvalidDef, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errIndexInvalidDef, ks[0].err);
    ks[0] = idx("k", "+col1_short", 11, 0);
    CHECK(JET_errIndexInvalidDef, JetCreateTableColumnIndex(ses, db, &t));

    /* a primary index cannot ignore NULLs */
    ks[0] = idx("k", "+col1_short\0", 13, JET_bitIndexPrimary | JET_bitIndexIgnoreNull);
    CHECK(JET_errInvalidGrbit, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(JET_errInvalidGrbit, ks[0].err);

    /* a conditional primary index */
    JET_CONDITIONALCOLUMN_A cc = { sizeof cc, "col1_short2", JET_bitIndexColumnMustBeNull };
    ks[0] = idx("k", "+col1_short\0", 13, JET_bitIndexPrimary);
    ks[0].rgconditionalcolumn = &cc;
    ks[0].cConditionalColumn = 1;
    CHECK(JET_errIndexInvalidDef, JetCreateTableColumnIndex(ses, db, &t));

    /* a duplicate index name: counted, err untouched */
    JET_INDEXCREATE_A di[2] = { idx("same", "+col1_short\0", 13, 0), idx("Same", "+col1_short2\0", 14, 0) };
    t = table("IdxErr", cols, 3, di, 2);
    CHECK(JET_errIndexDuplicate, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(6, t.cCreated);
    CHECK_EQ(JET_errSuccess, di[0].err);
    CHECK_EQ(12345, di[1].err);

    /* an index density out of range is checked with the space hints, before anything */
    JET_INDEXCREATE_A dn[1] = { idx("d", "+col1_short\0", 13, 0) };
    dn[0].ulDensity = 101;
    cols[0].columnid = 0x5555;
    t = table("IdxErr", cols, 3, dn, 1);
    CHECK(JET_errDensityInvalid, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(0, t.cCreated);
    CHECK_EQ(12345, dn[0].err);
    CHECK_EQ(0x5555, cols[0].columnid);
    check_absent("IdxErr");
}

static void test_table_errors(void)
{
    JET_TABLECREATE_A t = table("bad!name", NULL, 0, NULL, 0);
    CHECK(JET_errInvalidName, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(0, t.cCreated);
    t = table("T", NULL, 0, NULL, 0);
    t.ulDensity = 10;
    CHECK(JET_errDensityInvalid, JetCreateTableColumnIndex(ses, db, &t));
    t = table("T", NULL, 0, NULL, 0);
    t.grbit = JET_bitTableCreateNoFixedVarColumnsInDerivedTables;
    CHECK(JET_errInvalidGrbit, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(999, t.cCreated); /* ESE fails before counting */
    t.grbit = JET_bitTableCreateTemplateTable;
    t.szTemplateTableName = "Other";
    CHECK(JET_errCannotNestDDL, JetCreateTableColumnIndex(ses, db, &t));
    t = table("T", NULL, 0, NULL, 0);
    t.szTemplateTableName = "NoSuchTemplate";
    CHECK(JET_errObjectNotFound, JetCreateTableColumnIndex(ses, db, &t));
    t.szTemplateTableName = "People"; /* not a template */
    CHECK(JET_errDDLNotInheritable, JetCreateTableColumnIndex(ses, db, &t));
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex(ses, db, NULL));
    JET_COLUMNCREATE_A c1 = col("x", JET_coltypLong, 0);
    t = table("T", NULL, 1, NULL, 0);
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex(ses, db, &t));
    t = table("T", &c1, 1, NULL, 0);
    c1.cbStruct = sizeof c1 - 8;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex(ses, db, &t));
    c1.cbStruct = sizeof c1;
    t.cIndexes = 1;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex(ses, db, &t));
    JET_INDEXCREATE_A i1 = idx("i", "+x\0", 4, 0);
    t.rgindexcreate = &i1;
    i1.cbStruct = 76;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex(ses, db, &t));
    /* the 72-byte JET_INDEXCREATE of old headers is accepted */
    i1.cbStruct = 72;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(3, t.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));
    /* a bad dbid */
    t = table("T3", NULL, 0, NULL, 0);
    CHECK(JET_errInvalidDatabaseId, JetCreateTableColumnIndex(ses, 99, &t));
}

static void test_template_and_derived(void)
{
    JET_COLUMNCREATE_A cols[2] = { col("Key", JET_coltypLong, 0), col("Tag", JET_coltypText, JET_bitColumnTagged) };
    JET_INDEXCREATE_A idxs[2] = { idx("PK", "+Key\0", 6, JET_bitIndexPrimary), idx("ByTag", "+Tag\0", 6, 0) };
    JET_TABLECREATE_A t = table("Tmpl", cols, 2, idxs, 2);
    t.grbit = JET_bitTableCreateTemplateTable;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &t));
    CHECK_EQ(5, t.cCreated);
    /* template columns carry the template bit */
    CHECK_EQ(0x80000001u, cols[0].columnid);
    CHECK_EQ(0x80000100u, cols[1].columnid);
    /* a template table is FixedDDL: only tagged columns may be added */
    JET_COLUMNDEF cd = { sizeof cd, 0, JET_coltypLong, 0, 0, 0, 0, 0, 0 };
    JET_COLUMNID added = 0;
    CHECK(JET_errFixedDDL, JetAddColumn(ses, t.tableid, "Fixed", &cd, NULL, 0, &added));
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));

    /* a derived table inherits columns and indexes: 1 object created */
    JET_COLUMNCREATE_A own[1] = { col("Own", JET_coltypLong, 0) };
    JET_TABLECREATE2_A d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.szTableName = "Derived";
    d.szTemplateTableName = "Tmpl";
    d.rgcolumncreate = own;
    d.cColumns = 1;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex2(ses, db, &d));
    CHECK_EQ(2, d.cCreated);
    CHECK_EQ(2, own[0].columnid); /* fixed ids continue the template's */
    int32_t k = 42;
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, d.tableid, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, d.tableid, cols[0].columnid, &k, sizeof k, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(ses, d.tableid, cols[1].columnid, "tag", 3, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, d.tableid, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, d.tableid, "ByTag"));
    CHECK(JET_errSuccess, JetMakeKey(ses, d.tableid, "tag", 3, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(ses, d.tableid, JET_bitSeekEQ));
    int32_t got = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, d.tableid, cols[0].columnid, &got, sizeof got, NULL, 0, NULL));
    CHECK_EQ(42, got);
    /* inherited columns and indexes cannot be removed here */
    CHECK(JET_errFixedInheritedDDL, JetDeleteColumn(ses, d.tableid, "Tag"));
    CHECK(JET_errColumnNotFound, JetDeleteColumn2(ses, d.tableid, "Tag", JET_bitDeleteColumnIgnoreTemplateColumns));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, d.tableid, NULL));
    CHECK(JET_errFixedInheritedDDL, JetDeleteIndex(ses, d.tableid, "ByTag"));
    CHECK(JET_errSuccess, JetCloseTable(ses, d.tableid));
    /* a column named as a template column */
    JET_COLUMNCREATE_A clash[1] = { col("key", JET_coltypLong, 0) };
    d.szTableName = "Derived2";
    d.rgcolumncreate = clash;
    CHECK(JET_errColumnDuplicate, JetCreateTableColumnIndex2(ses, db, &d));
    CHECK_EQ(JET_errColumnDuplicate, clash[0].err);
    /* the template cannot go */
    CHECK(JET_errCannotDeleteTemplateTable, JetDeleteTable(ses, db, "Tmpl"));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Derived"));
}

static void test_callbacks_and_versions(void)
{
    JET_COLUMNCREATE_A cols[1] = { col("K", JET_coltypLong, 0) };
    JET_TABLECREATE2_A t;
    memset(&t, 0, sizeof t);
    t.cbStruct = sizeof t;
    t.szTableName = "WithCallback";
    t.rgcolumncreate = cols;
    t.cColumns = 1;
    t.szCallback = "mydll!MyCallback";
    t.cbtyp = JET_cbtypBeforeInsert;
    t.cbStruct = sizeof t + 4;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex2(ses, db, &t));
    t.cbStruct = sizeof t;
    t.cbtyp = 0;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex2(ses, db, &t));
    CHECK_EQ(2, t.cCreated);
    t.cbtyp = JET_cbtypBeforeInsert;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex2(ses, db, &t));
    CHECK_EQ(3, t.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));

    /* JET_TABLECREATE3: JET_INDEXCREATE2 with space hints */
    JET_SPACEHINTS hints = { sizeof(JET_SPACEHINTS), 33, 4096, JET_bitCreateHintAppendSequential, 44, 144, 1024 * 1024, 3 * 1024 * 1024 };
    JET_COLUMNCREATE_A c3[2] = { col("a", JET_coltypShort, 0), col("b", JET_coltypLongText, 0) };
    JET_INDEXCREATE2_A i3[2];
    memset(i3, 0, sizeof i3);
    for (int i = 0; i < 2; i++) {
        i3[i].cbStruct = sizeof i3[i];
        i3[i].szKey = i ? "+b\0-a\0" : "+a\0-b\0";
        i3[i].cbKey = 7;
        i3[i].ulDensity = 79;
    }
    i3[0].szIndexName = "first";
    i3[0].pSpacehints = &hints;
    i3[1].szIndexName = "second";
    JET_TABLECREATE3_A t3;
    memset(&t3, 0, sizeof t3);
    t3.cbStruct = sizeof t3;
    t3.szTableName = "Hints";
    t3.ulPages = 23;
    t3.ulDensity = 75;
    t3.rgcolumncreate = c3;
    t3.cColumns = 2;
    t3.rgindexcreate = i3;
    t3.cIndexes = 2;
    t3.cbSeparateLV = 100;
    t3.pSeqSpacehints = &hints;
    t3.pLVSpacehints = &hints;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex3(ses, db, &t3));
    CHECK_EQ(5, t3.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, t3.tableid));
    /* sequential hints with a primary index */
    i3[1].grbit = JET_bitIndexPrimary;
    t3.szTableName = "Hints2";
    CHECK(JET_errSpaceHintsInvalid, JetCreateTableColumnIndex3(ses, db, &t3));
    CHECK_EQ(0, t3.cCreated);
    i3[1].grbit = 0;
    t3.pSeqSpacehints = NULL;
    hints.grbit = JET_bitRetrieveHintTableScanForward | JET_bitRetrieveHintTableScanBackward;
    CHECK(JET_errSpaceHintsInvalid, JetCreateTableColumnIndex3(ses, db, &t3));
    hints.grbit = 0;
    hints.cbStruct = 8;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex3(ses, db, &t3));
    hints.cbStruct = sizeof hints;
    hints.ulInitialDensity = 10;
    CHECK(JET_errDensityInvalid, JetCreateTableColumnIndex3(ses, db, &t3));
    hints.ulInitialDensity = 0; /* corrected to the default */
    CHECK(JET_errSuccess, JetCreateTableColumnIndex3(ses, db, &t3));
    CHECK(JET_errSuccess, JetCloseTable(ses, t3.tableid));
    i3[1].cbStruct = sizeof(JET_INDEXCREATE_A);
    t3.szTableName = "Hints3";
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex3(ses, db, &t3));

    /* JET_TABLECREATE4: JET_INDEXCREATE3 with a locale name */
    WCHAR locale[] = { 'f', 'r', '-', 'F', 'R', 0 };
    JET_UNICODEINDEX2 ui = { locale, 0 };
    JET_INDEXCREATE3_A i4;
    memset(&i4, 0, sizeof i4);
    i4.cbStruct = sizeof i4;
    i4.szIndexName = "fr";
    i4.szKey = "+b\0";
    i4.cbKey = 4;
    i4.grbit = JET_bitIndexUnicode;
    i4.pidxunicode = &ui;
    JET_TABLECREATE4_A t4;
    memset(&t4, 0, sizeof t4);
    t4.cbStruct = sizeof t4;
    t4.szTableName = "Locale";
    t4.rgcolumncreate = c3;
    t4.cColumns = 2;
    t4.rgindexcreate = &i4;
    t4.cIndexes = 1;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex4(ses, db, &t4));
    CHECK_EQ(4, t4.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, t4.tableid));
    /* a JET_UNICODEINDEX2 without JET_bitIndexUnicode (or the reverse) */
    t4.szTableName = "Locale2";
    i4.grbit = 0;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex4(ses, db, &t4));
    CHECK_EQ(0, i4.err);
    i4.grbit = JET_bitIndexUnicode;
    i4.pidxunicode = NULL;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex4(ses, db, &t4));
    /* LCMapString flags ESE refuses */
    i4.pidxunicode = &ui;
    ui.dwMapFlags = 0x100; /* LCMAP_LOWERCASE */
    CHECK(JET_errInvalidLCMapStringFlags, JetCreateTableColumnIndex4(ses, db, &t4));
    CHECK_EQ(JET_errInvalidLCMapStringFlags, i4.err);
    t4.cbStruct = sizeof(JET_TABLECREATE3_A) - 8;
    CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex4(ses, db, &t4));

    /* an LCID in a JET_INDEXCREATE without JET_bitIndexUnicode; an unknown one */
    JET_INDEXCREATE_A il = idx("lcid", "+b\0", 4, 0);
    il.lcid = 0x409;
    JET_TABLECREATE_A tl = table("Lcid", c3, 2, &il, 1);
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &tl));
    CHECK(JET_errSuccess, JetCloseTable(ses, tl.tableid));
    il.lcid = 0x12345;
    tl = table("Lcid2", c3, 2, &il, 1);
    CHECK(JET_errInvalidLanguageId, JetCreateTableColumnIndex(ses, db, &tl));
    check_absent("Lcid2");

    /* an immutable structure is not written to, and its table is closed */
    JET_TABLECREATE2_A im;
    memset(&im, 0, sizeof im);
    im.cbStruct = sizeof im;
    im.szTableName = "Immutable";
    im.rgcolumncreate = cols;
    im.cColumns = 1;
    im.grbit = JET_bitTableCreateImmutableStructure;
    im.tableid = 777;
    im.cCreated = 999;
    cols[0].columnid = 0x5555;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex2(ses, db, &im));
    CHECK_EQ(777, im.tableid);
    CHECK_EQ(999, im.cCreated);
    CHECK_EQ(0x5555, cols[0].columnid);
    JET_TABLEID ti = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Immutable", NULL, 0, 0, &ti));
    CHECK(JET_errSuccess, JetCloseTable(ses, ti));
}

static void test_wide(void)
{
    WCHAR tname[] = { 'W', 'i', 'd', 'e', 0 };
    WCHAR c1[] = { 'I', 'd', 0 };
    WCHAR c2[] = { 'T', 'e', 'x', 't', 0 };
    WCHAR iname[] = { 'B', 'y', 'T', 'e', 'x', 't', 0 };
    WCHAR key[] = { '+', 'T', 'e', 'x', 't', 0, '-', 'I', 'd', 0, 0 };
    JET_COLUMNCREATE_W cols[2];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].szColumnName = c1;
    cols[0].coltyp = JET_coltypLong;
    cols[1].cbStruct = sizeof cols[1];
    cols[1].szColumnName = c2;
    cols[1].coltyp = JET_coltypText;
    cols[1].cp = 1200;
    JET_INDEXCREATE_W ix;
    memset(&ix, 0, sizeof ix);
    ix.cbStruct = sizeof ix;
    ix.szIndexName = iname;
    ix.szKey = key;
    ix.cbKey = sizeof key;
    JET_TABLECREATE_W t;
    memset(&t, 0, sizeof t);
    t.cbStruct = sizeof t;
    t.szTableName = tname;
    t.rgcolumncreate = cols;
    t.cColumns = 2;
    t.rgindexcreate = &ix;
    t.cIndexes = 1;
    CHECK(JET_errSuccess, JetCreateTableColumnIndexW(ses, db, &t));
    CHECK_EQ(4, t.cCreated);
    CHECK_EQ(1, cols[0].columnid);
    CHECK_EQ(128, cols[1].columnid);
    CHECK(JET_errSuccess, JetSetCurrentIndexW(ses, t.tableid, iname));
    CHECK(JET_errSuccess, JetCloseTable(ses, t.tableid));
    /* 2, 3, 4 in W */
    WCHAR t2[] = { 'W', '2', 0 };
    JET_TABLECREATE2_W w2;
    memset(&w2, 0, sizeof w2);
    w2.cbStruct = sizeof w2;
    w2.szTableName = t2;
    w2.rgcolumncreate = cols;
    w2.cColumns = 2;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex2W(ses, db, &w2));
    CHECK_EQ(3, w2.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, w2.tableid));
    WCHAR t3n[] = { 'W', '3', 0 };
    JET_INDEXCREATE2_W ix2;
    memset(&ix2, 0, sizeof ix2);
    ix2.cbStruct = sizeof ix2;
    ix2.szIndexName = iname;
    ix2.szKey = key;
    ix2.cbKey = sizeof key;
    JET_TABLECREATE3_W w3;
    memset(&w3, 0, sizeof w3);
    w3.cbStruct = sizeof w3;
    w3.szTableName = t3n;
    w3.rgcolumncreate = cols;
    w3.cColumns = 2;
    w3.rgindexcreate = &ix2;
    w3.cIndexes = 1;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex3W(ses, db, &w3));
    CHECK_EQ(4, w3.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, w3.tableid));
    WCHAR t4n[] = { 'W', '4', 0 };
    WCHAR loc[] = { 'e', 'n', '-', 'U', 'S', 0 };
    JET_UNICODEINDEX2 ui = { loc, 0x00030401 };
    JET_INDEXCREATE3_W ix3;
    memset(&ix3, 0, sizeof ix3);
    ix3.cbStruct = sizeof ix3;
    ix3.szIndexName = iname;
    ix3.szKey = key;
    ix3.cbKey = sizeof key;
    ix3.grbit = JET_bitIndexUnicode;
    ix3.pidxunicode = &ui;
    JET_TABLECREATE4_W w4;
    memset(&w4, 0, sizeof w4);
    w4.cbStruct = sizeof w4;
    w4.szTableName = t4n;
    w4.rgcolumncreate = cols;
    w4.cColumns = 2;
    w4.rgindexcreate = &ix3;
    w4.cIndexes = 1;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex4W(ses, db, &w4));
    CHECK_EQ(4, w4.cCreated);
    CHECK(JET_errSuccess, JetCloseTable(ses, w4.tableid));
    /* a bad column name in W */
    WCHAR bad[] = { 'a', '.', 'b', 0 };
    cols[1].szColumnName = bad;
    w2.szTableName = t2;
    CHECK(JET_errTableDuplicate, JetCreateTableColumnIndex2W(ses, db, &w2));
    WCHAR t5[] = { 'W', '5', 0 };
    w2.szTableName = t5;
    CHECK(JET_errInvalidName, JetCreateTableColumnIndex2W(ses, db, &w2));
    CHECK_EQ(JET_errInvalidName, cols[1].err);
}

static int entries(JET_TABLEID t, const char *index)
{
    int n = 0;
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, index));
    for (JET_ERR e = JetMove(ses, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(ses, t, JET_MoveNext, 0)) n++;
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    return n;
}

static void test_index_variants(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Variants", 0, 0, &t));
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID cid = 0, cword = 0, cnum = 0;
    CHECK(JET_errSuccess, JetAddColumn(ses, t, "Id", &cd, NULL, 0, &cid));
    CHECK(JET_errSuccess, JetAddColumn(ses, t, "Num", &cd, NULL, 0, &cnum));
    cd.coltyp = JET_coltypText;
    cd.cp = 1252;
    CHECK(JET_errSuccess, JetAddColumn(ses, t, "Word", &cd, NULL, 0, &cword));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    insert_row(t, cid, 1, cword, "abcd");

    /* tuple indexes: every substring of 2 or 3 characters */
    JET_TUPLELIMITS tl = { 2, 3, 0x7fff, 1, 0 };
    JET_INDEXCREATE_A ix = idx("tuples", "+Word\0", 7, JET_bitIndexTupleLimits);
    ix.ptuplelimits = &tl;
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, &ix, 1));
    CHECK_EQ(3, entries(t, "tuples")); /* abc, bcd, cd */
    ix.szIndexName = "tuples2";
    ix.grbit = JET_bitIndexTupleLimits | JET_bitIndexUnique;
    CHECK(JET_errIndexTuplesNonUniqueOnly, JetCreateIndex2(ses, t, &ix, 1));
    ix.grbit = JET_bitIndexTupleLimits;
    ix.szKey = "+Num\0";
    ix.cbKey = 6;
    CHECK(JET_errIndexTuplesTextBinaryColumnsOnly, JetCreateIndex2(ses, t, &ix, 1));
    ix.szKey = "+Word\0";
    ix.cbKey = 7;
    tl.chLengthMin = 1;
    CHECK(JET_errIndexTuplesInvalidLimits, JetCreateIndex2(ses, t, &ix, 1));
    ix.ptuplelimits = NULL;
    CHECK(JET_errIndexInvalidDef, JetCreateIndex2(ses, t, &ix, 1));
    CHECK(JET_errIndexTuplesNonUniqueOnly, JetCreateIndex(ses, t, "tuples3", JET_bitIndexTuples | JET_bitIndexUnique, "+Word\0", 7, 100));

    /* key sizes */
    ix = idx("keymost", "+Word\0", 7, JET_bitIndexKeyMost);
    ix.cbKeyMost = 1000;
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, &ix, 1));
    ix.szIndexName = "keymost2";
    ix.cbKeyMost = JET_cbKeyMostMost + 1;
    CHECK(JET_errIndexInvalidDef, JetCreateIndex2(ses, t, &ix, 1));
    ix.cbKeyMost = JET_cbKeyMostMin - 1;
    CHECK(JET_errIndexInvalidDef, JetCreateIndex2(ses, t, &ix, 1));
    /* a variable segment cut to 4 bytes: two words alike in their start collide */
    insert_row(t, cid, 2, cword, "abcdXYZ");
    ix = idx("varseg", "+Word\0", 7, JET_bitIndexUnique);
    ix.cbVarSegMac = 4;
    CHECK(JET_errKeyDuplicate, JetCreateIndex2(ses, t, &ix, 1));
    ix.cbVarSegMac = 0;
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, &ix, 1));
    ix.szIndexName = "varseg2";
    ix.cbVarSegMac = 256;
    CHECK(JET_errIndexInvalidDef, JetCreateIndex2(ses, t, &ix, 1));

    /* Unicode: an LCID with its flags, an unknown LCID, flags ESE refuses */
    JET_UNICODEINDEX ui = { 0x409, 0x00030401 };
    ix = idx("uni", "+Word\0", 7, JET_bitIndexUnicode);
    ix.pidxunicode = &ui;
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, &ix, 1));
    CHECK_EQ(2, entries(t, "uni"));
    ix.szIndexName = "uni2";
    ui.lcid = 0x12345;
    CHECK(JET_errInvalidLanguageId, JetCreateIndex2(ses, t, &ix, 1));
    ui.lcid = 0x409;
    ui.dwMapFlags = 0x100;
    CHECK(JET_errInvalidLCMapStringFlags, JetCreateIndex2(ses, t, &ix, 1));

    /* conditional columns */
    JET_CONDITIONALCOLUMN_A cc = { sizeof cc, "Num", JET_bitIndexColumnMustBeNull };
    ix = idx("cond", "+Word\0", 7, 0);
    ix.rgconditionalcolumn = &cc;
    ix.cConditionalColumn = 1;
    CHECK(JET_errSuccess, JetCreateIndex2(ses, t, &ix, 1));
    CHECK_EQ(2, entries(t, "cond"));
    ix.szIndexName = "cond2";
    cc.grbit = 0;
    CHECK(JET_errInvalidGrbit, JetCreateIndex2(ses, t, &ix, 1));
    cc.grbit = JET_bitIndexColumnMustBeNonNull;
    cc.szColumnName = "Nope";
    CHECK(JET_errColumnNotFound, JetCreateIndex2(ses, t, &ix, 1));
    cc.cbStruct = 8;
    CHECK(JET_errIndexInvalidDef, JetCreateIndex2(ses, t, &ix, 1));

    /* grbits and densities */
    CHECK(JET_errInvalidGrbit, JetCreateIndex(ses, t, "empty", JET_bitIndexEmpty, "+Word\0", 7, 100));
    CHECK(JET_errDensityInvalid, JetCreateIndex(ses, t, "dense", 0, "+Word\0", 7, 19));
    CHECK(JET_errInvalidParameter, JetCreateIndex(ses, t, "nokey", 0, "+Word\0", 0, 100));
    CHECK(JET_errIndexHasPrimary, JetCreateIndex(ses, t, "PK2", JET_bitIndexPrimary, "+Num\0", 6, 100));
    CHECK(JET_errIndexDuplicate, JetCreateIndex(ses, t, "pk", 0, "+Num\0", 6, 100));
    /* an unversioned index in a transaction needs the table exclusively (the creating cursor has it) */
    JET_TABLEID t3 = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Variants", NULL, 0, 0, &t3));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errInTransaction, JetCreateIndex(ses, t3, "unversioned", JET_bitIndexUnversioned, "+Num\0", 6, 100));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "unversioned", JET_bitIndexUnversioned, "+Num\0", 6, 100));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t3));
    /* a primary index on a table with records */
    JET_TABLEID t2 = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "NoPrimary", 0, 0, &t2));
    JET_COLUMNID c2 = 0;
    CHECK(JET_errSuccess, JetAddColumn(ses, t2, "a", &cd, NULL, 0, &c2));
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t2, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t2, c2, "x", 1, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t2, NULL, 0, NULL));
    CHECK(JET_errTableNotEmpty, JetCreateIndex(ses, t2, "late", JET_bitIndexPrimary, "+a\0", 4, 100));
    CHECK(JET_errSuccess, JetCloseTable(ses, t2));

    /* W: JetCreateIndexW and JetCreateIndex2W, 3W, 4W */
    WCHAR wname[] = { 'w', '1', 0 };
    WCHAR wkey[] = { '-', 'W', 'o', 'r', 'd', 0, 0 };
    CHECK(JET_errSuccess, JetCreateIndexW(ses, t, wname, 0, wkey, sizeof wkey, 100));
    CHECK(JET_errIndexDuplicate, JetCreateIndexW(ses, t, wname, 0, wkey, sizeof wkey, 100));
    CHECK(JET_errInvalidParameter, JetCreateIndexW(ses, t, wname, 0, wkey, 3, 100));
    WCHAR w2[] = { 'w', '2', 0 }, w3[] = { 'w', '3', 0 }, w4[] = { 'w', '4', 0 };
    JET_INDEXCREATE_W iw;
    memset(&iw, 0, sizeof iw);
    iw.cbStruct = sizeof iw;
    iw.szIndexName = w2;
    iw.szKey = wkey;
    iw.cbKey = sizeof wkey;
    CHECK(JET_errSuccess, JetCreateIndex2W(ses, t, &iw, 1));
    JET_INDEXCREATE2_W iw2;
    memset(&iw2, 0, sizeof iw2);
    iw2.cbStruct = sizeof iw2;
    iw2.szIndexName = w3;
    iw2.szKey = wkey;
    iw2.cbKey = sizeof wkey;
    CHECK(JET_errSuccess, JetCreateIndex3W(ses, t, &iw2, 1));
    WCHAR loc[] = { 'd', 'e', '-', 'D', 'E', 0 };
    JET_UNICODEINDEX2 ui2 = { loc, 0 };
    JET_INDEXCREATE3_W iw3;
    memset(&iw3, 0, sizeof iw3);
    iw3.cbStruct = sizeof iw3;
    iw3.szIndexName = w4;
    iw3.szKey = wkey;
    iw3.cbKey = sizeof wkey;
    iw3.grbit = JET_bitIndexUnicode;
    iw3.pidxunicode = &ui2;
    CHECK(JET_errSuccess, JetCreateIndex4W(ses, t, &iw3, 1));
    CHECK_EQ(2, entries(t, "w4"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

int main(void)
{
    start();
    test_basic();
    test_column_errors();
    test_index_errors();
    test_table_errors();
    test_template_and_derived();
    test_callbacks_and_versions();
    test_wide();
    test_index_variants();
    stop();
    return 0;
}
