/*
 * Instance odds and ends: JetIdle's grbits and warnings (ESE's ErrIsamIdle),
 * JetGetThreadStats (this thread's page and log counters grow with its
 * work; JET_THREADSTATS / JET_THREADSTATS2 sizes), JetGetInstanceMiscInfo
 * (the log signature is the one the database header records; the
 * checkpoint level; errors), and JetInit3's JET_RSTINFO: a restore map that
 * replays a crashed database's log into the file it was moved to, and a
 * stop position that ends recovery early with JET_errRecoveredWithoutUndo;
 * JetBeginTransaction3's id (a tag only).
 */
#include "harness.h"

#include <pthread.h>

#define ROWS 400
#define CB_VALUE 2000

static JET_COLUMNID col_id, col_v;

static void set_paths(JET_INSTANCE *inst, const char *dir)
{
    char tmp[256];
    mkdir(dir, 0777);
    snprintf(tmp, sizeof tmp, "%stmp.edb", dir);
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramSystemPath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramLogFilePath, 0, dir));
    CHECK(JET_errSuccess, JetSetSystemParameter(inst, 0, JET_paramTempPath, 0, tmp));
}

static JET_INSTANCE start(const char *name, const char *dir)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    set_paths(&inst, dir);
    CHECK(JET_errSuccess, JetInit(&inst));
    return inst;
}

static void make_table(JET_SESID s, JET_DBID db, JET_TABLEID *t)
{
    JET_COLUMNDEF cd;
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, t));
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    cd.grbit = JET_bitColumnNotNULL;
    CHECK(JET_errSuccess, JetAddColumn(s, *t, "id", &cd, NULL, 0, &col_id));
    cd.coltyp = JET_coltypLongBinary;
    cd.grbit = 0;
    CHECK(JET_errSuccess, JetAddColumn(s, *t, "v", &cd, NULL, 0, &col_v));
    CHECK(JET_errSuccess, JetCreateIndex(s, *t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
}

static void open_table(JET_SESID s, JET_DBID db, JET_TABLEID *t)
{
    JET_COLUMNDEF cd;
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, t));
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, *t, "id", &cd, sizeof cd, JET_ColInfo));
    col_id = cd.columnid;
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, *t, "v", &cd, sizeof cd, JET_ColInfo));
    col_v = cd.columnid;
}

