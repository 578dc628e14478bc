/*
 * Database maintenance: JetCompact (offline copy into a new file, with its
 * status callback and documented errors; the copy holds exactly the same
 * records, index entries and long values, and is smaller), JetGrowDatabase,
 * JetResizeDatabase (grow, the grbits, shrink only with
 * JET_paramEnableShrinkDatabase), JetSetDatabaseSize on a detached file, and
 * JetComputeStats (the counts JetGetTableInfo and JetGetIndexInfo report).
 */
#include "harness.h"

static JET_INSTANCE start(const char *name, int shrink)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    if (shrink) {
        CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramEnableShrinkDatabase, JET_bitShrinkDatabaseOn, NULL));
    }
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramDbExtensionSize, 16, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

typedef struct {
    JET_COLUMNID id, name, blob, tags;
} Cols;

static JET_COLUMNID column(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit)
{
    JET_COLUMNDEF cd;
    JET_COLUMNID id = 0;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.grbit = grbit;
    cd.cp = (coltyp == JET_coltypText || coltyp == JET_coltypLongText) ? 1252 : 0;
    CHECK(JET_errSuccess, JetAddColumn(s, t, name, &cd, NULL, 0, &id));
    return id;
}

static Cols columns_of(JET_SESID s, JET_TABLEID t)
{
    Cols c;
    JET_COLUMNDEF cd;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "id", &cd, sizeof cd, JET_ColInfo));
    c.id = cd.columnid;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "name", &cd, sizeof cd, JET_ColInfo));
    c.name = cd.columnid;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "blob", &cd, sizeof cd, JET_ColInfo));
    c.blob = cd.columnid;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "tags", &cd, sizeof cd, JET_ColInfo));
    c.tags = cd.columnid;
    return c;
}

static void fill_blob(unsigned char *b, int n, int seed)
{
    unsigned x = (unsigned)seed * 2654435761u + 1;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        b[i] = (unsigned char)(x >> 16);
    }
}

/* Rows 0..n-1; the even ones get a blob bigger than a page (a separated
   long value); every row two tags. Then every row with id % 4 != 0 goes:
   the table's pages are left a quarter full. */
static void build(JET_SESID s, JET_DBID db, int n)
{
    JET_TABLEID t;
    static unsigned char blob[9000];
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    Cols c;
    c.id = column(s, t, "id", JET_coltypLong, JET_bitColumnNotNULL);
    c.name = column(s, t, "name", JET_coltypText, 0);
    c.blob = column(s, t, "blob", JET_coltypLongBinary, 0);
    c.tags = column(s, t, "tags", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "byname", 0, "+name\0", 7, 100));
    for (int i = 0; i < n; i++) {
        char name[32];
        int32_t tag1 = i * 3, tag2 = -i;
        int len = snprintf(name, sizeof name, "name-%05d", i % 97);
        if (i % 50 == 0) {
            CHECK(JET_errSuccess, JetBeginTransaction(s));
        }
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, c.id, &i, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, c.name, name, len, 0, NULL));
        if (i % 2 == 0) {
            fill_blob(blob, sizeof blob, i);
            CHECK(JET_errSuccess, JetSetColumn(s, t, c.blob, blob, sizeof blob, 0, NULL));
        }
        JET_SETINFO si = {sizeof si, 0, 0};
        CHECK(JET_errSuccess, JetSetColumn(s, t, c.tags, &tag1, 4, 0, &si));
        CHECK(JET_errSuccess, JetSetColumn(s, t, c.tags, &tag2, 4, 0, &si));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        if (i % 50 == 49 || i == n - 1) {
            CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
        }
    }
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t id = 0;
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c.id, &id, 4, &cb, 0, NULL));
        if (id % 4 != 0) {
            CHECK(JET_errSuccess, JetDelete(s, t));
        }
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, e);
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

