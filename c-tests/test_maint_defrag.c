/*
 * Online defragmentation: JetDefragment / JetDefragment2 with ESE's state
 * machine (JET_bitDefragmentBatchStart / BatchStop, JET_wrnDefragAlreadyRunning,
 * JET_wrnDefragNotRunning, the passes and seconds, the
 * JET_cbtypOnlineDefragCompleted callback), JET_bitDefragmentBTree on one
 * table, the refusals (grbits, read-only databases, JetDefragment3), and
 * that a pass frees the pages of a sparse table without changing a row.
 */
#include "harness.h"

#include <pthread.h>
#include <time.h>

static JET_INSTANCE start(const char *name, long old_level)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    if (old_level >= 0) {
        CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramEnableOnlineDefrag, (JET_API_PTR)old_level, NULL));
    }
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

/* 3000 rows with a 200-byte text, then two of every three deleted: the
   pages are left a third full (under a quarter, the tree merges them itself). */
static void build(JET_SESID s, JET_DBID db)
{
    JET_TABLEID t;
    JET_COLUMNDEF cd;
    JET_COLUMNID cid, cname;
    char text[200];
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    cd.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "id", &cd, NULL, 0, &cid));
    cd.coltyp = JET_coltypText;
    cd.cp = 1252;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "name", &cd, NULL, 0, &cname));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "byname", 0, "+name\0", 7, 100));
    for (int32_t i = 0; i < 3000; i++) {
        if (i % 100 == 0) {
            CHECK(JET_errSuccess, JetBeginTransaction(s));
        }
        memset(text, 'a' + i % 26, sizeof text);
        snprintf(text, 12, "n%08d", (int)i);
        text[11] = 'x';
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, cid, &i, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, t, cname, text, sizeof text, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        if (i % 100 == 99) {
            CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
        }
    }
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t id = 0;
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cid, &id, 4, &cb, 0, NULL));
        if (id % 3 != 0) {
            CHECK(JET_errSuccess, JetDelete(s, t));
        }
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
}

/* A digest of every row, in the order of an index, and the row count. */
static unsigned long long digest(JET_SESID s, JET_DBID db, const char *index, int *rows)
{
    JET_TABLEID t;
    JET_COLUMNDEF cd;
    unsigned long long h = 1469598103934665603ull;
    unsigned char buf[256];
    *rows = 0;
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t, index));
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "name", &cd, sizeof cd, JET_ColInfo));
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        uint32_t cb = 0;
        JET_ERR r = JetRetrieveColumn(s, t, cd.columnid, buf, sizeof buf, &cb, 0, NULL);
        CHECK_TRUE(r == JET_errSuccess || r == JET_wrnColumnNull);
        for (uint32_t i = 0; i < cb; i++) {
            h = (h ^ buf[i]) * 1099511628211ull;
        }
        (*rows)++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, e);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    return h;
}

/* (owned, available) pages of the table's own space. */
static void space(JET_SESID s, JET_DBID db, uint32_t *owned, uint32_t *avail)
{
    JET_TABLEID t;
    uint32_t v[2] = {0, 0};
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetGetTableInfo(s, t, v, sizeof v, JET_TblInfoSpaceUsage));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    *owned = v[0];
    *avail = v[1];
}

static volatile int completed;
static volatile JET_DBID completed_dbid;
static volatile JET_TABLEID completed_tableid;

static JET_ERR JET_API on_done(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    (void)sesid;
    (void)a1;
    (void)a2;
    (void)ctx;
    (void)unused;
    if (cbtyp == JET_cbtypOnlineDefragCompleted) {
        completed_dbid = dbid;
        completed_tableid = tableid;
        __sync_fetch_and_add(&completed, 1);
    }
    return JET_errSuccess;
}

static int wait_completed(int want)
{
    for (int i = 0; i < 2000 && completed < want; i++) {
        usleep(10000);
    }
    return completed >= want;
}

