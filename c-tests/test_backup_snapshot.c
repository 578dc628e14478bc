/*
 * Snapshot backup: the JetOSSnapshot* session (prepare, prepare instance,
 * freeze, get freeze info, thaw, truncate log, end, abort) with its errors and
 * time-out, writes held while frozen, the headers' backup information, and a
 * round trip: the files copied while frozen restore with JetExternalRestore
 * to exactly the transactions committed before the freeze.
 */
#include "backup_util.h"

#include <pthread.h>
#include <stdatomic.h>

static cols_t cols;

/* BKINFO offsets in the header */
#define BK_FULL_PREV 136
#define BK_INC_PREV 160
#define BK_SNAPSHOT_CUR 316
#define BK_TYPE_FULL_PREV 356
#define BK_COPY_PREV 420
#define GEN_LOW 16
#define GEN_HIGH 20

static uint32_t header_u32(const char *file, long offset)
{
    uint32_t v = 0;
    int fd = open(file, O_RDONLY);
    if (fd >= 0) {
        if (pread(fd, &v, sizeof v, offset) != (ssize_t)sizeof v) v = 0xFFFFFFFF;
        close(fd);
    }
    return v;
}

static void rows(JET_SESID s, const char *file, int from, int n)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetOpenDatabase(s, file, NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    for (int k = 0; k < n; k += 10) {
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        for (int j = k; j < k + 10 && j < n; j++) CHECK(JET_errSuccess, bu_insert(s, t, &cols, from + j));
        CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
}

static void test_sequence(void)
{
    JET_OSSNAPID id = 0, other = 0;
    JET_INSTANCE i = 0, j = 0;
    JET_SESID s = 0;
    unsigned long n = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    JET_INSTANCE_INFO_W *winfo = NULL;
    char full[1024];

    /* nothing initialized yet */
    CHECK(JET_errNotInitialized, JetOSSnapshotPrepare(&id, 0));
    i = bu_instance("snap", "snap", 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "snap/s.edb", &cols);
    CHECK_TRUE(realpath("snap/s.edb", full) != NULL);

    CHECK(JET_errInvalidGrbit, JetOSSnapshotPrepare(&id, 0x100));
    CHECK(JET_errInvalidParameter, JetOSSnapshotPrepare(NULL, 0));
    /* ids that are not sessions */
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw(0x1234, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(0, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotAbort(0x99, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotFreeze(0x99, (uint32_t *)&n, &info, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotGetFreezeInfo(0x99, (uint32_t *)&n, &info, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotTruncateLog(0x99, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotPrepareInstance(0x99, i, 0));

    /* prepare, then end at once */
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, 0));
    CHECK(JET_errInvalidGrbit, JetOSSnapshotEnd(id, 0x10));
    CHECK(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));

    /* an instance in one session only, and not during a streaming backup */
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw | JET_bitExplicitPrepare));
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&other, 0));
    CHECK(JET_errInvalidGrbit, JetOSSnapshotPrepareInstance(id, i, 1));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepareInstance(id, i, 0));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errSuccess, JetOSSnapshotPrepareInstance(id, i, 0));
    CHECK(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepareInstance(id, i, 0));
    CHECK(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepareInstance(other, i, 0));
    /* ... and no streaming backup while it is in one */
    CHECK(JET_errBackupInProgress, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetOSSnapshotAbort(other, 0));

    /* the freeze info names the instance and its database, before and while frozen */
    CHECK(JET_errSuccess, JetOSSnapshotGetFreezeInfo(id, (uint32_t *)&n, &info, 0));
    CHECK_EQ(1, n);
    if (n == 1) {
        CHECK_TRUE(info[0].hInstanceId == i);
        CHECK_STR("snap", info[0].szInstanceName);
        CHECK_EQ(1, info[0].cDatabases);
        if (info[0].cDatabases == 1) CHECK_STR(full, info[0].szDatabaseFileName[0]);
    }
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errInvalidGrbit, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 1));
    CHECK(JET_errInvalidParameter, JetOSSnapshotFreeze(id, NULL, &info, 0));
    CHECK(JET_errSuccess, JetOSSnapshotFreezeW(id, (uint32_t *)&n, &winfo, 0));
    CHECK_EQ(1, n);
    if (n == 1) {
        CHECK_TRUE(winfo[0].szInstanceName[0] == 's' && winfo[0].szInstanceName[4] == 0);
        CHECK_EQ(1, winfo[0].cDatabases);
    }
    CHECK(JET_errSuccess, JetFreeBuffer((char *)winfo));
    /* frozen: no second freeze, no prepare, no end without thawing; info still available */
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotPrepareInstance(id, i, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotEnd(id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotGetFreezeInfoW(id, (uint32_t *)&n, &winfo, 0));
    CHECK_EQ(1, n);
    CHECK(JET_errSuccess, JetFreeBuffer((char *)winfo));
    /* the frozen database says which logs a copy of it needs */
    CHECK_TRUE(header_u32("snap/s.edb", BK_SNAPSHOT_CUR + GEN_LOW) >= 1);
    CHECK_TRUE(header_u32("snap/s.edb", BK_SNAPSHOT_CUR + GEN_HIGH) >= header_u32("snap/s.edb", BK_SNAPSHOT_CUR + GEN_LOW));
    CHECK(JET_errInvalidGrbit, JetOSSnapshotThaw(id, 1));
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotThaw(id, 0));
    /* after the thaw (JET_bitContinueAfterThaw): truncate, then end */
    CHECK(JET_errInvalidGrbit, JetOSSnapshotTruncateLog(id, 4));
    CHECK(JET_errSuccess, JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot));
    CHECK(JET_errSuccess, JetOSSnapshotTruncateLogInstance(id, i, 0));
    j = bu_instance("snap_other", "snap_other", 0);
    CHECK(JET_errInvalidParameter, JetOSSnapshotTruncateLogInstance(id, j, 0));
    CHECK(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));
    /* a full snapshot backup is recorded, with its type (ESE's backupOSSnapshot) */
    CHECK_EQ(1, header_u32("snap/s.edb", BK_TYPE_FULL_PREV));
    CHECK_EQ(header_u32("snap/s.edb", BK_SNAPSHOT_CUR + GEN_HIGH), header_u32("snap/s.edb", BK_FULL_PREV + GEN_HIGH));
    /* streaming backups and snapshots are free again */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));

    /* an incremental snapshot builds on a full snapshot; a copy snapshot cannot truncate */
    rows(s, "snap/s.edb", 0, 100);
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitIncrementalSnapshot | JET_bitContinueAfterThaw));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    CHECK_TRUE(header_u32("snap/s.edb", BK_INC_PREV + GEN_HIGH) > header_u32("snap/s.edb", BK_FULL_PREV + GEN_HIGH));
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitCopySnapshot | JET_bitContinueAfterThaw));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotTruncateLog(id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    CHECK_TRUE(header_u32("snap/s.edb", BK_COPY_PREV + GEN_HIGH) > header_u32("snap/s.edb", BK_INC_PREV + GEN_HIGH));
    /* a streaming full backup (another kind) does not count for an incremental snapshot */
    {
        unsigned long gl = 0, gh = 0;
        CHECK(JET_errSuccess, bu_stream_backup(i, "snap_stream", 0, &gl, &gh, NULL));
        CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitIncrementalSnapshot));
        CHECK(JET_errMissingFullBackup, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
        CHECK(JET_errSuccess, JetOSSnapshotAbort(id, 0));
    }

    /* without JET_bitContinueAfterThaw the thaw ends the session */
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK_EQ(2, n);
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotTruncateLog(id, 0));
    /* an abort while frozen thaws */
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errSuccess, JetOSSnapshotAbort(id, 0));
    rows(s, "snap/s.edb", 1000, 10);

    /* the time-out: the freeze lets go by itself and the thaw reports it */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramOSSnapshotTimeout, 300, NULL));
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    usleep(800 * 1000);
    rows(s, "snap/s.edb", 2000, 10);
    CHECK(JET_errOSSnapshotTimeOut, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotEnd(id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    usleep(800 * 1000);
    CHECK(JET_errOSSnapshotTimeOut, JetOSSnapshotThaw(id, 0));
    CHECK(JET_errOSSnapshotInvalidSequence, JetOSSnapshotEnd(id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotAbort(id, 0));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramOSSnapshotTimeout, 60000, NULL));

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    CHECK(JET_errSuccess, JetTerm(j));
}

