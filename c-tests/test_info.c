/*
 * The schema and info calls at every public level, A and W, with bad input:
 * JetGetTableColumnInfo / JetGetColumnInfo, JetGetTableIndexInfo /
 * JetGetIndexInfo, JetGetObjectInfo, JetGetTableInfo, JetGetCursorInfo,
 * JetGetCurrentIndex. The list levels return temporary tables walked with
 * JetMove / JetRetrieveColumn through the column ids of JET_COLUMNLIST,
 * JET_INDEXLIST and JET_OBJECTLIST, with ESE's column types, value sizes and
 * row order (info.cxx). Expected values follow ESE's source and
 * ManagedEsent's tests that ran against Windows ESENT.
 */
#include "harness.h"

#include <stdint.h>

static JET_INSTANCE start(const char *name)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off");
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

static void wide(const char *a, WCHAR *w, size_t n)
{
    size_t i = 0;
    for (; a[i] && i + 1 < n; i++)
        w[i] = (WCHAR)(unsigned char)a[i];
    w[i] = 0;
}

static int wide_eq(const WCHAR *w, const char *a)
{
    size_t i = 0;
    for (; a[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)a[i])
            return 0;
    return w[i] == 0;
}

/* a value of a list table: returns its size, or -1 for NULL */
static long get(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, void *buf, uint32_t cb)
{
    uint32_t actual = 0;
    JET_ERR err = JetRetrieveColumn(s, t, c, buf, cb, &actual, 0, NULL);
    if (err == JET_wrnColumnNull)
        return -1;
    CHECK(JET_errSuccess, err);
    return (long)actual;
}

static uint32_t get_u32(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    uint32_t v = 0xdeadbeef;
    CHECK_EQ(4, get(s, t, c, &v, sizeof v));
    return v;
}

static uint16_t get_u16(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    uint16_t v = 0xdead;
    CHECK_EQ(2, get(s, t, c, &v, sizeof v));
    return v;
}

static void get_name(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, char *out, size_t n)
{
    long cb = get(s, t, c, out, (uint32_t)n - 1);
    CHECK_TRUE(cb > 0 && (size_t)cb < n);
    out[cb > 0 && (size_t)cb < n ? cb : 0] = 0;
}

/* the test table: Id Long (autoincrement, primary key), Name Text 1252 (100),
   Wide Text 1200, Data LongBinary, Multi Long multi-valued, Def Short with a default */
struct fixture {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID id, name, wide, data, multi, def;
};

static JET_COLUMNID add(struct fixture *f, const char *name, JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit, unsigned short cp, const void *pvDefault, uint32_t cbDefault)
{
    JET_COLUMNDEF cd;
    JET_COLUMNID id = 0;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.cbMax = cbMax;
    cd.grbit = grbit;
    cd.cp = cp;
    CHECK(JET_errSuccess, JetAddColumn(f->s, f->t, name, &cd, pvDefault, cbDefault, &id));
    return id;
}