static void put(JET_SESID s, JET_TABLEID t, int32_t id, unsigned char fill, unsigned long prep)
{
    unsigned char v[CB_VALUE];
    memset(v, fill, sizeof v);
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, prep));
    if (prep == JET_prepInsert) {
        CHECK(JET_errSuccess, JetSetColumn(s, t, col_id, &id, sizeof id, 0, NULL));
    }
    CHECK(JET_errSuccess, JetSetColumn(s, t, col_v, v, sizeof v, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static void insert_rows(JET_SESID s, JET_TABLEID t, int from, int to, unsigned char fill)
{
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    for (int i = from; i < to; i++) {
        put(s, t, i, fill, JET_prepInsert);
    }
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
}

/* The fill byte of row `id` (-1: no such row). */
static int row_fill(JET_SESID s, JET_TABLEID t, int32_t id)
{
    unsigned char v[CB_VALUE];
    uint32_t cb = 0;
    if (JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey) != JET_errSuccess || JetSeek(s, t, JET_bitSeekEQ) != JET_errSuccess) {
        return -1;
    }
    if (JetRetrieveColumn(s, t, col_v, v, sizeof v, &cb, 0, NULL) != JET_errSuccess || cb != CB_VALUE) {
        return -2;
    }
    return v[CB_VALUE - 1];
}

/* ---------------------------------------------------------------- JetIdle */

static void test_idle(void)
{
    JET_INSTANCE inst = start("idle", "misc_idle/");
    JET_SESID s, s2;
    JET_DBID db, db2;
    JET_TABLEID t, t2;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "misc_idle/idle.edb", NULL, &db, 0));
    make_table(s, db, &t);

    /* as ManagedEsent's JetIdleTests saw ESENT answer */
    CHECK(JET_wrnNoIdleActivity, JetIdle(s, 0));
    CHECK(JET_wrnNoIdleActivity, JetIdle(s, JET_bitIdleCompact));
    CHECK(JET_errSuccess, JetIdle(s, JET_bitIdleStatus));
    /* flushing buffers is reserved: refused, even next to another bit */
    CHECK(JET_errInvalidGrbit, JetIdle(s, JET_bitIdleFlushBuffers));
    CHECK(JET_errInvalidGrbit, JetIdle(s, JET_bitIdleCompact | JET_bitIdleFlushBuffers));
    CHECK(JET_errInvalidGrbit, JetIdle(s, JET_bitIdleStatus | JET_bitIdleFlushBuffers));
    /* JET_bitIdleCompactAsync (0x10) only goes with JET_bitIdleCompact */
    CHECK(JET_errInvalidGrbit, JetIdle(s, 0x10));
    CHECK(JET_wrnNoIdleActivity, JetIdle(s, JET_bitIdleCompact | 0x10));
    /* JET_bitIdleWaitForAsyncActivity (0x40), JET_bitIdleAvailBuffersStatus (0x20) */
    CHECK(JET_errSuccess, JetIdle(s, 0x40));
    CHECK(JET_errSuccess, JetIdle(s, 0x20));
    CHECK(JET_errInvalidSesid, JetIdle(0, 0));

    /* a reader's snapshot keeps the before-images of 400 replaced rows:
       more than 60% of one preferred version page */
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramPreferredVerPages, 1, NULL));
    insert_rows(s, t, 0, ROWS, 1);
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "misc_idle/idle.edb", NULL, &db2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, db2, "t", NULL, 0, 0, &t2));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK_EQ(1, row_fill(s2, t2, 7));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    for (int32_t i = 0; i < ROWS; i++) {
        CHECK(JET_errSuccess, JetMakeKey(s, t, &i, sizeof i, JET_bitNewKey));
        CHECK(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
        put(s, t, i, 2, JET_prepReplace);
    }
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK_EQ(1, row_fill(s2, t2, 7));
    CHECK(JET_wrnIdleFull, JetIdle(s, JET_bitIdleStatus));
    CHECK(JET_wrnRemainingVersions, JetIdle(s, 0x40));
    CHECK(JET_wrnNoIdleActivity, JetIdle(s, JET_bitIdleCompact));
    /* the reader ends: its versions go */
    CHECK(JET_errSuccess, JetCommitTransaction(s2, 0));
    CHECK_EQ(2, row_fill(s2, t2, 7));
    CHECK(JET_errSuccess, JetIdle(s, JET_bitIdleStatus));
    CHECK(JET_errSuccess, JetIdle(s, 0x40));

    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

/* ------------------------------------------------------- JetGetThreadStats */

static JET_THREADSTATS2 stats(void)
{
    JET_THREADSTATS2 ts;
    memset(&ts, 0, sizeof ts);
    CHECK(JET_errSuccess, JetGetThreadStats(&ts, sizeof ts));
    return ts;
}

static void *other_thread(void *arg)
{
    /* this thread's own counters: it did no engine work */
    JET_THREADSTATS ts;
    (void)arg;
    memset(&ts, 0xFF, sizeof ts);
    if (JetGetThreadStats(&ts, sizeof ts) != JET_errSuccess) {
        return (void *)1;
    }
    return (void *)(long)(ts.cPageReferenced != 0 || ts.cLogRecord != 0 || ts.cPageRead != 0);
}

static void test_thread_stats(void)
{
    unsigned char buf[64];
    JET_THREADSTATS ts1;
    JET_THREADSTATS2 a, b, c;
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;

    /* sizes: at least JET_THREADSTATS; cbStruct says how much was written */
    CHECK(JET_errBufferTooSmall, JetGetThreadStats(buf, sizeof(JET_THREADSTATS) - 1));
    CHECK(JET_errBufferTooSmall, JetGetThreadStats(buf, 0));
    CHECK(JET_errInvalidParameter, JetGetThreadStats(NULL, sizeof(JET_THREADSTATS)));
    CHECK(JET_errSuccess, JetGetThreadStats(&ts1, sizeof ts1));
    CHECK_EQ(sizeof(JET_THREADSTATS), ts1.cbStruct);
    memset(buf, 0xAB, sizeof buf);
    CHECK(JET_errSuccess, JetGetThreadStats(buf, sizeof buf));
    CHECK_EQ(sizeof(JET_THREADSTATS2), ((JET_THREADSTATS2 *)buf)->cbStruct);
    CHECK_EQ(0xAB, buf[sizeof(JET_THREADSTATS2)]);
    CHECK_EQ(0xAB, buf[sizeof buf - 1]);
    memset(buf, 0xAB, sizeof buf);
    CHECK(JET_errSuccess, JetGetThreadStats(buf, sizeof(JET_THREADSTATS) + 4));
    CHECK_EQ(sizeof(JET_THREADSTATS) + 4, ((JET_THREADSTATS *)buf)->cbStruct);
    CHECK_EQ(0xAB, buf[sizeof(JET_THREADSTATS) + 4]);

    inst = start("stats", "misc_stats/");
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "misc_stats/stats.edb", NULL, &db, 0));
    make_table(s, db, &t);

    /* writes: pages dirtied, log records appended by this thread */
    a = stats();
    insert_rows(s, t, 0, 50, 3);
    b = stats();
    CHECK_TRUE(b.cPageReferenced > a.cPageReferenced);
    CHECK_TRUE(b.cPageDirtied > a.cPageDirtied);
    CHECK_TRUE(b.cLogRecord > a.cLogRecord);
    /* one commit record carries the page images: 50 x 2000 bytes at least */
    CHECK_TRUE(b.cbLogRecord - a.cbLogRecord >= 50 * CB_VALUE);
    /* the same pages again before any checkpoint: redirtied */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    for (int32_t i = 0; i < 50; i++) {
        CHECK(JET_errSuccess, JetMakeKey(s, t, &i, sizeof i, JET_bitNewKey));
        CHECK(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
        put(s, t, i, 4, JET_prepReplace);
    }
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    c = stats();
    CHECK_TRUE(c.cPageRedirtied > b.cPageRedirtied);
    CHECK_TRUE(c.cLogRecord > b.cLogRecord);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* reads after a restart: the pages come from the file (cache misses) */
    inst = start("stats2", "misc_stats/");
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "misc_stats/stats.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "misc_stats/stats.edb", NULL, &db, 0));
    open_table(s, db, &t);
    a = stats();
    for (int32_t i = 0; i < 50; i++) {
        CHECK_EQ(4, row_fill(s, t, i));
    }
    b = stats();
    CHECK_TRUE(b.cPageRead > a.cPageRead);
    CHECK_TRUE(b.cPageCacheMiss > a.cPageCacheMiss);
    CHECK_TRUE(b.cPageReferenced - a.cPageReferenced >= 50);
    /* reading dirties nothing and logs nothing */
    CHECK_EQ(a.cPageDirtied, b.cPageDirtied);
    CHECK_EQ(a.cLogRecord, b.cLogRecord);
    /* the same rows again: all in the cache now */
    for (int32_t i = 0; i < 50; i++) {
        CHECK_EQ(4, row_fill(s, t, i));
    }
    c = stats();
    CHECK_EQ(b.cPageRead, c.cPageRead);
    CHECK_TRUE(c.cPageReferenced > b.cPageReferenced);
    CHECK_TRUE(c.cusecPageCacheMiss >= b.cusecPageCacheMiss);

    /* another thread counts only its own work */
    {
        pthread_t th;
        void *r = (void *)1;
        CHECK_EQ(0, pthread_create(&th, NULL, other_thread, NULL));
        CHECK_EQ(0, pthread_join(th, &r));
        CHECK_EQ(0, (long)r);
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

/* -------------------------------------------------- JetGetInstanceMiscInfo */

typedef struct {
    uint32_t genMin, genMax;
    JET_LOGTIME logtimeGenMaxCreate;
} CHECKPOINTINFO; /* ESE's JET_CHECKPOINTINFO, not in esent.h */

static void test_misc_info(void)
{
    JET_INSTANCE inst = start("miscinfo", "misc_info/");
    JET_SESID s;
    JET_DBID db;
    JET_SIGNATURE sig, zero;
    JET_DBINFOMISC misc;
    CHECKPOINTINFO cp;
    unsigned char big[64];

    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "misc_info/info.edb", NULL, &db, 0));
    memset(&sig, 0, sizeof sig);
    memset(&zero, 0, sizeof zero);
    CHECK(JET_errSuccess, JetGetInstanceMiscInfo(inst, &sig, sizeof sig, JET_InstanceMiscInfoLogSignature));
    CHECK_TRUE(memcmp(&sig, &zero, sizeof sig) != 0);
    /* the database header names the same log */
    CHECK(JET_errSuccess, JetGetDatabaseInfo(s, db, &misc, sizeof misc, JET_DbInfoMisc));
    CHECK_TRUE(memcmp(&sig, &misc.signLog, sizeof sig) == 0);
    /* a bigger buffer: only the signature is written */
    memset(big, 0xCD, sizeof big);
    CHECK(JET_errSuccess, JetGetInstanceMiscInfo(inst, big, sizeof big, JET_InstanceMiscInfoLogSignature));
    CHECK_TRUE(memcmp(big, &sig, sizeof sig) == 0);
    CHECK_EQ(0xCD, big[sizeof sig]);

    /* the checkpoint level (ESE's level 1) */
    memset(&cp, 0, sizeof cp);
    CHECK(JET_errSuccess, JetGetInstanceMiscInfo(inst, &cp, sizeof cp, 1));
    CHECK_TRUE(cp.genMin >= 1);
    CHECK_TRUE(cp.genMax >= cp.genMin);
    CHECK_TRUE(cp.logtimeGenMaxCreate.bMonth >= 1 && cp.logtimeGenMaxCreate.bMonth <= 12);
    CHECK(JET_errBufferTooSmall, JetGetInstanceMiscInfo(inst, &cp, sizeof cp - 1, 1));

    /* errors: unknown level before the size; short buffer; NULL */
    CHECK(JET_errInvalidParameter, JetGetInstanceMiscInfo(inst, big, sizeof big, 7));
    CHECK(JET_errInvalidParameter, JetGetInstanceMiscInfo(inst, big, 0, 7));
    CHECK(JET_errBufferTooSmall, JetGetInstanceMiscInfo(inst, &sig, sizeof sig - 1, JET_InstanceMiscInfoLogSignature));
    CHECK(JET_errInvalidParameter, JetGetInstanceMiscInfo(inst, NULL, sizeof sig, JET_InstanceMiscInfoLogSignature));

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

/* ---------------------------------------------------------------- JetInit3 */

static char cwd[1024];

static void abs_path(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", cwd, rel);
}

/* Create a database under `name`, commit rows 0..99 (fill 5), and stop
   as a crash would. */
static void crash_with_rows(const char *dir, const char *name)
{
    JET_INSTANCE inst = start("rst", dir);
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, name, NULL, &db, 0));
    make_table(s, db, &t);
    insert_rows(s, t, 0, 100, 5);
    CHECK(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
}