/* ----- writes held while frozen ----- */

static atomic_int committed;

static void *one_commit(void *arg)
{
    JET_INSTANCE i = *(JET_INSTANCE *)arg;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JetBeginSession(i, &s, NULL, NULL);
    JetOpenDatabase(s, "held/h.edb", NULL, &db, 0);
    JetOpenTable(s, db, "t", NULL, 0, 0, &t);
    JetBeginTransaction(s);
    bu_insert(s, t, &cols, 777);
    if (JetCommitTransaction(s, 0) == JET_errSuccess) atomic_store(&committed, 1);
    JetCloseTable(s, t);
    JetEndSession(s, 0);
    return NULL;
}

static void test_writes_held(void)
{
    JET_INSTANCE i = bu_instance("held", "held", 0);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_OSSNAPID id = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    unsigned long n = 0;
    pthread_t th;
    int32_t v = 0;
    unsigned long cb = 0;
    struct stat before, after;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "held/h.edb", &cols);
    rows(s, "held/h.edb", 0, 50);
    CHECK(JET_errSuccess, JetOpenDatabase(s, "held/h.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));

    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK_TRUE(stat("held/edb.log", &before) == 0);
    atomic_store(&committed, 0);
    pthread_create(&th, NULL, one_commit, &i);
    usleep(300 * 1000);
    /* the commit waits; reads go on */
    CHECK_EQ(0, atomic_load(&committed));
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cols.id, &v, sizeof v, (uint32_t *)&cb, 0, NULL));
    CHECK_EQ(0, v);
    CHECK_TRUE(stat("held/edb.log", &after) == 0 && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_size == before.st_size);
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    pthread_join(th, NULL);
    CHECK_EQ(1, atomic_load(&committed));

    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