static void setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->inst = start("info");
    CHECK(JET_errSuccess, JetBeginSession(f->inst, &f->s, NULL, NULL));
    unlink("info.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(f->s, "info.edb", NULL, &f->db, 0));
    CHECK(JET_errSuccess, JetCreateTable(f->s, f->db, "Info", 0, 0, &f->t));
    short d = 42;
    f->id = add(f, "Id", JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnNotNULL | JET_bitColumnAutoincrement, 0, NULL, 0);
    f->name = add(f, "Name", JET_coltypText, 100, 0, 1252, NULL, 0);
    f->wide = add(f, "wide", JET_coltypText, 0, 0, 1200, NULL, 0);
    f->data = add(f, "Data", JET_coltypLongBinary, 0, 0, 0, NULL, 0);
    f->multi = add(f, "Multi", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, NULL, 0);
    f->def = add(f, "Def", JET_coltypShort, 0, 0, 0, &d, sizeof d);
    CHECK(JET_errSuccess, JetCreateIndex(f->s, f->t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 90));
    CHECK(JET_errSuccess, JetCreateIndex(f->s, f->t, "ByName", 0, "+Name\0-Id\0", 11, 0));
    CHECK(JET_errSuccess, JetCreateIndex(f->s, f->t, "ByWide", JET_bitIndexUnique | JET_bitIndexIgnoreAnyNull, "+wide\0", 7, 0));
    /* two records */
    for (int i = 0; i < 2; i++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(f->s, f->t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(f->s, f->t, f->name, i ? "bob" : "alice", i ? 3 : 5, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(f->s, f->t, NULL, 0, NULL));
    }
}

static void teardown(struct fixture *f)
{
    CHECK(JET_errSuccess, JetCloseTable(f->s, f->t));
    CHECK(JET_errSuccess, JetEndSession(f->s, 0));
    CHECK(JET_errSuccess, JetTerm(f->inst));
}

static void test_column_single(struct fixture *f)
{
    JET_COLUMNDEF cd;
    memset(&cd, 0x55, sizeof cd);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, "id", &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(sizeof cd, cd.cbStruct);
    CHECK_EQ(f->id, cd.columnid);
    CHECK_EQ(JET_coltypLong, cd.coltyp);
    CHECK_EQ(4, cd.cbMax);
    CHECK_EQ(JET_bitColumnFixed | JET_bitColumnNotNULL | JET_bitColumnAutoincrement | JET_bitColumnUpdatable, cd.grbit);
    CHECK_EQ(1, cd.wCountry);
    CHECK_EQ(0x409, cd.langid);
    CHECK_EQ(0, cd.wCollate);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, "Name", &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(JET_coltypText, cd.coltyp);
    CHECK_EQ(100, cd.cbMax);
    CHECK_EQ(1252, cd.cp);
    CHECK_EQ(JET_bitColumnUpdatable, cd.grbit);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, (const char *)&f->multi, &cd, sizeof cd, JET_ColInfoByColid));
    CHECK_EQ(f->multi, cd.columnid);
    CHECK_EQ(JET_bitColumnTagged | JET_bitColumnMultiValued | JET_bitColumnUpdatable, cd.grbit);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, (const char *)&f->data, &cd, sizeof cd, JET_ColInfoByColid));
    CHECK_EQ(JET_coltypLongBinary, cd.coltyp);
    CHECK_EQ(256, cd.columnid < 256 ? 0 : 256);

    /* base: the table's name and the column's */
    JET_COLUMNBASE_A b;
    memset(&b, 0, sizeof b);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, "WIDE", &b, sizeof b, JET_ColInfoBase));
    CHECK_EQ(sizeof b, b.cbStruct);
    CHECK_EQ(f->wide, b.columnid);
    CHECK_EQ(1200, b.cp);
    CHECK_STR("Info", b.szBaseTableName);
    CHECK_STR("wide", b.szBaseColumnName);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, (const char *)&f->def, &b, sizeof b, JET_ColInfoBaseByColid));
    CHECK_STR("Def", b.szBaseColumnName);
    JET_COLUMNBASE_W bw;
    WCHAR wn[16];
    wide("Name", wn, 16);
    CHECK(JET_errSuccess, JetGetTableColumnInfoW(f->s, f->t, wn, &bw, sizeof bw, JET_ColInfoBase));
    CHECK_EQ(sizeof bw, bw.cbStruct);
    CHECK_TRUE(wide_eq(bw.szBaseTableName, "Info"));
    CHECK_TRUE(wide_eq(bw.szBaseColumnName, "Name"));
    CHECK(JET_errBufferTooSmall, JetGetTableColumnInfoW(f->s, f->t, wn, &bw, sizeof(JET_COLUMNBASE_A), JET_ColInfoBase));
    CHECK(JET_errSuccess, JetGetTableColumnInfoW(f->s, f->t, wn, &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(f->name, cd.columnid);

    /* by table name: never updatable */
    CHECK(JET_errSuccess, JetGetColumnInfo(f->s, f->db, "Info", "Name", &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(0, cd.grbit);
    WCHAR wt[16];
    wide("info", wt, 16);
    CHECK(JET_errSuccess, JetGetColumnInfoW(f->s, f->db, wt, wn, &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(f->name, cd.columnid);
    CHECK(JET_errSuccess, JetGetColumnInfo(f->s, f->db, "Info", (const char *)&f->id, &b, sizeof b, JET_ColInfoBaseByColid));
    CHECK_STR("Id", b.szBaseColumnName);

    /* errors */
    CHECK(JET_errColumnNotFound, JetGetTableColumnInfo(f->s, f->t, "Nope", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errColumnNotFound, JetGetTableColumnInfo(f->s, f->t, "", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errColumnNotFound, JetGetTableColumnInfo(f->s, f->t, NULL, &cd, sizeof cd, JET_ColInfo));
    JET_COLUMNID bad = 99;
    CHECK(JET_errColumnNotFound, JetGetTableColumnInfo(f->s, f->t, (const char *)&bad, &cd, sizeof cd, JET_ColInfoByColid));
    CHECK(JET_errBufferTooSmall, JetGetTableColumnInfo(f->s, f->t, "Id", &cd, sizeof cd - 1, JET_ColInfo));
    CHECK(JET_errBufferTooSmall, JetGetTableColumnInfo(f->s, f->t, "Id", &b, sizeof b - 1, JET_ColInfoBase));
    CHECK(JET_errInvalidParameter, JetGetTableColumnInfo(f->s, f->t, "Id", &cd, sizeof cd, 2));
    CHECK(JET_errInvalidParameter, JetGetTableColumnInfo(f->s, f->t, "Id", &cd, sizeof cd, 99));
    CHECK(JET_errFeatureNotAvailable, JetGetTableColumnInfo(f->s, f->t, "Id", &cd, sizeof cd, JET_ColInfoSysTabCursor));
    CHECK(JET_errInvalidName, JetGetTableColumnInfo(f->s, f->t, "a.b", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errInvalidTableId, JetGetTableColumnInfo(f->s, 0x1234, "Id", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errInvalidSesid, JetGetTableColumnInfo(0, f->t, "Id", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errObjectNotFound, JetGetColumnInfo(f->s, f->db, "Missing", "Id", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errInvalidParameter, JetGetColumnInfo(f->s, f->db, NULL, "Id", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errInvalidDatabaseId, JetGetColumnInfo(f->s, 77, "Info", "Id", &cd, sizeof cd, JET_ColInfo));
}

/* walks a JET_COLUMNLIST: names in row order */
static int column_rows(JET_SESID s, const JET_COLUMNLIST *cl, char names[][70], JET_COLUMNID *ids, int max, int unicode)
{
    int n = 0;
    JET_ERR err = JetMove(s, cl->tableid, JET_MoveFirst, 0);
    while (err == JET_errSuccess && n < max) {
        if (unicode) {
            WCHAR w[70];
            long cb = get(s, cl->tableid, cl->columnidcolumnname, w, sizeof w - 2);
            CHECK_TRUE(cb > 0 && cb % 2 == 0);
            int i = 0;
            for (; i < cb / 2; i++)
                names[n][i] = (char)w[i];
            names[n][i] = 0;
        } else {
            get_name(s, cl->tableid, cl->columnidcolumnname, names[n], 70);
        }
        ids[n] = get_u32(s, cl->tableid, cl->columnidcolumnid);
        n++;
        err = JetMove(s, cl->tableid, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
    return n;
}

static void test_column_list(struct fixture *f)
{
    JET_COLUMNLIST cl;
    char names[16][70];
    JET_COLUMNID ids[16];
    memset(&cl, 0, sizeof cl);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_EQ(sizeof cl, cl.cbStruct);
    CHECK_EQ(6, cl.cRecord);
    CHECK_TRUE(cl.tableid != 0 && cl.tableid != JET_tableidNil);
    CHECK_EQ(cl.columnidcolumnname, cl.columnidDefinitionName);
    /* the list is on its first row already */
    char first[70];
    get_name(f->s, cl.tableid, cl.columnidcolumnname, first, sizeof first);
    CHECK_STR("Data", first);
    /* rows in column name order, case-insensitively */
    CHECK_EQ(6, column_rows(f->s, &cl, names, ids, 16, 0));
    CHECK_STR("Data", names[0]);
    CHECK_STR("Def", names[1]);
    CHECK_STR("Id", names[2]);
    CHECK_STR("Multi", names[3]);
    CHECK_STR("Name", names[4]);
    CHECK_STR("wide", names[5]);
    CHECK_EQ(f->id, ids[2]);
    /* every value of a row, with ESE's sizes */
    CHECK(JET_errSuccess, JetMove(f->s, cl.tableid, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetMove(f->s, cl.tableid, 1, 0)); /* Def */
    CHECK_EQ(-1, get(f->s, cl.tableid, cl.columnidPresentationOrder, first, 4));
    CHECK_EQ(JET_coltypShort, get_u32(f->s, cl.tableid, cl.columnidcoltyp));
    CHECK_EQ(1, get_u16(f->s, cl.tableid, cl.columnidCountry));
    CHECK_EQ(0x409, get_u16(f->s, cl.tableid, cl.columnidLangid));
    CHECK_EQ(0, get_u16(f->s, cl.tableid, cl.columnidCp));
    CHECK_EQ(0, get_u16(f->s, cl.tableid, cl.columnidCollate));
    CHECK_EQ(2, get_u32(f->s, cl.tableid, cl.columnidcbMax));
    CHECK_EQ(JET_bitColumnFixed | JET_bitColumnUpdatable, get_u32(f->s, cl.tableid, cl.columnidgrbit));
    short d = 0;
    CHECK_EQ(2, get(f->s, cl.tableid, cl.columnidDefault, &d, sizeof d));
    CHECK_EQ(42, d);
    char tn[70];
    get_name(f->s, cl.tableid, cl.columnidBaseTableName, tn, sizeof tn);
    CHECK_STR("Info", tn);
    get_name(f->s, cl.tableid, cl.columnidBaseColumnName, tn, sizeof tn);
    CHECK_STR("Def", tn);
    CHECK(JET_errSuccess, JetMove(f->s, cl.tableid, JET_MoveNext, 0)); /* Id: no default */
    CHECK_EQ(-1, get(f->s, cl.tableid, cl.columnidDefault, &d, sizeof d));
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));
    CHECK(JET_errInvalidTableId, JetMove(f->s, cl.tableid, JET_MoveFirst, 0));

    /* sorted by column id; the presentation order column holds the id */
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoListSortColumnid));
    CHECK_EQ(6, column_rows(f->s, &cl, names, ids, 16, 0));
    CHECK_STR("Id", names[0]);
    CHECK_STR("Def", names[1]);
    CHECK_STR("Name", names[2]);
    CHECK_STR("wide", names[3]);
    CHECK_STR("Data", names[4]);
    CHECK_STR("Multi", names[5]);
    CHECK_TRUE(ids[0] < ids[1] && ids[1] < ids[2] && ids[3] < ids[4] && ids[4] < ids[5]);
    CHECK(JET_errSuccess, JetMove(f->s, cl.tableid, JET_MoveLast, 0));
    CHECK_EQ(f->multi, get_u32(f->s, cl.tableid, cl.columnidPresentationOrder));
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoList | JET_ColInfoGrbitSortByColumnid));
    CHECK_EQ(6, column_rows(f->s, &cl, names, ids, 16, 0));
    CHECK_STR("Id", names[0]);
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));

    /* minimal info: name and id only */
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoList | JET_ColInfoGrbitMinimalInfo));
    CHECK_EQ(6, cl.cRecord);
    CHECK_EQ(-1, get(f->s, cl.tableid, cl.columnidcoltyp, &d, 4));
    CHECK_EQ(-1, get(f->s, cl.tableid, cl.columnidBaseTableName, tn, sizeof tn));
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));
    CHECK(JET_errSuccess, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoList | JET_ColInfoGrbitNonDerivedColumnsOnly));
    CHECK_EQ(6, cl.cRecord);
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));

    /* W: names in UTF-16 */
    CHECK(JET_errSuccess, JetGetTableColumnInfoW(f->s, f->t, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_EQ(6, column_rows(f->s, &cl, names, ids, 16, 1));
    CHECK_STR("Data", names[0]);
    CHECK_STR("wide", names[5]);
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));
    CHECK(JET_errSuccess, JetGetColumnInfo(f->s, f->db, "Info", NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_EQ(6, cl.cRecord);
    CHECK(JET_errSuccess, JetMove(f->s, cl.tableid, JET_MoveFirst, 0));
    CHECK_EQ(0, get_u32(f->s, cl.tableid, cl.columnidgrbit) & JET_bitColumnUpdatable);
    CHECK(JET_errSuccess, JetCloseTable(f->s, cl.tableid));

    CHECK(JET_errBufferTooSmall, JetGetTableColumnInfo(f->s, f->t, NULL, &cl, sizeof cl - 1, JET_ColInfoList));
    CHECK(JET_errInvalidParameter, JetGetTableColumnInfo(f->s, f->t, NULL, NULL, sizeof cl, JET_ColInfoList));
}

struct segrow {
    char index[70];
    uint32_t grbit, ccol, icol, colid, coltyp, grbitcol, lcmap;
    uint16_t langid, cp;
    char column[70];
};

static int index_rows(JET_SESID s, const JET_INDEXLIST *il, struct segrow *rows, int max)
{
    int n = 0;
    JET_ERR err = JetMove(s, il->tableid, JET_MoveFirst, 0);
    while (err == JET_errSuccess && n < max) {
        struct segrow *r = &rows[n++];
        get_name(s, il->tableid, il->columnidindexname, r->index, sizeof r->index);
        r->grbit = get_u32(s, il->tableid, il->columnidgrbitIndex);
        r->ccol = get_u32(s, il->tableid, il->columnidcColumn);
        r->icol = get_u32(s, il->tableid, il->columnidiColumn);
        r->colid = get_u32(s, il->tableid, il->columnidcolumnid);
        r->coltyp = get_u32(s, il->tableid, il->columnidcoltyp);
        r->grbitcol = get_u32(s, il->tableid, il->columnidgrbitColumn);
        r->langid = get_u16(s, il->tableid, il->columnidLangid);
        r->cp = get_u16(s, il->tableid, il->columnidCp);
        CHECK_EQ(1, get_u16(s, il->tableid, il->columnidCountry));
        CHECK_EQ(0, get_u16(s, il->tableid, il->columnidCollate));
        CHECK_EQ(0, get_u32(s, il->tableid, il->columnidcKey));
        CHECK_EQ(0, get_u32(s, il->tableid, il->columnidcEntry));
        CHECK_EQ(0, get_u32(s, il->tableid, il->columnidcPage));
        if (il->cbStruct == sizeof(JET_INDEXLIST))
            r->lcmap = get_u32(s, il->tableid, il->columnidLCMapFlags);
        get_name(s, il->tableid, il->columnidcolumnname, r->column, sizeof r->column);
        err = JetMove(s, il->tableid, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
    return n;
}

static void test_index_list(struct fixture *f)
{
    JET_INDEXLIST il;
    struct segrow rows[16];
    memset(&il, 0, sizeof il);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, NULL, &il, sizeof il, JET_IdxInfoList));
    CHECK_EQ(sizeof il, il.cbStruct);
    CHECK_EQ(4, il.cRecord);
    CHECK_EQ(4, index_rows(f->s, &il, rows, 16));
    /* by index name, then key column */
    CHECK_STR("ByName", rows[0].index);
    CHECK_EQ(2, rows[0].ccol);
    CHECK_EQ(0, rows[0].icol);
    CHECK_STR("Name", rows[0].column);
    CHECK_EQ(JET_bitKeyAscending, rows[0].grbitcol);
    CHECK_EQ(1252, rows[0].cp);
    CHECK_EQ(JET_coltypText, rows[0].coltyp);
    CHECK_STR("ByName", rows[1].index);
    CHECK_EQ(1, rows[1].icol);
    CHECK_STR("Id", rows[1].column);
    CHECK_EQ(f->id, rows[1].colid);
    CHECK_EQ(JET_bitKeyDescending, rows[1].grbitcol);
    CHECK_EQ(0, rows[0].grbit);
    CHECK_STR("ByWide", rows[2].index);
    CHECK_EQ(JET_bitIndexUnique | JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull | JET_bitIndexIgnoreFirstNull, rows[2].grbit);
    CHECK_EQ(0x409, rows[2].langid);
    CHECK_TRUE(rows[2].lcmap != 0);
    CHECK_STR("PK", rows[3].index);
    CHECK_EQ(JET_bitIndexPrimary | JET_bitIndexUnique, rows[3].grbit);
    CHECK(JET_errSuccess, JetCloseTable(f->s, il.tableid));

    /* one index; the older, shorter structure */
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "byname", &il, sizeof il - 4, JET_IdxInfo));
    CHECK_EQ(sizeof il - 4, il.cbStruct);
    CHECK_EQ(2, il.cRecord);
    CHECK_EQ(2, index_rows(f->s, &il, rows, 16));
    CHECK(JET_errSuccess, JetCloseTable(f->s, il.tableid));
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, NULL, &il, sizeof il - 5, JET_IdxInfoList));
    CHECK(JET_errIndexNotFound, JetGetTableIndexInfo(f->s, f->t, "Nope", &il, sizeof il, JET_IdxInfo));
    CHECK(JET_errSuccess, JetGetIndexInfo(f->s, f->db, "Info", "PK", &il, sizeof il, JET_IdxInfo));
    CHECK_EQ(1, il.cRecord);
    CHECK(JET_errSuccess, JetCloseTable(f->s, il.tableid));
    WCHAR wt[16], wi[16];
    wide("Info", wt, 16);
    wide("ByWide", wi, 16);
    CHECK(JET_errSuccess, JetGetIndexInfoW(f->s, f->db, wt, wi, &il, sizeof il, JET_IdxInfoList));
    CHECK_EQ(1, il.cRecord);
    WCHAR w[70];
    long cb = get(f->s, il.tableid, il.columnidindexname, w, sizeof w);
    CHECK_EQ(12, cb);
    CHECK_TRUE(w[0] == 'B' && w[5] == 'e');
    CHECK(JET_errSuccess, JetCloseTable(f->s, il.tableid));
    CHECK(JET_errObjectNotFound, JetGetIndexInfo(f->s, f->db, "Missing", NULL, &il, sizeof il, JET_IdxInfoList));
}

