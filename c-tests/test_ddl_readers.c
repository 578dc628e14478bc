/*
 * A database for independent readers: readers.edb, left in the scratch
 * directory, with a table of every column type (fixed, variable, tagged,
 * multi-valued, long values, defaults, NOT NULL, autoincrement), indexes of
 * several kinds (primary, unique, descending, multi-column, multi-valued,
 * conditional, ignore-NULL, a Unicode text index with a locale), a column
 * deleted, a table renamed and one deleted, and a few records.
 * tests/ddl_readers.rs runs this program, reads readers.edb with
 * dissect.esedb (shared/edb-samples/dissect_dump.py) and compares the
 * definitions and records with what is created here; this program checks
 * the same definitions through the API after a JetTerm and a new JetInit.
 * Keep the two in step.
 */
#include "harness.h"

static JET_SESID ses;
static JET_DBID db;

static JET_COLUMNCREATE_A col(char *name, JET_COLTYP coltyp, JET_GRBIT grbit, unsigned int cbMax, unsigned int cp)
{
    JET_COLUMNCREATE_A c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.szColumnName = name;
    c.coltyp = coltyp;
    c.grbit = grbit;
    c.cbMax = cbMax;
    c.cp = cp;
    return c;
}

enum {
    C_ID, C_BIT, C_UBYTE, C_SHORT, C_USHORT, C_LONG, C_ULONG, C_LONGLONG, C_CURRENCY, C_SINGLE, C_DOUBLE, C_DATETIME, C_GUID,
    C_FIXBIN, C_BINARY, C_TEXT, C_UTEXT, C_LONGBIN, C_LONGTEXT, C_ULONGTEXT, C_TAGS, C_NUMBERS, C_NOTE, C_DEFAULTED, C_GONE,
    NCOLS
};

static JET_COLUMNCREATE_A cols[NCOLS];

static void make_columns(void)
{
    static int16_t dflt = 42;
    cols[C_ID] = col("Id", JET_coltypLong, JET_bitColumnAutoincrement | JET_bitColumnNotNULL, 0, 0);
    cols[C_BIT] = col("Flag", JET_coltypBit, 0, 0, 0);
    cols[C_UBYTE] = col("Byte", JET_coltypUnsignedByte, 0, 0, 0);
    cols[C_SHORT] = col("Short", JET_coltypShort, 0, 0, 0);
    cols[C_USHORT] = col("UShort", JET_coltypUnsignedShort, 0, 0, 0);
    cols[C_LONG] = col("Long", JET_coltypLong, 0, 0, 0);
    cols[C_ULONG] = col("ULong", JET_coltypUnsignedLong, 0, 0, 0);
    cols[C_LONGLONG] = col("LongLong", JET_coltypLongLong, 0, 0, 0);
    cols[C_CURRENCY] = col("Money", JET_coltypCurrency, 0, 0, 0);
    cols[C_SINGLE] = col("Single", JET_coltypIEEESingle, 0, 0, 0);
    cols[C_DOUBLE] = col("Double", JET_coltypIEEEDouble, 0, 0, 0);
    cols[C_DATETIME] = col("When", JET_coltypDateTime, 0, 0, 0);
    cols[C_GUID] = col("Guid", JET_coltypGUID, 0, 0, 0);
    cols[C_FIXBIN] = col("FixBin", JET_coltypBinary, JET_bitColumnFixed, 8, 0);
    cols[C_BINARY] = col("Bin", JET_coltypBinary, 0, 100, 0);
    cols[C_TEXT] = col("Text", JET_coltypText, 0, 0, 1252);
    cols[C_UTEXT] = col("UText", JET_coltypText, 0, 200, 1200);
    cols[C_LONGBIN] = col("LongBin", JET_coltypLongBinary, 0, 0, 0);
    cols[C_LONGTEXT] = col("LongText", JET_coltypLongText, 0, 0, 1252);
    cols[C_ULONGTEXT] = col("ULongText", JET_coltypLongText, JET_bitColumnCompressed, 0, 1200);
    cols[C_TAGS] = col("Tags", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, 1252);
    cols[C_NUMBERS] = col("Numbers", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, 0);
    cols[C_NOTE] = col("Note", JET_coltypText, JET_bitColumnTagged, 0, 1252);
    cols[C_DEFAULTED] = col("Defaulted", JET_coltypShort, 0, 0, 0);
    cols[C_DEFAULTED].pvDefault = &dflt;
    cols[C_DEFAULTED].cbDefault = sizeof dflt;
    cols[C_GONE] = col("Gone", JET_coltypLong, 0, 0, 0);
}