/* Every row of two tables, in primary-key order, column by column. */
static int same_rows(JET_SESID s1, JET_TABLEID t1, JET_SESID s2, JET_TABLEID t2)
{
    Cols a = columns_of(s1, t1), b = columns_of(s2, t2);
    static unsigned char v1[10000], v2[10000];
    int rows = 0;
    JET_ERR e1 = JetMove(s1, t1, JET_MoveFirst, 0);
    JET_ERR e2 = JetMove(s2, t2, JET_MoveFirst, 0);
    while (e1 == JET_errSuccess && e2 == JET_errSuccess) {
        JET_COLUMNID ca[4] = {a.id, a.name, a.blob, a.tags}, cb[4] = {b.id, b.name, b.blob, b.tags};
        for (int k = 0; k < 4; k++) {
            for (uint32_t itag = 1; itag <= 3; itag++) {
                uint32_t n1 = 0, n2 = 0;
                JET_RETINFO r1 = {sizeof r1, 0, itag, 0}, r2 = {sizeof r2, 0, itag, 0};
                JET_ERR x1 = JetRetrieveColumn(s1, t1, ca[k], v1, sizeof v1, &n1, 0, &r1);
                JET_ERR x2 = JetRetrieveColumn(s2, t2, cb[k], v2, sizeof v2, &n2, 0, &r2);
                if (x1 != x2 || n1 != n2 || (x1 == JET_errSuccess && memcmp(v1, v2, n1) != 0)) {
                    printf("row %d column %d itag %u differs (%d/%d, %u/%u)\n", rows, k, itag, x1, x2, n1, n2);
                    return -1;
                }
            }
        }
        rows++;
        e1 = JetMove(s1, t1, JET_MoveNext, 0);
        e2 = JetMove(s2, t2, JET_MoveNext, 0);
    }
    if (e1 != JET_errNoCurrentRecord || e2 != JET_errNoCurrentRecord) {
        printf("row counts differ after %d rows (%d/%d)\n", rows, e1, e2);
        return -1;
    }
    return rows;
}

static int status_calls[8], status_bad;
static JET_SNT status_last;
static uint32_t status_done, status_total;
static JET_ERR status_fail_with;