static void test_index_levels(struct fixture *f)
{
    uint32_t u = 0;
    uint16_t h = 0;
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, NULL, &u, sizeof u, JET_IdxInfoCount));
    CHECK_EQ(3, u);
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, NULL, &h, sizeof h, JET_IdxInfoCount));
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "PK", &u, sizeof u, JET_IdxInfoSpaceAlloc));
    CHECK_EQ(90, u);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByWide", &u, sizeof u, JET_IdxInfoLCID));
    CHECK_EQ(0x409, u);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByWide", &h, sizeof h, JET_IdxInfoLangid));
    CHECK_EQ(0x409, h);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByName", &h, sizeof h, JET_IdxInfoKeyMost));
    CHECK_EQ(255, h);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByName", &h, sizeof h, JET_IdxInfoVarSegMac));
    CHECK_EQ(255, h);
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, "ByName", &h, 1, JET_IdxInfoVarSegMac));
    JET_INDEXID id1, id2;
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByName", &id1, sizeof id1, JET_IdxInfoIndexId));
    CHECK_EQ(sizeof id1, id1.cbStruct);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByWide", &id2, sizeof id2, JET_IdxInfoIndexId));
    CHECK_TRUE(memcmp(&id1, &id2, sizeof id1) != 0);
    CHECK(JET_errIndexNotFound, JetGetTableIndexInfo(f->s, f->t, "Nope", &id1, sizeof id1, JET_IdxInfoIndexId));
    WCHAR loc[100];
    memset(loc, 0, sizeof loc);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByWide", loc, sizeof loc, JET_IdxInfoLocaleName));
    CHECK_TRUE(wide_eq(loc, "en-US"));
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, "ByWide", loc, 20, JET_IdxInfoLocaleName));
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByName", &u, sizeof u, 18 /* JET_IdxInfoSpaceOwned */));
    CHECK_TRUE(u >= 1);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "PK", &u, sizeof u, 19 /* JET_IdxInfoSpaceAvailable */));
    CHECK(JET_errFeatureNotAvailable, JetGetTableIndexInfo(f->s, f->t, NULL, &u, sizeof u, JET_IdxInfoOLC));
    CHECK(JET_errFeatureNotAvailable, JetGetTableIndexInfo(f->s, f->t, NULL, &u, sizeof u, JET_IdxInfoResetOLC));
    CHECK(JET_errFeatureNotAvailable, JetGetTableIndexInfo(f->s, f->t, NULL, &u, sizeof u, JET_IdxInfoSysTabCursor));
    CHECK(JET_errInvalidParameter, JetGetTableIndexInfo(f->s, f->t, NULL, &u, sizeof u, 77));
    CHECK(JET_errSuccess, JetGetIndexInfo(f->s, f->db, "Info", "PK", &u, sizeof u, JET_IdxInfoSpaceAlloc));
    CHECK_EQ(90, u);

    /* a JET_INDEXCREATE that re-creates the index */
    union { JET_INDEXCREATE_A a; char buf[1024]; } ic;
    memset(&ic, 0, sizeof ic);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByName", &ic, sizeof ic, JET_IdxInfoCreateIndex));
    CHECK_EQ(sizeof(JET_INDEXCREATE_A), ic.a.cbStruct);
    CHECK_STR("ByName", ic.a.szIndexName);
    CHECK_EQ(11, ic.a.cbKey);
    CHECK_TRUE(memcmp(ic.a.szKey, "+Name\0-Id\0", 11) == 0);
    CHECK_EQ(JET_bitIndexUnicode, ic.a.grbit);
    CHECK_EQ(0x409, ic.a.pidxunicode->lcid);
    CHECK_EQ(255, ic.a.cbKeyMost);
    CHECK_EQ(255, ic.a.cbVarSegMac);
    CHECK_TRUE((char *)ic.a.szIndexName > ic.buf && (char *)ic.a.szIndexName < ic.buf + sizeof ic);
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, "ByName", &ic, sizeof(JET_INDEXCREATE_A) + 4, JET_IdxInfoCreateIndex));
    CHECK(JET_errBufferTooSmall, JetGetTableIndexInfo(f->s, f->t, "ByName", &ic, sizeof(JET_INDEXCREATE_A) - 1, JET_IdxInfoCreateIndex));
    /* no name: the primary index */
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, NULL, &ic, sizeof ic, JET_IdxInfoCreateIndex));
    CHECK_STR("PK", ic.a.szIndexName);
    CHECK_EQ(JET_bitIndexPrimary | JET_bitIndexUnique | JET_bitIndexUnicode, ic.a.grbit);
    CHECK_EQ(90, ic.a.ulDensity);
    union { JET_INDEXCREATE2_A a; char buf[1024]; } ic2;
    CHECK(JET_errSuccess, JetGetTableIndexInfo(f->s, f->t, "ByWide", &ic2, sizeof ic2, JET_IdxInfoCreateIndex2));
    CHECK_EQ(sizeof(JET_INDEXCREATE2_A), ic2.a.cbStruct);
    CHECK_TRUE(ic2.a.pSpacehints != NULL && ic2.a.pSpacehints->cbStruct == sizeof(JET_SPACEHINTS));
    union { JET_INDEXCREATE3_W w; char buf[1024]; } ic3;
    WCHAR wbn[16];
    wide("ByName", wbn, 16);
    CHECK(JET_errSuccess, JetGetTableIndexInfoW(f->s, f->t, wbn, &ic3, sizeof ic3, JET_IdxInfoCreateIndex3));
    CHECK_EQ(sizeof(JET_INDEXCREATE3_W), ic3.w.cbStruct);
    CHECK_TRUE(wide_eq(ic3.w.szIndexName, "ByName"));
    CHECK_EQ(22, ic3.w.cbKey);
    CHECK_TRUE(ic3.w.szKey[0] == '+' && ic3.w.szKey[1] == 'N' && ic3.w.szKey[5] == 0 && ic3.w.szKey[6] == '-');
    CHECK_TRUE(wide_eq(ic3.w.pidxunicode->szLocaleName, "en-US"));
}