static void set(JET_TABLEID t, int c, const void *pv, uint32_t cb, uint32_t itag)
{
    JET_SETINFO si = { sizeof si, 0, itag };
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cols[c].columnid, pv, cb, 0, itag ? &si : NULL));
}

static void insert_rows(JET_TABLEID t)
{
    WCHAR utext[] = { 'h', 0xe9, 'l', 'l', 'o' };
    WCHAR ulong[] = { 'w', 'i', 'd', 'e', ' ', 't', 'e', 'x', 't' };
    unsigned char guid[16] = { 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    static unsigned char big[5000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 7);

    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    set(t, C_BIT, &(unsigned char){ 1 }, 1, 0);
    set(t, C_UBYTE, &(unsigned char){ 200 }, 1, 0);
    set(t, C_SHORT, &(int16_t){ -300 }, 2, 0);
    set(t, C_USHORT, &(uint16_t){ 60000 }, 2, 0);
    set(t, C_LONG, &(int32_t){ -7 }, 4, 0);
    set(t, C_ULONG, &(uint32_t){ 4000000000u }, 4, 0);
    set(t, C_LONGLONG, &(int64_t){ -1234567890123LL }, 8, 0);
    set(t, C_CURRENCY, &(int64_t){ 4250000 }, 8, 0);
    set(t, C_SINGLE, &(float){ 1.5f }, 4, 0);
    set(t, C_DOUBLE, &(double){ -2.25 }, 8, 0);
    set(t, C_DATETIME, &(double){ 45000.5 }, 8, 0);
    set(t, C_GUID, guid, 16, 0);
    set(t, C_FIXBIN, "\x01\x02\x03", 3, 0);
    set(t, C_BINARY, "\xde\xad\xbe\xef", 4, 0);
    set(t, C_TEXT, "Alpha", 5, 0);
    set(t, C_UTEXT, utext, sizeof utext, 0);
    set(t, C_LONGBIN, big, sizeof big, 0);
    set(t, C_LONGTEXT, "a long text value", 17, 0);
    set(t, C_ULONGTEXT, ulong, sizeof ulong, 0);
    set(t, C_TAGS, "red", 3, 1);
    set(t, C_TAGS, "green", 5, 2);
    set(t, C_TAGS, "blue", 4, 3);
    set(t, C_NUMBERS, &(int32_t){ 10 }, 4, 1);
    set(t, C_NUMBERS, &(int32_t){ 20 }, 4, 2);
    set(t, C_NOTE, "note", 4, 0);
    set(t, C_GONE, &(int32_t){ 99 }, 4, 0);
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));

    /* a sparse record: defaults and NULLs */
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    set(t, C_TEXT, "Beta", 4, 0);
    set(t, C_NUMBERS, &(int32_t){ 30 }, 4, 1);
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
}