static JET_ERR JET_API status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    (void)sesid;
    if (snp != JET_snpCompact || snt > 7 || pv == NULL) {
        status_bad++;
        return JET_errSuccess;
    }
    status_calls[snt]++;
    status_last = snt;
    JET_SNPROG *p = (JET_SNPROG *)pv;
    CHECK_EQ(sizeof(JET_SNPROG), p->cbStruct);
    if (snt == JET_sntProgress) {
        CHECK_TRUE(p->cunitDone <= p->cunitTotal);
        CHECK_TRUE(p->cunitDone >= status_done);
    }
    status_done = p->cunitDone;
    status_total = p->cunitTotal;
    if (snt == JET_sntProgress && status_fail_with != 0) {
        return status_fail_with;
    }
    return JET_errSuccess;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void test_compact(void)
{
    JET_INSTANCE inst = start("compact", 0);
    JET_SESID s = 0, s2 = 0;
    JET_DBID db = 0, db2 = 0;
    JET_CONVERT_A convert;
    memset(&convert, 0, sizeof convert);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    unlink("src.edb");
    unlink("dst.edb");
    unlink("dst2.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "src.edb", NULL, &db, 0));
    build(s, db, 1200);

    /* the documented refusals */
    CHECK(JET_errFeatureNotAvailable, JetCompact(s, "src.edb", "dst.edb", NULL, &convert, 0));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errInTransaction, JetCompact(s, "src.edb", "dst.edb", NULL, NULL, 0));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    /* the source must be attached but opened by nobody */
    CHECK(JET_errDatabaseInUse, JetCompact(s, "src.edb", "dst.edb", NULL, NULL, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errDatabaseNotFound, JetCompact(s, "nosuch.edb", "dst.edb", NULL, NULL, 0));
    CHECK_EQ(-1, file_size("dst.edb"));
    /* the destination must not exist */
    FILE *f = fopen("dst.edb", "w");
    fputs("x", f);
    fclose(f);
    CHECK(JET_errDatabaseDuplicate, JetCompact(s, "src.edb", "dst.edb", NULL, NULL, 0));
    unlink("dst.edb");

    /* a status callback that fails stops the compaction with its error */
    status_fail_with = JET_errOutOfMemory;
    memset(status_calls, 0, sizeof status_calls);
    CHECK(JET_errOutOfMemory, JetCompact(s, "src.edb", "dst.edb", status, NULL, 0));
    CHECK_EQ(1, status_calls[JET_sntBegin]);
    CHECK_EQ(1, status_calls[JET_sntFail]);
    CHECK_EQ(-1, file_size("dst.edb"));
    status_fail_with = 0;

    /* and now for real */
    memset(status_calls, 0, sizeof status_calls);
    status_done = 0;
    CHECK(JET_errSuccess, JetCompact(s, "src.edb", "dst.edb", status, NULL, JET_bitCompactStats));
    CHECK_EQ(1, status_calls[JET_sntBegin]);
    CHECK_TRUE(status_calls[JET_sntProgress] >= 5);
    CHECK_EQ(1, status_calls[JET_sntComplete]);
    CHECK_EQ(0, status_calls[JET_sntFail]);
    CHECK_EQ(0, status_bad);
    CHECK_EQ(JET_sntComplete, status_last);
    CHECK_TRUE(status_total > 0 && status_done == status_total);
    CHECK_TRUE(file_size("dst.edb") > 0);
    CHECK_TRUE(file_size("dst.edb") < file_size("src.edb"));
    /* JET_bitCompactStats wrote its report next to the temporary database */
    {
        char dir[256], *p;
        uint32_t cb = sizeof dir;
        JET_API_PTR ignored = 0;
        CHECK(JET_errSuccess, JetGetSystemParameter(inst, 0, JET_paramTempPath, &ignored, dir, cb));
        p = strrchr(dir, '/');
        if (p != NULL) {
            strcpy(p + 1, "DFRGINFO.TXT");
        }
        CHECK_TRUE(file_size(dir) > 0);
    }
    /* the destination is detached; attach it and compare every row */
    CHECK(JET_errSuccess, JetAttachDatabase(s2, "dst.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "dst.edb", NULL, &db2, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "src.edb", NULL, &db, 0));
    JET_TABLEID t1, t2;
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t1));
    CHECK(JET_errSuccess, JetOpenTable(s2, db2, "t", NULL, 0, 0, &t2));
    CHECK_EQ(300, same_rows(s, t1, s2, t2));
    /* the secondary index too */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t1, "byname"));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s2, t2, "byname"));
    CHECK_EQ(300, same_rows(s, t1, s2, t2));
    {
        const char *k = "name-00012";
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetMakeKey(s2, t2, k, (uint32_t)strlen(k), JET_bitNewKey));
        CHECK(JET_errSuccess, JetSeek(s2, t2, JET_bitSeekEQ));
        CHECK(JET_errSuccess, JetIndexRecordCount(s2, t2, &n, 0));
    }
    /* the copy is a working database: it takes new rows */
    {
        Cols c = columns_of(s2, t2);
        int32_t id = 100000;
        unsigned char big[7000];
        uint32_t n = 0;
        fill_blob(big, sizeof big, 7);
        CHECK(JET_errSuccess, JetSetCurrentIndex(s2, t2, NULL));
        CHECK(JET_errSuccess, JetPrepareUpdate(s2, t2, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s2, t2, c.id, &id, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s2, t2, c.blob, big, sizeof big, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s2, t2, NULL, 0, NULL));
        CHECK(JET_errSuccess, JetMove(s2, t2, JET_MoveLast, 0));
        static unsigned char back[7000];
        CHECK(JET_errSuccess, JetRetrieveColumn(s2, t2, c.blob, back, sizeof back, &n, 0, NULL));
        CHECK_EQ(sizeof big, n);
        CHECK_EQ(0, memcmp(big, back, sizeof big));
        JET_TABLEID t3;
        CHECK(JET_errSuccess, JetCreateTable(s2, db2, "new", 0, 100, &t3));
        CHECK(JET_errSuccess, JetCloseTable(s2, t3));
    }
    /* less space used */
    {
        uint32_t owned1 = 0, owned2 = 0;
        CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &owned1, sizeof owned1, JET_DbInfoSpaceOwned));
        CHECK(JET_errSuccess, JetGetDatabaseInfo(s2, db2, &owned2, sizeof owned2, JET_DbInfoSpaceOwned));
        CHECK_TRUE(owned2 < owned1);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t1));
    CHECK(JET_errSuccess, JetCloseTable(s2, t2));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s2, db2, 0));
    /* compacting a database attached read-only works too */
    CHECK(JET_errSuccess, JetDetachDatabase(s, "src.edb"));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "src.edb", JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetCompactW(s, (const WCHAR *)u"src.edb", (const WCHAR *)u"dst2.edb", NULL, NULL, 0));
    CHECK_TRUE(file_size("dst2.edb") > 0);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* the copy survives a restart */
    inst = start("compact2", 0);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "dst2.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "dst2.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t1));
    {
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetIndexRecordCount(s, t1, &n, 0));
        CHECK_EQ(300, n);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t1));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static uint32_t db_pages(JET_SESID s, JET_DBID db)
{
    uint32_t pages = 0;
    CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &pages, sizeof pages, JET_DbInfoFilesize));
    return pages;
}

