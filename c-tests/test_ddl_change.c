/*
 * Changing a schema: JetDeleteColumn(2), JetDeleteIndex, JetDeleteTable,
 * JetRenameTable, JetRenameColumn, JetSetColumnDefaultValue (A and W), with
 * ESE's rules (fcreate.cxx ErrIsamDeleteColumn / DeleteIndex / DeleteTable,
 * fldmod.cxx ErrIsamSetColumnDefaultValue, cat.cxx ErrCATRenameTable /
 * RenameColumn): JET_errColumnInUse for an indexed column,
 * JET_errIndexInUse when any cursor has the index as its current index,
 * JET_errTableInUse when a table is open (or, for a default value, open by
 * another session), JET_errTableLocked while another session's deletion is
 * pending, JET_errFixedDDL, JET_errCannotDeleteSystemTable,
 * JET_errInTransaction for JetRenameColumn, and the not-found errors.
 */
#include "harness.h"

static JET_INSTANCE inst;
static JET_SESID ses, other;
static JET_DBID db, db2;
static JET_COLUMNID cId, cName, cExtra, cTag;

static void start(void)
{
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "ddlchange"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &ses, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &other, NULL, NULL));
    unlink("ddlchange.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(ses, "ddlchange.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(other, "ddlchange.edb", NULL, &db2, 0));
}

static void stop(void)
{
    CHECK(JET_errSuccess, JetEndSession(other, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(ses, db, 0));
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

static void insert(JET_TABLEID t, int32_t id, const char *name)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cId, &id, sizeof id, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cName, name, (uint32_t)strlen(name), 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
}

/* T(Id, Name, Extra, Tag) with a primary index on Id and ByName; three rows */
static void make_table(const char *name)
{
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, name, 0, 0, &t));
    cId = add(t, "Id", JET_coltypLong, JET_bitColumnNotNULL);
    cName = add(t, "Name", JET_coltypText, 0);
    cExtra = add(t, "Extra", JET_coltypLong, 0);
    cTag = add(t, "Tag", JET_coltypText, JET_bitColumnTagged);
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "ByName", 0, "+Name\0", 7, 100));
    insert(t, 1, "one");
    insert(t, 2, "two");
    insert(t, 3, "three");
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static int32_t id_at_first(JET_SESID s, JET_TABLEID t)
{
    int32_t v = -1;
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cId, &v, sizeof v, NULL, 0, NULL));
    return v;
}