/* ----- round trip: copy the files while frozen, restore them ----- */

#define WRITERS 2
static atomic_long seq;
static atomic_int stop;

typedef struct {
    JET_INSTANCE inst;
    int index, count, errors;
    int32_t ids[100000];
    long start[100000], done[100000];
} wr_t;

static wr_t wr[WRITERS];

static void *writer(void *arg)
{
    wr_t *w = arg;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    if (JetBeginSession(w->inst, &s, NULL, NULL) < 0 || JetOpenDatabase(s, "slive/r.edb", NULL, &db, 0) < 0 ||
        JetOpenTable(s, db, "t", NULL, 0, 0, &t) < 0) {
        w->errors++;
        return NULL;
    }
    while (!atomic_load(&stop) && w->count < 100000) {
        int32_t id = (w->index + 1) * 1000000 + w->count * 2;
        JET_ERR e = JetBeginTransaction(s);
        if (e >= 0) e = bu_insert(s, t, &cols, id);
        if (e >= 0) e = bu_insert(s, t, &cols, id + 1);
        long start = atomic_fetch_add(&seq, 1);
        if (e >= 0) e = JetCommitTransaction(s, JET_bitCommitLazyFlush);
        long done = atomic_fetch_add(&seq, 1);
        if (e < 0) {
            w->errors++;
            break;
        }
        w->ids[w->count] = id;
        w->start[w->count] = start;
        w->done[w->count] = done;
        w->count++;
    }
    JetCloseTable(s, t);
    JetEndSession(s, 0);
    return NULL;
}