static void test_objects(struct fixture *f)
{
    JET_OBJECTLIST ol;
    memset(&ol, 0, sizeof ol);
    CHECK(JET_errSuccess, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats));
    CHECK_EQ(sizeof ol, ol.cbStruct);
    /* the table and the system tables of a new database, by name */
    char names[16][70];
    int n = 0, found = -1;
    JET_ERR err = JetMove(f->s, ol.tableid, JET_MoveFirst, 0);
    while (err == JET_errSuccess && n < 16) {
        char c[70];
        get_name(f->s, ol.tableid, ol.columnidcontainername, c, sizeof c);
        CHECK_STR("Tables", c);
        get_name(f->s, ol.tableid, ol.columnidobjectname, names[n], 70);
        CHECK_EQ(JET_objtypTable, get_u32(f->s, ol.tableid, ol.columnidobjtyp));
        CHECK_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable, get_u32(f->s, ol.tableid, ol.columnidgrbit));
        CHECK_EQ(0, get_u32(f->s, ol.tableid, ol.columnidcRecord));
        CHECK_EQ(0, get_u32(f->s, ol.tableid, ol.columnidcPage));
        uint32_t flags = get_u32(f->s, ol.tableid, ol.columnidflags);
        if (strcmp(names[n], "Info") == 0) {
            found = n;
            CHECK_EQ(0, flags);
        }
        if (strcmp(names[n], "MSysObjects") == 0)
            CHECK_TRUE((flags & JET_bitObjectSystem) != 0);
        n++;
        err = JetMove(f->s, ol.tableid, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
    CHECK_EQ(n, ol.cRecord);
    CHECK_TRUE(found >= 0);
    for (int i = 1; i < n; i++)
        CHECK_TRUE(strcasecmp(names[i - 1], names[i]) < 0);
    CHECK(JET_errSuccess, JetCloseTable(f->s, ol.tableid));
    CHECK(JET_errSuccess, JetGetObjectInfo(f->s, f->db, JET_objtypNil, "tables", NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK_EQ(n, ol.cRecord);
    CHECK(JET_errSuccess, JetCloseTable(f->s, ol.tableid));
    /* only tables exist: other object types give an empty list */
    CHECK(JET_errSuccess, JetGetObjectInfo(f->s, f->db, 3, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats));
    CHECK_EQ(0, ol.cRecord);
    CHECK(JET_errNoCurrentRecord, JetMove(f->s, ol.tableid, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetCloseTable(f->s, ol.tableid));
    WCHAR wc[16];
    wide("Tables", wc, 16);
    CHECK(JET_errSuccess, JetGetObjectInfoW(f->s, f->db, JET_objtypTable, wc, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats));
    CHECK_EQ(n, ol.cRecord);
    WCHAR w[70];
    CHECK_EQ(12, get(f->s, ol.tableid, ol.columnidcontainername, w, sizeof w));
    CHECK(JET_errSuccess, JetCloseTable(f->s, ol.tableid));

    JET_OBJECTINFO oi;
    memset(&oi, 0x55, sizeof oi);
    CHECK(JET_errSuccess, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, "info", &oi, sizeof oi, JET_ObjInfo));
    CHECK_EQ(sizeof oi, oi.cbStruct);
    CHECK_EQ(JET_objtypTable, oi.objtyp);
    CHECK_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable, oi.grbit);
    CHECK_EQ(0, oi.flags);
    CHECK(JET_errSuccess, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, "MSysObjects", &oi, sizeof oi, JET_ObjInfoNoStats));
    CHECK_TRUE((oi.flags & JET_bitObjectSystem) != 0);

    CHECK(JET_errObjectNotFound, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, "Missing", &oi, sizeof oi, JET_ObjInfo));
    CHECK(JET_errObjectNotFound, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &oi, sizeof oi, JET_ObjInfo));
    CHECK(JET_errObjectNotFound, JetGetObjectInfo(f->s, f->db, JET_objtypTable, "Queries", NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK(JET_errBufferTooSmall, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, "Info", &oi, sizeof oi - 1, JET_ObjInfo));
    CHECK(JET_errBufferTooSmall, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol - 1, JET_ObjInfoList));
    CHECK(JET_errFeatureNotAvailable, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoSysTabCursor));
    CHECK(JET_errFeatureNotAvailable, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListACM));
    CHECK(JET_errInvalidParameter, JetGetObjectInfo(f->s, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoMax));
    CHECK(JET_errInvalidDatabaseId, JetGetObjectInfo(f->s, 99, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK(JET_errInvalidSesid, JetGetObjectInfo(0, f->db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
}

static void test_table_info(struct fixture *f)
{
    JET_OBJECTINFO oi;
    char name[80];
    WCHAR w[80];
    uint32_t u[4];
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(sizeof oi, oi.cbStruct);
    CHECK_EQ(JET_objtypTable, oi.objtyp);
    CHECK_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable, oi.grbit);
    CHECK(JET_errBufferTooSmall, JetGetTableInfo(f->s, f->t, &oi, sizeof oi - 1, JET_TblInfo));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, name, sizeof name, JET_TblInfoName));
    CHECK_STR("Info", name);
    CHECK(JET_errBufferTooSmall, JetGetTableInfo(f->s, f->t, name, 4, JET_TblInfoName));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, name, 5, JET_TblInfoName));
    CHECK(JET_errSuccess, JetGetTableInfoW(f->s, f->t, w, sizeof w, JET_TblInfoName));
    CHECK_TRUE(wide_eq(w, "Info"));
    CHECK(JET_errBufferTooSmall, JetGetTableInfoW(f->s, f->t, w, 8, JET_TblInfoName));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, name, sizeof name, JET_TblInfoTemplateTableName));
    CHECK_STR("", name);
    CHECK(JET_errBufferTooSmall, JetGetTableInfo(f->s, f->t, name, 64, JET_TblInfoTemplateTableName));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoDbid));
    CHECK_EQ(f->db, u[0]);
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 8, JET_TblInfoSpaceAlloc));
    CHECK_EQ(80, u[1]); /* the table's own density (JetCreateTable's default), not its later primary index's */
    CHECK(JET_errBufferTooSmall, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoSpaceAlloc));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoSpaceOwned));
    uint32_t owned = u[0];
    CHECK_TRUE(owned >= 1);
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoSpaceAvailable));
    CHECK_TRUE(u[0] <= owned);
    CHECK(JET_errInvalidBufferSize, JetGetTableInfo(f->s, f->t, u, 8, JET_TblInfoSpaceAvailable));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 8, JET_TblInfoSpaceUsage));
    CHECK_EQ(owned, u[0]);
    CHECK(JET_errInvalidParameter, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoSpaceUsage));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 4, 19 /* JET_TblInfoObjectId */));
    CHECK_TRUE(u[0] > 4);
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, f->t, u, 4, 13 /* JET_TblInfoLVChunkMax */));
    CHECK_TRUE(u[0] > 1000);
    CHECK(JET_errFeatureNotAvailable, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoOLC));
    CHECK(JET_errFeatureNotAvailable, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoResetOLC));
    CHECK(JET_errFeatureNotAvailable, JetGetTableInfo(f->s, f->t, u, 4, JET_TblInfoDumpTable));
    CHECK(JET_errFeatureNotAvailable, JetGetTableInfo(f->s, f->t, u, 4, 99));
    CHECK(JET_errInvalidTableId, JetGetTableInfo(f->s, 0, u, 4, JET_TblInfoDbid));
    /* system tables */
    JET_TABLEID m = 0;
    CHECK(JET_errSuccess, JetOpenTable(f->s, f->db, "MSysObjects", NULL, 0, JET_bitTableReadOnly, &m));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, m, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(JET_bitObjectSystem, oi.flags & JET_bitObjectSystem);
    CHECK_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback, oi.grbit);
    CHECK(JET_errSuccess, JetCloseTable(f->s, m));
    CHECK(JET_errSuccess, JetOpenTable(f->s, f->db, "MSysObjids", NULL, 0, JET_bitTableReadOnly, &m));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, m, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(0, oi.flags & JET_bitObjectSystem);
    CHECK_TRUE(oi.flags != 0);
    CHECK(JET_errSuccess, JetCloseTable(f->s, m));
}