static void create_schema(void)
{
    make_columns();
    JET_CONDITIONALCOLUMN_A cond = { sizeof cond, "Note", JET_bitIndexColumnMustBeNonNull };
    JET_UNICODEINDEX2 uidx;
    WCHAR locale[] = { 'e', 'n', '-', 'U', 'S', 0 };
    uidx.szLocaleName = locale;
    uidx.dwMapFlags = 0;
    JET_INDEXCREATE3_A ix[8];
    memset(ix, 0, sizeof ix);
    char *names[8] = { "PK", "ByLong", "ByTextDesc", "ByUText", "ByTags", "ByNote", "ByMoneyWhen", "ByGuidUnique" };
    char *keys[8] = { "+Id\0", "+Long\0", "-Text\0", "+UText\0", "+Tags\0", "+Long\0+Id\0", "-Money\0+When\0", "+Guid\0" };
    uint32_t cbs[8] = { 5, 7, 7, 8, 7, 11, 14, 7 };
    JET_GRBIT grbits[8] = { JET_bitIndexPrimary, JET_bitIndexIgnoreNull, 0, JET_bitIndexUnicode, JET_bitIndexIgnoreAnyNull, 0, 0, JET_bitIndexUnique | JET_bitIndexIgnoreNull };
    for (int i = 0; i < 8; i++) {
        ix[i].cbStruct = sizeof ix[i];
        ix[i].szIndexName = names[i];
        ix[i].szKey = keys[i];
        ix[i].cbKey = cbs[i];
        ix[i].grbit = grbits[i];
    }
    ix[3].pidxunicode = &uidx;
    ix[5].rgconditionalcolumn = &cond;
    ix[5].cConditionalColumn = 1;
    JET_TABLECREATE4_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = "Scratch";
    tc.ulPages = 2;
    tc.rgcolumncreate = cols;
    tc.cColumns = NCOLS;
    tc.rgindexcreate = ix;
    tc.cIndexes = 8;
    CHECK(JET_errSuccess, JetBeginTransaction(ses));
    CHECK(JET_errSuccess, JetCreateTableColumnIndex4(ses, db, &tc));
    CHECK_EQ(1 + NCOLS + 8, tc.cCreated);
    insert_rows(tc.tableid);
    CHECK(JET_errSuccess, JetCloseTable(ses, tc.tableid));
    CHECK(JET_errSuccess, JetCommitTransaction(ses, 0));
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "Scratch", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetDeleteColumn(ses, t, "Gone"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetRenameTable(ses, db, "Scratch", "AllTypes"));

    /* a second table, given an index after its rows, and a third one deleted */
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Small", 0, 0, &t));
    JET_COLUMNDEF cd = { sizeof cd, 0, JET_coltypText, 0, 0, 1200, 0, 0, 0 };
    JET_COLUMNID cname = 0;
    CHECK(JET_errSuccess, JetAddColumn(ses, t, "Name", &cd, NULL, 0, &cname));
    WCHAR n1[] = { 'z', 'e', 'd' }, n2[] = { 'a', 'b', 'e' };
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cname, n1, sizeof n1, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(ses, t, cname, n2, sizeof n2, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCreateIndex(ses, t, "ByName", JET_bitIndexUnique, "+Name\0", 7, 90));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetCreateTable(ses, db, "Dropped", 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
    CHECK(JET_errSuccess, JetDeleteTable(ses, db, "Dropped"));
}

/* what the API reads back after a JetTerm and a new JetInit */
static void check_schema(void)
{
    JET_TABLEID t = 0;
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Scratch", NULL, 0, 0, &t));
    CHECK(JET_errObjectNotFound, JetOpenTable(ses, db, "Dropped", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetOpenTable(ses, db, "AllTypes", NULL, 0, 0, &t));
    const char *indexes[] = { "PK", "ByLong", "ByTextDesc", "ByUText", "ByTags", "ByNote", "ByMoneyWhen", "ByGuidUnique" };
    int counts[] = { 2, 1, 2, 2, 3, 1, 2, 1 };
    for (int i = 0; i < 8; i++) {
        int n = 0;
        CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, indexes[i]));
        for (JET_ERR e = JetMove(ses, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(ses, t, JET_MoveNext, 0)) n++;
        CHECK_EQ(counts[i], n);
    }
    /* the sparse record has the default */
    CHECK(JET_errSuccess, JetSetCurrentIndex(ses, t, "PK"));
    CHECK(JET_errSuccess, JetMove(ses, t, JET_MoveLast, 0));
    int16_t d = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(ses, t, cols[C_DEFAULTED].columnid, &d, sizeof d, NULL, 0, NULL));
    CHECK_EQ(42, d);
    CHECK(JET_errColumnNotFound, JetDeleteColumn(ses, t, "Gone"));
    CHECK(JET_errSuccess, JetCloseTable(ses, t));
}

static JET_INSTANCE init(void)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "readers"));
    mkdir("rlogs", 0777);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "rlogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, "rlogs/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, "rlogs/tmp.edb"));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &ses, NULL, NULL));
    return inst;
}

int main(void)
{
    JET_INSTANCE inst = init();
    unlink("readers.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(ses, "readers.edb", NULL, &db, 0));
    create_schema();
    check_schema();
    CHECK(JET_errSuccess, JetCloseDatabase(ses, db, 0));
    CHECK(JET_errSuccess, JetEndSession(ses, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    inst = init();
    CHECK(JET_errSuccess, JetAttachDatabase(ses, "readers.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(ses, "readers.edb", NULL, &db, 0));
    check_schema();
    CHECK(JET_errSuccess, JetCloseDatabase(ses, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(ses, "readers.edb"));
    CHECK(JET_errSuccess, JetEndSession(ses, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