static void test_round_trip(void)
{
    JET_INSTANCE i = bu_instance("slive", "slive", 0);
    JET_SESID s = 0;
    JET_OSSNAPID id = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    unsigned long n = 0;
    pthread_t th[WRITERS];
    long before, after;
    uint32_t gl, gh;
    char cmd[512], orig[1024];
    JET_RSTMAP_A map;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "slive/r.edb", &cols);
    rows(s, "slive/r.edb", 0, 500);
    CHECK_TRUE(realpath("slive/r.edb", orig) != NULL);
    for (int k = 0; k < WRITERS; k++) {
        wr[k].inst = i;
        wr[k].index = k;
        pthread_create(&th[k], NULL, writer, &wr[k]);
    }
    usleep(300 * 1000);

    CHECK(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    before = atomic_fetch_add(&seq, 1);
    CHECK(JET_errSuccess, JetOSSnapshotFreeze(id, (uint32_t *)&n, &info, 0));
    after = atomic_fetch_add(&seq, 1);
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    /* what a snapshot provider copies: the database and the logs it needs */
    gl = header_u32("slive/r.edb", BK_SNAPSHOT_CUR + GEN_LOW);
    gh = header_u32("slive/r.edb", BK_SNAPSHOT_CUR + GEN_HIGH);
    CHECK_TRUE(gl >= 1 && gh >= gl);
    mkdir("scopy", 0777);
    CHECK_EQ(0, system("cp slive/r.edb scopy/r.edb"));
    for (uint32_t g = gl; g <= gh; g++) {
        snprintf(cmd, sizeof cmd, "cp slive/edb%05X.log scopy/", g);
        CHECK_EQ(0, system(cmd));
    }
    CHECK(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    usleep(200 * 1000);
    atomic_store(&stop, 1);
    for (int k = 0; k < WRITERS; k++) {
        pthread_join(th[k], NULL);
        CHECK_EQ(0, wr[k].errors);
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));

    /* restore the copy elsewhere */
    mkdir("srest", 0777);
    CHECK_EQ(0, system("cp scopy/r.edb srest/r.edb"));
    map.szDatabaseName = orig;
    map.szNewDatabaseName = "srest/r.edb";
    CHECK(JET_errSuccess, JetExternalRestore("srest", "srest", &map, 1, "scopy", (int32_t)gl, (int32_t)gh, NULL));
    {
        JET_INSTANCE v = bu_instance("sverify", "sverify", 0);
        JET_DBID db = 0;
        int32_t *ids = NULL;
        int rows_found, missing = 0, late = 0, partial = 0, expected = 500, later = 0;
        CHECK(JET_errSuccess, JetBeginSession(v, &s, NULL, NULL));
        CHECK(JET_errSuccess, JetAttachDatabase(s, "srest/r.edb", 0));
        CHECK(JET_errSuccess, JetOpenDatabase(s, "srest/r.edb", NULL, &db, 0));
        rows_found = bu_read_all(s, db, &cols, &ids);
        for (int k = 0; k < 500; k++) missing += !bu_contains(ids, rows_found, k);
        for (int w = 0; w < WRITERS; w++) {
            for (int k = 0; k < wr[w].count; k++) {
                int a = bu_contains(ids, rows_found, wr[w].ids[k]), b = bu_contains(ids, rows_found, wr[w].ids[k] + 1);
                partial += a != b;
                if (wr[w].done[k] < before && !a) missing++;
                if (wr[w].start[k] > after && a) late++;
                if (wr[w].start[k] > after) later++;
                if (a && b) expected += 2;
            }
        }
        CHECK_EQ(0, missing);
        CHECK_EQ(0, late);
        CHECK_EQ(0, partial);
        CHECK_EQ(expected, rows_found);
        CHECK_TRUE(later > 0);
        free(ids);
        CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
        CHECK(JET_errSuccess, JetDetachDatabase(s, "srest/r.edb"));
        CHECK(JET_errSuccess, JetEndSession(s, 0));
        CHECK(JET_errSuccess, JetTerm(v));
        CHECK_EQ(rows_found, bu_dissect_count("srest/r.edb"));
    }
}

int main(void)
{
    test_sequence();
    test_writes_held();
    test_round_trip();
    return 0;
}