static void test_cursor_info(struct fixture *f)
{
    JET_TABLEID t2 = 0;
    JET_SESID s2 = 0;
    char name[80];
    WCHAR w[80];
    CHECK(JET_errSuccess, JetOpenTable(f->s, f->db, "Info", NULL, 0, 0, &t2));
    /* a freshly opened table is not yet on a record */
    CHECK(JET_errNoCurrentRecord, JetGetCursorInfo(f->s, t2, NULL, 0, 0));
    CHECK(JET_errSuccess, JetMove(f->s, t2, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetGetCursorInfo(f->s, t2, NULL, 0, 0));
    CHECK(JET_errInvalidParameter, JetGetCursorInfo(f->s, t2, name, 4, 0));
    CHECK(JET_errInvalidParameter, JetGetCursorInfo(f->s, t2, NULL, 0, 1));
    /* another session's uncommitted change of the record */
    JET_DBID db2 = 0;
    JET_TABLEID t3 = 0;
    CHECK(JET_errSuccess, JetBeginSession(f->inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "info.edb", NULL, &db2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, db2, "Info", NULL, 0, 0, &t3));
    CHECK(JET_errSuccess, JetMove(s2, t3, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetPrepareUpdate(s2, t3, JET_prepReplace));
    CHECK(JET_errWriteConflict, JetGetCursorInfo(f->s, t2, NULL, 0, 0));
    CHECK(JET_errSuccess, JetPrepareUpdate(s2, t3, JET_prepCancel));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    CHECK(JET_errSuccess, JetGetCursorInfo(f->s, t2, NULL, 0, 0));
    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errInvalidTableId, JetGetCursorInfo(f->s, t3, NULL, 0, 0));

    /* JetGetCurrentIndex */
    CHECK(JET_errSuccess, JetGetCurrentIndex(f->s, t2, name, sizeof name));
    CHECK_STR("PK", name);
    CHECK(JET_errSuccess, JetSetCurrentIndex(f->s, t2, "byname"));
    CHECK(JET_errSuccess, JetGetCurrentIndexA(f->s, t2, name, sizeof name));
    CHECK_STR("ByName", name);
    CHECK(JET_errSuccess, JetGetCurrentIndex(f->s, t2, name, 3));
    CHECK_STR("By", name);
    CHECK(JET_wrnBufferTruncated, JetGetCurrentIndex(f->s, t2, name, 0));
    CHECK(JET_errSuccess, JetGetCurrentIndexW(f->s, t2, w, sizeof w));
    CHECK_TRUE(wide_eq(w, "ByName"));
    CHECK(JET_errBufferTooSmall, JetGetCurrentIndexW(f->s, t2, w, 10));
    CHECK(JET_errSuccess, JetCloseTable(f->s, t2));
}

static void test_record_size(struct fixture *f)
{
    JET_TABLEID t = 0;
    JET_RECSIZE rs;
    JET_RECSIZE2 rs2;
    CHECK(JET_errSuccess, JetOpenTable(f->s, f->db, "Info", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetMove(f->s, t, JET_MoveFirst, 0));
    memset(&rs, 0x55, sizeof rs);
    CHECK(JET_errSuccess, JetGetRecordSize(f->s, t, &rs, 0));
    /* Id and Def (with its default copied in) fixed, "alice" variable */
    CHECK_EQ(4 + 2 + 5, rs.cbData);
    CHECK_EQ(0, rs.cbLongValueData);
    CHECK_EQ(0, rs.cTaggedColumns);
    CHECK_EQ(0, rs.cLongValues);
    CHECK_EQ(0, rs.cMultiValues);
    CHECK_TRUE(rs.cNonTaggedColumns >= 3);
    /* tag, key count, record header, the 5-byte key, the null bitmap, the variable offsets */
    CHECK_EQ(4 + 2 + 4 + 5 + 1 + 2 * (rs.cNonTaggedColumns - 2), rs.cbOverhead);
    JET_RECSIZE again = rs;
    CHECK(JET_errSuccess, JetGetRecordSize(f->s, t, &again, JET_bitRecordSizeRunningTotal));
    CHECK_EQ(2 * rs.cbData, again.cbData);
    CHECK_EQ(2 * rs.cbOverhead, again.cbOverhead);

    /* two values of a multi-valued column and a long value in the LV tree */
    static char big[3000];
    int one = 1, two = 2;
    memset(big, 'x', sizeof big);
    JET_SETINFO si;
    memset(&si, 0, sizeof si);
    si.cbStruct = sizeof si;
    si.itagSequence = 2;
    CHECK(JET_errSuccess, JetPrepareUpdate(f->s, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(f->s, t, f->multi, &one, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(f->s, t, f->multi, &two, 4, 0, &si));
    CHECK(JET_errSuccess, JetSetColumn(f->s, t, f->data, big, sizeof big, 0, NULL));
    memset(&rs2, 0, sizeof rs2);
    CHECK(JET_errSuccess, JetGetRecordSize2(f->s, t, &rs2, JET_bitRecordSizeInCopyBuffer | JET_bitRecordSizeLocal));
    CHECK_EQ(2, rs2.cTaggedColumns);
    CHECK_EQ(1, rs2.cMultiValues);
    CHECK(JET_errSuccess, JetUpdate(f->s, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetGetRecordSize2(f->s, t, &rs2, 0));
    CHECK_EQ(2, rs2.cTaggedColumns);
    CHECK_EQ(1, rs2.cMultiValues);
    CHECK_EQ(1, rs2.cLongValues);
    CHECK_EQ(sizeof big, rs2.cbLongValueData);
    CHECK_TRUE(rs2.cbLongValueOverhead > 0);
    CHECK_EQ(4 + 2 + 5 + 8, rs2.cbData);
    CHECK(JET_errSuccess, JetGetRecordSize2(f->s, t, &rs2, JET_bitRecordSizeLocal));
    CHECK_EQ(0, rs2.cbLongValueData);
    CHECK_EQ(1, rs2.cLongValues);

    CHECK(JET_errInvalidParameter, JetGetRecordSize(f->s, t, NULL, 0));
    CHECK(JET_errInvalidGrbit, JetGetRecordSize(f->s, t, &rs, 0x100));
    CHECK(JET_errSuccess, JetMove(f->s, t, JET_MoveLast, 0));
    CHECK(JET_errNoCurrentRecord, JetMove(f->s, t, JET_MoveNext, 0));
    CHECK(JET_errNoCurrentRecord, JetGetRecordSize(f->s, t, &rs, 0));
    CHECK(JET_errSuccess, JetCloseTable(f->s, t));
}

static void test_temp_cursors(struct fixture *f)
{
    JET_COLUMNDEF col;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    JET_OBJECTINFO oi;
    JET_COLUMNDEF cd;
    char name[80];
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;
    CHECK(JET_errSuccess, JetOpenTempTable(f->s, &col, 1, JET_bitTTIndexed, &t, &id));
    for (int i = 0; i < 3; i++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(f->s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(f->s, t, id, &i, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(f->s, t, NULL, 0, NULL));
    }
    /* a sort being filled has no table info */
    CHECK(JET_errIllegalOperation, JetGetTableInfo(f->s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK(JET_errSuccess, JetMove(f->s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetGetTableInfo(f->s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(3, oi.cRecord);
    CHECK(JET_errInvalidOperation, JetGetTableInfo(f->s, t, name, sizeof name, JET_TblInfoName));
    CHECK(JET_errInvalidParameter, JetGetTableInfo(f->s, t, &oi, sizeof oi - 1, JET_TblInfo));
    CHECK(JET_errIllegalOperation, JetGetTableColumnInfo(f->s, t, "x", &cd, sizeof cd, JET_ColInfo));
    CHECK(JET_errIllegalOperation, JetGetCurrentIndex(f->s, t, name, sizeof name));
    CHECK(JET_errIllegalOperation, JetGetCursorInfo(f->s, t, NULL, 0, 0));
    CHECK(JET_errSuccess, JetCloseTable(f->s, t));
}

static void test_database_info(struct fixture *f)
{
    char path[512];
    WCHAR wpath[512];
    uint32_t u = 0;
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, path, sizeof path, JET_DbInfoFilename));
    CHECK_TRUE(path[0] == '/' && strstr(path, "info.edb") != NULL);
    size_t len = strlen(path);
    CHECK(JET_errBufferTooSmall, JetGetDatabaseInfo(f->s, f->db, path, (uint32_t)len, JET_DbInfoFilename));
    CHECK(JET_errSuccess, JetGetDatabaseInfoW(f->s, f->db, wpath, sizeof wpath, JET_DbInfoFilename));
    CHECK_EQ('/', wpath[0]);
    CHECK(JET_errBufferTooSmall, JetGetDatabaseInfoW(f->s, f->db, wpath, (uint32_t)(len * 2), JET_DbInfoFilename));
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, path, sizeof path, JET_DbInfoConnect));
    CHECK_STR("", path);
    struct { uint32_t level, value; } fixed[] = {
        {JET_DbInfoCountry, 1}, {JET_DbInfoLCID, 0x409}, {JET_DbInfoCp, 1252}, {JET_DbInfoCollate, 0},
        {JET_DbInfoOptions, 0}, {JET_DbInfoTransactions, 7}, {JET_DbInfoVersion, 0x620}, {JET_DbInfoPageSize, 4096},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        u = 0xdead;
        CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &u, 4, fixed[i].level));
        CHECK_EQ(fixed[i].value, u);
        CHECK(fixed[i].level == JET_DbInfoPageSize ? JET_errBufferTooSmall : JET_errInvalidBufferSize,
              JetGetDatabaseInfo(f->s, f->db, &u, 8, fixed[i].level));
    }
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoFilesize | 0x40000000));
    CHECK_EQ(256, u); /* pages, the two header pages included */
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoSpaceOwned));
    CHECK_EQ(254, u); /* the database root owns every page after the headers */
    CHECK(JET_errInvalidBufferSize, JetGetDatabaseInfo(f->s, f->db, &u, 8, JET_DbInfoSpaceOwned));
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoSpaceAvailable));
    CHECK(JET_errFeatureNotAvailable, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoIsam));
    CHECK(JET_errInvalidParameter, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoFileType));
    CHECK(JET_errInvalidParameter, JetGetDatabaseInfo(f->s, f->db, &u, 4, JET_DbInfoDBInUse));
    CHECK(JET_errInvalidParameter, JetGetDatabaseInfo(f->s, f->db, &u, 4, 1000));
    CHECK(JET_errInvalidDatabaseId, JetGetDatabaseInfo(f->s, 55, &u, 4, JET_DbInfoCp));

    JET_DBINFOMISC4 m4;
    memset(&m4, 0x55, sizeof m4);
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &m4, sizeof m4, JET_DbInfoMisc));
    CHECK_EQ(0x620, m4.ulVersion);
    CHECK_EQ(JET_dbstateDirtyShutdown, m4.dbstate);
    CHECK_EQ(4096, m4.cbPageSize);
    JET_DBINFOMISC m1;
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &m1, sizeof m1, JET_DbInfoMisc));
    CHECK_EQ(m4.ulUpdate, m1.ulUpdate);
    CHECK_TRUE(memcmp(&m1.signDb, &m4.signDb, sizeof m1.signDb) == 0);
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &m4, sizeof(JET_DBINFOMISC2), JET_DbInfoMisc));
    CHECK(JET_errSuccess, JetGetDatabaseInfo(f->s, f->db, &m4, sizeof(JET_DBINFOMISC3), JET_DbInfoMisc));
    CHECK(JET_errInvalidBufferSize, JetGetDatabaseInfo(f->s, f->db, &m4, sizeof(JET_DBINFOMISC) + 4, JET_DbInfoMisc));

    /* the file calls: no session needed */
    uint64_t q = 0;
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &u, 4, JET_DbInfoPageSize));
    CHECK_EQ(4096, u);
    CHECK(JET_errInvalidBufferSize, JetGetDatabaseFileInfo("info.edb", &q, 8, JET_DbInfoPageSize));
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &q, 8, JET_DbInfoFilesize));
    CHECK_TRUE(q >= 256 * 4096 && q % 4096 == 0);
    CHECK(JET_errInvalidBufferSize, JetGetDatabaseFileInfo("info.edb", &u, 4, JET_DbInfoFilesize));
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &u, 4, JET_DbInfoDBInUse));
    CHECK_EQ(1, u);
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &u, 4, JET_DbInfoFileType));
    CHECK_EQ(JET_filetypeDatabase, u);
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &m4, sizeof m4, JET_DbInfoMisc));
    CHECK_EQ(0x620, m4.ulVersion);
    CHECK(JET_errInvalidBufferSize, JetGetDatabaseFileInfo("info.edb", &m4, 100, JET_DbInfoMisc));
    JET_DBINFOUPGRADE up;
    memset(&up, 0, sizeof up);
    CHECK(JET_errInvalidParameter, JetGetDatabaseFileInfo("info.edb", &up, sizeof up, JET_DbInfoUpgrade));
    up.cbStruct = sizeof up;
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("info.edb", &up, sizeof up, JET_DbInfoUpgrade));
    CHECK_TRUE(up.cbFilesizeLow >= 256 * 4096);
    CHECK(JET_errFileNotFound, JetGetDatabaseFileInfo("nowhere.edb", &u, 4, JET_DbInfoPageSize));
    CHECK(JET_errInvalidParameter, JetGetDatabaseFileInfo("info.edb", &u, 4, 1000));
    CHECK(JET_errInvalidParameter, JetGetDatabaseFileInfo(NULL, &u, 4, JET_DbInfoPageSize));
    WCHAR wn[32];
    wide("info.edb", wn, 32);
    CHECK(JET_errSuccess, JetGetDatabaseFileInfoW(wn, &u, 4, JET_DbInfoPageSize));
    CHECK_EQ(4096, u);
    /* a file that is not a database */
    FILE *fp = fopen("junk.edb", "wb");
    char zeros[8192];
    memset(zeros, 0x11, sizeof zeros);
    fwrite(zeros, 1, sizeof zeros, fp);
    fclose(fp);
    CHECK(JET_errReadVerifyFailure, JetGetDatabaseFileInfo("junk.edb", &u, 4, JET_DbInfoPageSize));
}