static void test_resize(void)
{
    JET_INSTANCE inst = start("resize", 0);
    JET_SESID s = 0;
    JET_DBID db = 0;
    uint32_t before, real = 0, owned = 0;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("resize.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "resize.edb", NULL, &db, 0));
    before = db_pages(s, db);
    CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &owned, sizeof owned, JET_DbInfoSpaceOwned));
    CHECK_EQ(before, owned + 2);
    /* grow: at least the target, in extension-size steps */
    CHECK(JET_errSuccess, JetGrowDatabase(s, db, before + 100, &real));
    CHECK_TRUE(real >= before + 100 && real < before + 100 + 16);
    CHECK_EQ(real, db_pages(s, db));
    CHECK_EQ(real * 4096, file_size("resize.edb"));
    CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &owned, sizeof owned, JET_DbInfoSpaceOwned));
    CHECK_EQ(real, owned + 2);
    /* a smaller target with OnlyGrow, or growth with OnlyShrink: nothing */
    CHECK(JET_errSuccess, JetGrowDatabase(s, db, 10, &real));
    CHECK_EQ(db_pages(s, db), real);
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, real + 500, &real, JET_bitResizeDatabaseOnlyShrink));
    CHECK_EQ(db_pages(s, db), real);
    CHECK(JET_errInvalidGrbit, JetResizeDatabase(s, db, 0, &real, JET_bitResizeDatabaseOnlyGrow | JET_bitResizeDatabaseOnlyShrink));
    CHECK(JET_errInvalidGrbit, JetResizeDatabase(s, db, 0, &real, 0x10));
    /* shrinking needs JET_paramEnableShrinkDatabase */
    CHECK(JET_errFeatureNotAvailable, JetResizeDatabase(s, db, 0, &real, 0));
    CHECK_EQ(db_pages(s, db), real);
    CHECK(JET_errInvalidDatabaseId, JetResizeDatabase(s, 77, 0, &real, 0));
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, db_pages(s, db) + 40, NULL, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "resize.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* with shrinking on: grow, then give the free end back */
    inst = start("shrink", 1);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "resize.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "resize.edb", NULL, &db, 0));
    before = db_pages(s, db);
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, before + 300, &real, 0));
    CHECK_TRUE(real >= before + 300);
    uint32_t grown = real;
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, 0, &real, 0));
    CHECK_TRUE(real < grown);
    CHECK_TRUE(real < before);
    CHECK_EQ(real, db_pages(s, db));
    CHECK_EQ((long long)real * 4096, file_size("resize.edb"));
    {
        uint32_t ondisk = 0;
        CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &ondisk, sizeof ondisk, JET_DbInfoFilesizeOnDisk));
        CHECK_EQ(real, ondisk);
    }
    /* nothing more to give back: the same size */
    uint32_t again = 0;
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, 0, &again, JET_bitResizeDatabaseOnlyShrink));
    CHECK_EQ(real, again);
    /* the database still works, grows again, and survives a detach */
    JET_TABLEID t;
    build(s, db, 200);
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    {
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetIndexRecordCount(s, t, &n, 0));
        CHECK_EQ(50, n);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetResizeDatabase(s, db, 0, &real, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "resize.edb"));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "resize.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "resize.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    {
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetIndexRecordCount(s, t, &n, 0));
        CHECK_EQ(50, n);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));

    /* JetSetDatabaseSize: a detached, consistent file only */
    {
        uint32_t got = 0;
        CHECK_TRUE(JetSetDatabaseSize(s, "resize.edb", 2000, &got) < 0);
        CHECK(JET_errSuccess, JetDetachDatabase(s, "resize.edb"));
        CHECK(JET_errInvalidParameter, JetSetDatabaseSize(s, "resize.edb", 31, &got));
        CHECK(JET_errDatabaseInvalidPath, JetSetDatabaseSize(s, "", 2000, &got));
        CHECK(JET_errFileNotFound, JetSetDatabaseSize(s, "nosuch.edb", 2000, &got));
        CHECK(JET_errSuccess, JetSetDatabaseSize(s, "resize.edb", 2000, &got));
        CHECK_EQ(2000, got);
        CHECK_EQ(2002LL * 4096, file_size("resize.edb"));
        /* never smaller */
        CHECK(JET_errSuccess, JetSetDatabaseSizeW(s, (const WCHAR *)u"resize.edb", 40, &got));
        CHECK_EQ(2000, got);
        CHECK(JET_errSuccess, JetAttachDatabase(s, "resize.edb", 0));
        CHECK(JET_errSuccess, JetOpenDatabase(s, "resize.edb", NULL, &db, 0));
        CHECK_EQ(2002, db_pages(s, db));
        CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
        CHECK(JET_errSuccess, JetCloseTable(s, t));
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static void test_compute_stats(void)
{
    JET_INSTANCE inst = start("stats", 0);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t;
    JET_OBJECTINFO oi;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("stats.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "stats.edb", NULL, &db, 0));
    build(s, db, 400);
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(0, oi.cRecord);
    CHECK(JET_errSuccess, JetComputeStats(s, t));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(100, oi.cRecord);
    CHECK_TRUE(oi.cPage >= 1);
    /* the secondary index: 100 entries, 97 names minus those deleted */
    {
        JET_INDEXLIST il;
        uint32_t ckey = 0, centry = 0, cb = 0;
        char name[JET_cbNameMost + 1];
        int found = 0;
        memset(&il, 0, sizeof il);
        CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, NULL, &il, sizeof il, JET_IdxInfoList));
        JET_ERR e = JetMove(s, il.tableid, JET_MoveFirst, 0);
        while (e == JET_errSuccess) {
            CHECK(JET_errSuccess, JetRetrieveColumn(s, il.tableid, il.columnidindexname, name, sizeof name - 1, &cb, 0, NULL));
            name[cb] = 0;
            if (strcmp(name, "byname") == 0 && !found) {
                found = 1;
                CHECK(JET_errSuccess, JetRetrieveColumn(s, il.tableid, il.columnidcKey, &ckey, 4, &cb, 0, NULL));
                CHECK(JET_errSuccess, JetRetrieveColumn(s, il.tableid, il.columnidcEntry, &centry, 4, &cb, 0, NULL));
            }
            e = JetMove(s, il.tableid, JET_MoveNext, 0);
        }
        CHECK(JET_errSuccess, JetCloseTable(s, il.tableid));
        CHECK_TRUE(found);
        CHECK_EQ(100, centry);
        /* ids 0,4,8..396: names i % 97 */
        {
            int seen[97] = {0}, distinct = 0;
            for (int i = 0; i < 400; i += 4) {
                if (!seen[i % 97]++) {
                    distinct++;
                }
            }
            CHECK_EQ(distinct, ckey);
        }
    }
    /* inside a transaction: its own inserts count, and a rollback takes the stats back */
    {
        Cols c = columns_of(s, t);
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        for (int32_t id = 5000; id < 5010; id++) {
            CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
            CHECK(JET_errSuccess, JetSetColumn(s, t, c.id, &id, 4, 0, NULL));
            CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        }
        CHECK(JET_errSuccess, JetComputeStats(s, t));
        CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
        CHECK_EQ(110, oi.cRecord);
        CHECK(JET_errSuccess, JetRollback(s, 0));
        CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
        CHECK_EQ(100, oi.cRecord);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* the stats are in the catalog: they outlive the instance */
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    inst = start("stats2", 0);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "stats.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "stats.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(100, oi.cRecord);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    test_compact();
    test_resize();
    test_compute_stats();
    return 0;
}