static void test_batches(void)
{
    JET_INSTANCE inst = start("old", -1);
    JET_SESID s = 0;
    JET_DBID db = 0;
    uint32_t passes, seconds, owned0, avail0, owned1, avail1;
    int rows0, rows1, rows2, rows3;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("old.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "old.edb", NULL, &db, 0));
    build(s, db);
    unsigned long long h0 = digest(s, db, NULL, &rows0);
    unsigned long long i0 = digest(s, db, "byname", &rows2);
    CHECK_EQ(1000, rows0);
    CHECK_EQ(1000, rows2);
    space(s, db, &owned0, &avail0);

    /* refusals */
    CHECK(JET_errInvalidGrbit, JetDefragment(s, db, NULL, NULL, NULL, 0));
    CHECK(JET_errInvalidGrbit, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart | JET_bitDefragmentBatchStop));
    CHECK(JET_errInvalidDatabaseId, JetDefragment(s, 99, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    CHECK(JET_errInvalidParameter, JetDefragment3(s, "old.edb", NULL, NULL, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    CHECK(JET_errInvalidParameter, JetDefragment3W(0, NULL, NULL, NULL, NULL, NULL, NULL, 0));
    /* not running: a warning, and the outputs read 0 */
    passes = seconds = 77;
    CHECK(JET_wrnDefragNotRunning, JetDefragment(s, db, NULL, &passes, &seconds, JET_bitDefragmentBatchStop));
    CHECK_EQ(0, passes);
    CHECK_EQ(0, seconds);

    /* one pass, then the callback */
    completed = 0;
    passes = 1;
    seconds = 0;
    CHECK(JET_errSuccess, JetDefragment2(s, db, NULL, &passes, &seconds, on_done, JET_bitDefragmentBatchStart));
    CHECK_TRUE(wait_completed(1));
    CHECK_EQ(db, completed_dbid);
    CHECK_TRUE(completed_tableid == JET_tableidNil);
    /* it ended by itself: stopping it is a warning */
    CHECK(JET_wrnDefragNotRunning, JetDefragment2(s, db, NULL, &passes, &seconds, NULL, JET_bitDefragmentBatchStop));
    space(s, db, &owned1, &avail1);
    CHECK_EQ(owned0, owned1);
    CHECK_TRUE(avail1 > avail0);
    unsigned long long h1 = digest(s, db, NULL, &rows1);
    unsigned long long i1 = digest(s, db, "byname", &rows3);
    CHECK_EQ(rows0, rows1);
    CHECK_TRUE(h0 == h1);
    CHECK_EQ(rows2, rows3);
    CHECK_TRUE(i0 == i1);

    /* endless passes: already running, then stopped with its counts */
    completed = 0;
    passes = 0;
    seconds = 0;
    CHECK(JET_errSuccess, JetDefragment2(s, db, NULL, &passes, &seconds, on_done, JET_bitDefragmentBatchStart));
    CHECK(JET_wrnDefragAlreadyRunning, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    /* the database stays usable meanwhile */
    for (int k = 0; k < 20; k++) {
        JET_TABLEID t;
        JET_COLUMNDEF cd;
        int32_t id = 100000 + k;
        CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
        CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, "id", &cd, sizeof cd, JET_ColInfo));
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, cd.columnid, &id, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        CHECK(JET_errSuccess, JetCloseTable(s, t));
        usleep(20000);
    }
    passes = seconds = 77;
    CHECK(JET_errSuccess, JetDefragment(s, db, NULL, &passes, &seconds, JET_bitDefragmentBatchStop));
    CHECK_TRUE(passes >= 1 && passes < 77);
    CHECK_TRUE(seconds < 10);
    CHECK_EQ(1, completed);
    CHECK(JET_wrnDefragNotRunning, JetDefragment(s, db, NULL, &passes, &seconds, JET_bitDefragmentBatchStop));
    digest(s, db, NULL, &rows1);
    CHECK_EQ(1020, rows1);

    /* space trees only: passes that do nothing, still with the protocol */
    passes = 1;
    CHECK(JET_errSuccess, JetDefragment(s, db, NULL, &passes, NULL, JET_bitDefragmentBatchStart | JET_bitDefragmentAvailSpaceTreesOnly));
    usleep(100000);
    CHECK(JET_wrnDefragNotRunning, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStop));

    /* one B-tree */
    passes = seconds = 5;
    CHECK(JET_errInvalidName, JetDefragment(s, db, NULL, &passes, &seconds, JET_bitDefragmentBTree));
    CHECK_EQ(0, passes);
    CHECK(JET_errInvalidGrbit, JetDefragment(s, db, "t", NULL, NULL, JET_bitDefragmentBTree | JET_bitDefragmentBatchStart));
    CHECK(JET_errInvalidParameter, JetDefragment2(s, db, "t", NULL, NULL, on_done, JET_bitDefragmentBTree));
    CHECK(JET_errObjectNotFound, JetDefragment(s, db, "nosuch", NULL, NULL, JET_bitDefragmentBTree));
    CHECK(JET_errSuccess, JetDefragmentW(s, db, (const WCHAR *)u"t", NULL, NULL, JET_bitDefragmentBTree));
    digest(s, db, "byname", &rows3);
    CHECK_EQ(1020, rows3);

    /* a read-only database cannot be defragmented */
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "old.edb"));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "old.edb", JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "old.edb", NULL, &db, 0));
    CHECK(JET_errDatabaseFileReadOnly, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    CHECK(JET_errDatabaseFileReadOnly, JetDefragment(s, db, "t", NULL, NULL, JET_bitDefragmentBTree));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "old.edb"));

    /* a task still running at JetTerm ends with the instance */
    CHECK(JET_errSuccess, JetAttachDatabase(s, "old.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "old.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* and the file is whole */
    inst = start("old2", -1);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "old.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "old.edb", NULL, &db, 0));
    digest(s, db, "byname", &rows3);
    CHECK_EQ(1020, rows3);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

static void test_disabled(void)
{
    JET_INSTANCE inst = start("old-off", JET_OnlineDefragDisable);
    JET_SESID s = 0;
    JET_DBID db = 0;
    uint32_t passes = 1;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("old-off.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "old-off.edb", NULL, &db, 0));
    completed = 0;
    /* disabled: both calls succeed and nothing runs */
    CHECK(JET_errSuccess, JetDefragment2(s, db, NULL, &passes, NULL, on_done, JET_bitDefragmentBatchStart));
    CHECK(JET_errSuccess, JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStop));
    usleep(50000);
    CHECK_EQ(0, completed);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    test_batches();
    test_disabled();
    return 0;
}