/* A Windows-made database (index.edb of ../shared/edb-samples): its index list
   as ESE reports it, and the header through JetGetDatabaseFileInfo. */
static void test_sample(void)
{
    char src[1024], cmd[2300];
    const char *here = __FILE__;
    const char *slash = strrchr(here, '/');
    snprintf(src, sizeof src, "%.*s/../../shared/edb-samples/index.edb.gz", (int)(slash ? slash - here : 1), slash ? here : ".");
    if (access(src, R_OK) != 0)
        snprintf(src, sizeof src, "/work/shared/edb-samples/index.edb.gz");
    CHECK_EQ(0, access(src, R_OK));
    snprintf(cmd, sizeof cmd, "gzip -dc '%s' > sample.edb", src);
    CHECK_EQ(0, system(cmd));

    JET_DBINFOMISC4 m;
    uint32_t u = 0;
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("sample.edb", &m, sizeof m, JET_DbInfoMisc));
    CHECK_EQ(0x620, m.ulVersion);
    CHECK_EQ(0x14, m.ulUpdate);
    CHECK_EQ(JET_dbstateCleanShutdown, m.dbstate);
    CHECK_EQ(4096, m.cbPageSize);
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("sample.edb", &u, 4, JET_DbInfoDBInUse));
    CHECK_EQ(0, u);

    JET_INSTANCE inst = start("sample");
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "sample.edb", JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "sample.edb", NULL, &db, JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "index", NULL, 0, JET_bitTableReadOnly, &t));
    JET_INDEXLIST il;
    struct segrow rows[64];
    CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, NULL, &il, sizeof il, JET_IdxInfoList));
    CHECK_EQ(19, il.cRecord);
    int n = index_rows(s, &il, rows, 64);
    CHECK_EQ(19, n);
    for (int i = 1; i < n; i++)
        CHECK_TRUE(strcasecmp(rows[i - 1].index, rows[i].index) <= 0);
    CHECK(JET_errSuccess, JetCloseTable(s, il.tableid));
    uint32_t count = 0;
    CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, NULL, &count, 4, JET_IdxInfoCount));
    CHECK_EQ(19, count);
    /* read-only: nothing is updatable */
    JET_COLUMNDEF cd;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "IxId" + 2, &cd, sizeof cd, JET_ColInfo));
    CHECK_EQ(0, cd.grbit & JET_bitColumnUpdatable);
    JET_OBJECTINFO oi;
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback, oi.grbit);
    CHECK(JET_errSuccess, JetGetDatabaseFileInfo("sample.edb", &u, 4, JET_DbInfoDBInUse));
    CHECK_EQ(1, u);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    struct fixture f;
    setup(&f);
    test_column_single(&f);
    test_column_list(&f);
    test_index_list(&f);
    test_index_levels(&f);
    test_objects(&f);
    test_table_info(&f);
    test_cursor_info(&f);
    test_record_size(&f);
    test_temp_cursors(&f);
    test_database_info(&f);
    teardown(&f);
    test_sample();
    return 0;
}