static JET_ERR init3(const char *dir, JET_RSTMAP_A *map, long cmap, JET_LGPOS stop, JET_INSTANCE *out)
{
    JET_INSTANCE inst = 0;
    JET_RSTINFO_A rst;
    JET_ERR e;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst;
    rst.rgrstmap = map;
    rst.crstmap = cmap;
    rst.lgposStop = stop;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "rst2"));
    set_paths(&inst, dir);
    e = JetInit3A(&inst, &rst, 0);
    *out = e >= 0 ? inst : 0;
    return e;
}

static void check_rows(JET_INSTANCE inst, const char *name)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, name, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, name, NULL, &db, 0));
    open_table(s, db, &t);
    CHECK_EQ(5, row_fill(s, t, 0));
    CHECK_EQ(5, row_fill(s, t, 99));
    CHECK_EQ(-1, row_fill(s, t, 100));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
}

static unsigned long db_state(const char *name)
{
    JET_DBINFOMISC misc;
    memset(&misc, 0, sizeof misc);
    if (JetGetDatabaseFileInfo(name, &misc, sizeof misc, JET_DbInfoMisc) != JET_errSuccess) {
        return 999;
    }
    return misc.dbstate;
}

static void test_rstinfo(void)
{
    JET_INSTANCE inst;
    JET_LGPOS whole;
    char old_abs[1200], new_abs[1200];
    JET_RSTMAP_A map[2];
    memset(&whole, 0, sizeof whole);

    /* a crashed database moved elsewhere: replayed into its new name */
    crash_with_rows("misc_rst/", "misc_rst/old.edb");
    CHECK_EQ(0, rename("misc_rst/old.edb", "misc_rst/moved.edb"));
    CHECK_EQ(JET_dbstateDirtyShutdown, db_state("misc_rst/moved.edb"));
    /* without the map, recovery misses the file it must replay into */
    CHECK(JET_errFileNotFound, init3("misc_rst/", NULL, 0, whole, &inst));
    /* map errors */
    map[0].szDatabaseName = "misc_rst/old.edb";
    map[0].szNewDatabaseName = NULL;
    CHECK(JET_errDatabaseInvalidName, init3("misc_rst/", map, 1, whole, &inst));
    map[0].szNewDatabaseName = "";
    CHECK(JET_errDatabaseInvalidName, init3("misc_rst/", map, 1, whole, &inst));
    map[0].szNewDatabaseName = "misc_rst/moved.edb";
    CHECK(JET_errInvalidParameter, init3("misc_rst/", map, -1, whole, &inst));
    CHECK(JET_errInvalidParameter, init3("misc_rst/", map, 15, whole, &inst));
    {
        JET_LGPOS bad = whole;
        bad.isec = 3; /* generation 0 with a sector */
        CHECK(JET_errInvalidParameter, init3("misc_rst/", map, 1, bad, &inst));
    }
    CHECK_EQ(JET_dbstateDirtyShutdown, db_state("misc_rst/moved.edb"));
    /* relative names are completed against the working directory, as the
       log's absolute name is */
    CHECK(JET_errSuccess, init3("misc_rst/", map, 1, whole, &inst));
    CHECK_EQ(JET_dbstateCleanShutdown, db_state("misc_rst/moved.edb"));
    CHECK_TRUE(access("misc_rst/old.edb", F_OK) != 0);
    check_rows(inst, "misc_rst/moved.edb");
    CHECK(JET_errSuccess, JetTerm(inst));

    /* a map entry without a source name finds its database by signature */
    crash_with_rows("misc_rst2/", "misc_rst2/a.edb");
    CHECK_EQ(0, rename("misc_rst2/a.edb", "misc_rst2/b.edb"));
    abs_path(new_abs, sizeof new_abs, "misc_rst2/b.edb");
    map[0].szDatabaseName = NULL;
    map[0].szNewDatabaseName = new_abs;
    CHECK(JET_errSuccess, init3("misc_rst2/", map, 1, whole, &inst));
    CHECK_EQ(JET_dbstateCleanShutdown, db_state("misc_rst2/b.edb"));
    check_rows(inst, "misc_rst2/b.edb");
    CHECK(JET_errSuccess, JetTerm(inst));

    /* a stop position: at the database's attach, recovery replays nothing
       after it and quits without undo, leaving the file dirty; then a full
       recovery finishes it */
    crash_with_rows("misc_rst3/", "misc_rst3/c.edb");
    abs_path(old_abs, sizeof old_abs, "misc_rst3/c.edb");
    {
        JET_DBINFOMISC misc;
        JET_LGPOS stop;
        CHECK(JET_errSuccess, JetGetDatabaseFileInfo("misc_rst3/c.edb", &misc, sizeof misc, JET_DbInfoMisc));
        CHECK_EQ(JET_dbstateDirtyShutdown, misc.dbstate);
        stop = misc.lgposAttach;
        CHECK_TRUE(stop.lGeneration >= 1);
        map[0].szDatabaseName = old_abs;
        map[0].szNewDatabaseName = old_abs;
        CHECK(JET_errRecoveredWithoutUndo, init3("misc_rst3/", map, 1, stop, &inst));
        CHECK_EQ(JET_dbstateDirtyShutdown, db_state("misc_rst3/c.edb"));
        /* a stop at the end of the generation being written: the same */
        stop.isec = 0;
        stop.ib = 0;
        CHECK(JET_errRecoveredWithoutUndo, init3("misc_rst3/", NULL, 0, stop, &inst));
        CHECK_EQ(JET_dbstateDirtyShutdown, db_state("misc_rst3/c.edb"));
    }
    CHECK(JET_errSuccess, init3("misc_rst3/", NULL, 0, whole, &inst));
    CHECK_EQ(JET_dbstateCleanShutdown, db_state("misc_rst3/c.edb"));
    check_rows(inst, "misc_rst3/c.edb");
    CHECK(JET_errSuccess, JetTerm(inst));
}