static void test_delete_column(void)
{
    make_table("Cols");
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Cols", NULL, 0, 0, &t));
    CHECK(JET_errColumnInUse, JetDeleteColumn(ses, t, "name"));
    CHECK(JET_errColumnInUse, JetDeleteColumn(ses, t, "Id"));
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "Nope"));
    CHECK(JET_errInvalidName, JetDeleteColumn(ses, t, "bad.name"));
    CHECK(JET_errInvalidName, JetDeleteColumn(ses, t, ""));
    CHECK(JET_errSuccess, JetDeleteColumn(ses, t, "Extra"));
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "Extra"));
    /* the deleted fixed column keeps its id: a new one gets the next */
    JET_COLUMNID again = add(t, "Extra", JET_coltypLong, 0);
    CHECK_TRUE(again != cExtra);
    CHECK_EQ(cExtra + 1, again);
    CHECK(JET_errSuccess, JetDeleteColumn2(ses, t, "Tag", JET_bitDeleteColumnIgnoreTemplateColumns));
    WCHAR wextra[] = { 'E', 'x', 't', 'r', 'a', 0 };
    CHECK(JET_errSuccess, JetDeleteColumnW(ses, t, wextra));
    CHECK(JET_errColumnNotFound, JetDeleteColumn2W(ses, t, wextra, 0));
    /* the rows are still there */
    CHECK_EQ(1, id_at_first(ses, t));
    /* inside a transaction, rolled back: the column is back */
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "PK"));
    JET_COLUMNID c3 = add(t, "Third", JET_coltypLong, 0);
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetDeleteColumn(ses, t, "Third"));
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "Third"));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Cols", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetDeleteColumn(ses, t, "Third"));
    (void)c3;
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_delete_index(void)
{
    make_table("Idx");
    JET_TABLEID t = 0, t2 = 0, o = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Idx", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "ByName"));
    /* the cursor's own current index */
    CHECK(JET_errIndexInUse, JetDeleteIndex(ses, t, "ByName"));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    /* another cursor of this session */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Idx", NULL, 0, 0, &t2));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t2, "ByName"));
    CHECK(JET_errIndexInUse, JetDeleteIndex(ses, t, "ByName"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t2));
    /* a cursor of another session */
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Idx", NULL, 0, 0, &o));
    CHECK(JET_errSuccess, JetSetCurrentIndex(other, o, "byname"));
    CHECK(JET_errIndexInUse, JetDeleteIndex(ses, t, "ByName"));
    CHECK(JET_errSuccess, JetSetCurrentIndex(other, o, "PK"));
    /* another session's uncommitted entries in the index */
    CHECK(JET_errSuccess, JetBeginTransaction(other));
    int32_t nine = 9;
    CHECK(JET_errSuccess, JetPrepareUpdate(other, o, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(other, o, cId, &nine, sizeof nine, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(other, o, cName, "nine", 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(other, o, NULL, 0, NULL));
    CHECK(JET_errIndexInUse, JetDeleteIndex(ses, t, "ByName"));
    CHECK(JET_errSuccess, JetRollback(other, 0));
    /* the primary index stays; unknown names */
    CHECK(JET_errIndexMustStay, JetDeleteIndex(ses, t, "PK"));
    CHECK(JET_errIndexNotFound, JetDeleteIndex(ses, t, "Nope"));
    CHECK(JET_errInvalidName, JetDeleteIndex(ses, t, "[x]"));
    /* rolled back: still there */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetDeleteIndex(ses, t, "ByName"));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "ByName"));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Idx", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "ByName"));
    CHECK_EQ(1, id_at_first(ses, t)); /* "one" < "three" < "two" */
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, NULL));
    /* deleted for good */
    WCHAR wname[] = { 'B', 'y', 'N', 'a', 'm', 'e', 0 };
    CHECK(JET_errSuccess, JetDeleteIndexW(ses, t, wname));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(ses, t, "ByName"));
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(other, o, "ByName"));
    /* its column is free now */
    CHECK(JET_errSuccess, JetDeleteColumn(ses, t, "Name"));
    CHECK(JET_errSuccess, JetCloseTable(other, o));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_delete_table(void)
{
    make_table("Del");
    JET_TABLEID t = 0, o = 0;
    CHECK(JET_errObjectNotFound, JetDeleteTable(ses, db, "Nope"));
    CHECK(JET_errInvalidName, JetDeleteTable(ses, db, ""));
    CHECK(JET_errInvalidParameter, JetDeleteTable(ses, db, NULL));
    CHECK(JET_errCannotDeleteSystemTable, JetDeleteTable(ses, db, "MSysObjects"));
    CHECK(JET_errCannotDeleteSystemTable, JetDeleteTable(ses, db, "MSysObjids"));
    /* open by this session, then by another */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Del", NULL, 0, 0, &t));
    CHECK(JET_errTableInUse, JetDeleteTable(ses, db, "Del"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Del", NULL, 0, 0, &o));
    CHECK(JET_errTableInUse, JetDeleteTable(ses, db, "Del"));
    /* written by another session's open transaction (cursor closed) */
    CHECK(JET_errSuccess, JetBeginTransaction(other));
    int32_t v = 9;
    CHECK(JET_errSuccess, JetPrepareUpdate(other, o, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(other, o, cId, &v, sizeof v, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(other, o, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCloseTable(other, o));
    CHECK(JET_errTableInUse, JetDeleteTable(ses, db, "Del"));
    CHECK(JET_errSuccess, JetRollback(other, 0));
    /* a deletion pending in a transaction: others cannot open or delete it */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Del"));
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Del", NULL, 0, 0, &t));
    CHECK(JET_errTableLocked, JetOpenTable(other, db2, "Del", NULL, 0, 0, &o));
    CHECK(JET_errTableLocked, JetDeleteTable(other, db2, "Del"));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Del", NULL, 0, 0, &o));
    CHECK_EQ(1, id_at_first(other, o));
    CHECK(JET_errSuccess, JetCloseTable(other, o));
    /* for good */
    WCHAR wdel[] = { 'D', 'e', 'l', 0 };
    CHECK(JET_errSuccess, JetDeleteTableW(ses, db, wdel));
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Del", NULL, 0, 0, &t));
    CHECK(JET_errObjectNotFound, JetOpenTable(other, db2, "Del", NULL, 0, 0, &o));
    CHECK(JET_errObjectNotFound, JetDeleteTable(ses, db, "Del"));
    /* the name can be used again, empty */
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Del", 0, 0, &t));
    CHECK(JET_errNoCurrentRecord, JetMove(ses, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Del"));
}

static void test_rename(void)
{
    make_table("Ren");
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Taken", 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errTableDuplicate, JetRenameTable(ses, db, "Ren", "taken"));
    CHECK(JET_errObjectNotFound, JetRenameTable(ses, db, "Nope", "Other"));
    CHECK(JET_errInvalidName, JetRenameTable(ses, db, "Ren", "a!b"));
    CHECK(JET_errInvalidParameter, JetRenameTable(ses, db, "Ren", NULL));
    CHECK(JET_errSuccess, JetRenameTable(ses, db, "Ren", "Renamed"));
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Ren", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Renamed", NULL, 0, 0, &t));
    CHECK_EQ(1, id_at_first(ses, t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    WCHAR from[] = { 'R', 'e', 'n', 'a', 'm', 'e', 'd', 0 };
    WCHAR to[] = { 'R', 'e', 'n', '2', 0 };
    CHECK(JET_errSuccess, JetRenameTableW(ses, db, from, to));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Ren2", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(other, t));
    /* in a transaction, rolled back */
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetRenameTable(ses, db, "Ren2", "Ren3"));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Ren3", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetRollback(ses, 0));
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Ren3", NULL, 0, 0, &t));

    /* columns: not inside a transaction */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Ren2", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errInTransaction, JetRenameColumn(ses, t, "Name", "Label", 0));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    CHECK(JET_errColumnNotFound, JetRenameColumn(ses, t, "Nope", "Label", 0));
    CHECK(JET_errColumnDuplicate, JetRenameColumn(ses, t, "Name", "extra", 0));
    CHECK(JET_errInvalidName, JetRenameColumn(ses, t, "Name", ".x", 0));
    CHECK(JET_errInvalidParameter, JetRenameColumn(ses, t, NULL, "x", 0));
    CHECK(JET_errSuccess, JetRenameColumn(ses, t, "Name", "Label", 0));
    /* the new name is the column's: an index over it, none over the old one */
    CHECK(JET_errColumnNotFound, JetCreateIndex(ses, t, "ByOld", 0, "+Name\0", 7, 100));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "ByLabel", 0, "+Label\0", 8, 100));
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "ByLabel"));
    CHECK_EQ(1, id_at_first(ses, t));
    char buf[16];
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, cName, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(3, cb);
    WCHAR a[] = { 'L', 'a', 'b', 'e', 'l', 0 };
    WCHAR b[] = { 'T', 'i', 't', 'l', 'e', 0 };
    CHECK(JET_errSuccess, JetRenameColumnW(ses, t, a, b, 0));
    CHECK(JET_errColumnNotFound, JetRenameColumn(ses, t, "Label", "X", 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_default_value(void)
{
    make_table("Def");
    JET_TABLEID t = 0, o = 0;
    const char *dflt = "nobody";
    CHECK(JET_errColumnIllegalNull, JetSetColumnDefaultValue(ses, db, "Def", "Tag", NULL, 0, 0)); /* JET_errNullInvalid */
    CHECK(JET_errColumnIllegalNull, JetSetColumnDefaultValue(ses, db, "Def", "Tag", dflt, 0, 0));
    CHECK(JET_errInvalidName, JetSetColumnDefaultValue(ses, db, "Def", "", dflt, 6, 0));
    CHECK(JET_errObjectNotFound, JetSetColumnDefaultValue(ses, db, "Nope", "Tag", dflt, 6, 0));
    CHECK(JET_errColumnNotFound, JetSetColumnDefaultValue(ses, db, "Def", "Nope", dflt, 6, 0));
    CHECK(JET_errColumnInUse, JetSetColumnDefaultValue(ses, db, "Def", "Name", dflt, 6, 0));
    /* another session's cursor: in use; with JET_bitTableDenyRead: locked */
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Def", NULL, 0, 0, &o));
    CHECK(JET_errTableInUse, JetSetColumnDefaultValue(ses, db, "Def", "Tag", dflt, 6, 0));
    CHECK(JET_errSuccess, JetCloseTable(other, o));
    CHECK(JET_errSuccess, JetOpenTable(other, db2, "Def", NULL, 0, JET_bitTableDenyRead, &o));
    CHECK(JET_errTableLocked, JetSetColumnDefaultValue(ses, db, "Def", "Tag", dflt, 6, 0));
    CHECK(JET_errSuccess, JetCloseTable(other, o));
    /* this session's own cursor does not count */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Def", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetSetColumnDefaultValue(ses, db, "Def", "Tag", dflt, 6, 0));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    int32_t seven = 7;
    WCHAR wt[] = { 'D', 'e', 'f', 0 };
    WCHAR wc[] = { 'E', 'x', 't', 'r', 'a', 0 };
    CHECK(JET_errSuccess, JetSetColumnDefaultValueW(ses, db, wt, wc, &seven, sizeof seven, 0));
    /* a new record gets the defaults */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Def", NULL, 0, 0, &t));
    insert(t, 10, "ten");
    CHECK(JET_errSuccess, JetMakeKey(ses, t, &(int32_t){10}, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(ses, t, JET_bitSeekEQ));
    char buf[16] = { 0 };
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, cTag, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(6, cb);
    CHECK_STR("nobody", buf);
    int32_t x = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, cExtra, &x, sizeof x, &cb, 0, NULL));
    CHECK_EQ(7, x);
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static void test_fixed_ddl(void)
{
    JET_COLUMNCREATE_A c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.szColumnName = "K";
    c.coltyp = JET_coltypLong;
    JET_INDEXCREATE_A i;
    memset(&i, 0, sizeof i);
    i.cbStruct = sizeof i;
    i.szIndexName = "PK";
    i.szKey = "+K\0";
    i.cbKey = 4;
    i.grbit = JET_bitIndexPrimary;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = "Fixed";
    tc.rgcolumncreate = &c;
    tc.cColumns = 1;
    tc.rgindexcreate = &i;
    tc.cIndexes = 1;
    tc.grbit = JET_bitTableCreateFixedDDL;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex(ses, db, &tc));
    /* the creating cursor may still change it */
    JET_COLUMNID c2 = add(tc.tableid, "Later", JET_coltypLong, 0);
    CHECK_EQ(2, c2);
    CHECK(JET_errSuccess, JetCloseTable(ses, tc.tableid));
    JET_TABLEID t = 0;
    JET_COLUMNDEF cd = { sizeof cd, 0, JET_coltypLong, 0, 0, 0, 0, 0, 0 };
    JET_COLUMNID id = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Fixed", NULL, 0, 0, &t));
    CHECK(JET_errFixedDDL, JetAddColumn(ses, t, "More", &cd, NULL, 0, &id));
    CHECK(JET_errFixedDDL, JetCreateIndex(ses, t, "ByLater", 0, "+Later\0", 8, 100));
    CHECK(JET_errFixedDDL, JetDeleteColumn(ses, t, "Later"));
    CHECK(JET_errFixedDDL, JetDeleteIndex(ses, t, "PK"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errFixedDDL, JetRenameTable(ses, db, "Fixed", "Loose"));
    /* JET_bitTablePermitDDL (with JET_bitTableDenyRead) allows additions, never deletions */
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Fixed", NULL, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &t));
    CHECK(JET_errSuccess, JetAddColumn(ses, t, "More", &cd, NULL, 0, &id));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "ByLater", 0, "+Later\0", 8, 100));
    CHECK(JET_errFixedDDL, JetDeleteColumn(ses, t, "More"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    /* the table itself can be deleted */
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Fixed"));
}

int main(void)
{
    start();
    test_delete_column();
    test_delete_index();
    test_delete_table();
    test_rename();
    test_default_value();
    test_fixed_ddl();
    stop();
    return 0;
}