/* ------------------------------------------------------ JetBeginTransaction3 */

/* The 64-bit id is a caller's tag (ESE keeps it per level only for its
   diagnostics): any value goes, and the transaction is JetBeginTransaction2's. */
static void test_begin_transaction3(void)
{
    JET_INSTANCE inst = start("trx3", "misc_trx3/");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetCreateDatabase(s, "misc_trx3/trx3.edb", NULL, &db, 0));
    make_table(s, db, &t);

    /* nesting to ESE's 7 levels, whatever the ids */
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 0, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, -1, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 0x7FFFFFFFFFFFFFFFLL, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 42, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 42, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 7, 0));
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 8, 0));
    CHECK(JET_errTransTooDeep, JetBeginTransaction3(s, 9, 0));
    put(s, t, 1, 9, JET_prepInsert);
    for (int i = 0; i < 6; i++) {
        CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    }
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(-1, row_fill(s, t, 1));
    CHECK(JET_errNotInTransaction, JetRollback(s, 0));

    /* committed work stays */
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 123456789012345LL, 0));
    put(s, t, 2, 9, JET_prepInsert);
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK_EQ(9, row_fill(s, t, 2));

    /* JET_bitTransactionReadOnly as with JetBeginTransaction2 */
    CHECK(JET_errSuccess, JetBeginTransaction3(s, 5, JET_bitTransactionReadOnly));
    CHECK(JET_errTransReadOnly, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_EQ(9, row_fill(s, t, 2));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errInvalidSesid, JetBeginTransaction3(0, 1, 0));

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
}

int main(void)
{
    if (getcwd(cwd, sizeof cwd) == NULL) {
        return 1;
    }
    test_idle();
    test_thread_stats();
    test_misc_info();
    test_rstinfo();
    test_begin_transaction3();
    return 0;
}
