/*
 * Round trips while writer threads keep committing: a full streaming backup,
 * then an incremental one, each restored with JetExternalRestore into an
 * empty folder; the same with JetBackupInstance / JetRestoreInstance. The
 * restored database holds exactly the transactions committed before the
 * backup's end (those finished before it are there, those begun after it are
 * not, none is there in part), every row is found by both indexes, and the
 * independent reader (dissect.esedb) reads it. A backup of a database with a
 * damaged page fails with JET_errReadVerifyFailure.
 */
#include "backup_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#define WRITERS 3
#define MAX_TXNS 200000

static cols_t cols;
static atomic_long seq;
static atomic_int stop_writers;

/* one committed transaction: its two ids, and the sequence numbers taken just
   before its commit began and just after it returned */
typedef struct {
    int32_t id;
    long start, done;
} txn_t;

typedef struct {
    JET_INSTANCE inst;
    const char *db;
    int index;
    txn_t *txns;
    int count;
    int errors;
} writer_t;

static writer_t writers[WRITERS];

static void *writer(void *arg)
{
    writer_t *w = arg;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    if (JetBeginSession(w->inst, &s, NULL, NULL) < 0 || JetOpenDatabase(s, w->db, NULL, &db, 0) < 0 ||
        JetOpenTable(s, db, "t", NULL, 0, 0, &t) < 0) {
        w->errors++;
        return NULL;
    }
    while (!atomic_load(&stop_writers) && w->count < MAX_TXNS) {
        int32_t id = (w->index + 1) * 10000000 + w->count * 2;
        JET_ERR e = JetBeginTransaction(s);
        if (e >= 0) e = bu_insert(s, t, &cols, id);
        if (e >= 0) e = bu_insert(s, t, &cols, id + 1);
        if (e < 0) {
            JetRollback(s, 0);
            w->errors++;
            break;
        }
        long start = atomic_fetch_add(&seq, 1);
        e = JetCommitTransaction(s, (w->count % 3 == 0) ? 0 : JET_bitCommitLazyFlush);
        long done = atomic_fetch_add(&seq, 1);
        if (e < 0) {
            w->errors++;
            break;
        }
        w->txns[w->count].id = id;
        w->txns[w->count].start = start;
        w->txns[w->count].done = done;
        w->count++;
    }
    JetCloseTable(s, t);
    JetCloseDatabase(s, db, 0);
    JetEndSession(s, 0);
    return NULL;
}

static pthread_t threads[WRITERS];

static void start_writers(JET_INSTANCE i, const char *db)
{
    atomic_store(&stop_writers, 0);
    for (int k = 0; k < WRITERS; k++) {
        writers[k].inst = i;
        writers[k].db = db;
        writers[k].index = k;
        writers[k].count = 0;
        writers[k].errors = 0;
        writers[k].txns = calloc(MAX_TXNS, sizeof(txn_t));
        pthread_create(&threads[k], NULL, writer, &writers[k]);
    }
}

static void stop_all(void)
{
    atomic_store(&stop_writers, 1);
    for (int k = 0; k < WRITERS; k++) {
        pthread_join(threads[k], NULL);
        CHECK_EQ(0, writers[k].errors);
    }
}

/* wait until every writer committed at least n more transactions */
static void let_write(int n)
{
    int base[WRITERS];
    for (int k = 0; k < WRITERS; k++) base[k] = writers[k].count;
    for (int spins = 0; spins < 6000; spins++) {
        int ok = 1;
        for (int k = 0; k < WRITERS; k++) {
            if (writers[k].count < base[k] + n && !writers[k].errors) ok = 0;
        }
        if (ok) return;
        usleep(10000);
    }
}

static long window_start, window_end;

static void around(int after)
{
    if (after) {
        window_end = atomic_fetch_add(&seq, 1);
    } else {
        window_start = atomic_fetch_add(&seq, 1);
    }
}

/* Attach a restored database in an instance of its own and compare it with
   what the writers committed: everything done before `before` is there,
   nothing begun after `after`, every transaction whole; the reader agrees. */
static void verify(const char *dir, const char *file, int initial, long before, long after, int expect_some_missing)
{
    JET_INSTANCE v = bu_instance(dir, dir, 0);
    JET_SESID s = 0;
    JET_DBID db = 0;
    int32_t *ids = NULL;
    int n = 0, missing = 0, partial = 0, late = 0, expected = initial, found_txns = 0;
    CHECK(JET_errSuccess, JetBeginSession(v, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, file, 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, file, NULL, &db, 0));
    n = bu_read_all(s, db, &cols, &ids);
    for (int k = 0; k < initial; k++) {
        if (!bu_contains(ids, n, k)) missing++;
    }
    for (int w = 0; w < WRITERS; w++) {
        for (int k = 0; k < writers[w].count; k++) {
            txn_t *t = &writers[w].txns[k];
            int a = bu_contains(ids, n, t->id), b = bu_contains(ids, n, t->id + 1);
            if (a != b) partial++;
            if (t->done < before && !a) missing++;
            if (t->start > after && a) late++;
            if (a && b) {
                found_txns++;
                expected += 2;
            }
        }
    }
    CHECK_EQ(0, missing);
    CHECK_EQ(0, partial);
    CHECK_EQ(0, late);
    /* nothing else is there */
    CHECK_EQ(expected, n);
    if (expect_some_missing) {
        int total = 0;
        for (int w = 0; w < WRITERS; w++) total += writers[w].count;
        CHECK_TRUE(found_txns < total);
    }
    CHECK_TRUE(found_txns > 0);
    free(ids);
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, file));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(v));
    CHECK_EQ(n, bu_dissect_count(file));
}

static void copy_file(const char *from, const char *to)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    CHECK_EQ(0, system(cmd));
}

static void initial_rows(JET_SESID s, const char *file, int n)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetOpenDatabase(s, file, NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    for (int k = 0; k < n; k += 20) {
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        for (int j = k; j < k + 20 && j < n; j++) CHECK(JET_errSuccess, bu_insert(s, t, &cols, j));
        CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
}

static void test_streaming_round_trip(void)
{
    JET_INSTANCE i = bu_instance("live", "live", 0);
    JET_SESID s = 0;
    unsigned long gl = 0, gh = 0, gl2 = 0, gh2 = 0;
    char orig[1024];
    JET_RSTMAP_A map;
    long full_start, full_end;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "live/rt.edb", &cols);
    initial_rows(s, "live/rt.edb", 1500);
    CHECK_TRUE(realpath("live/rt.edb", orig) != NULL);

    start_writers(i, "live/rt.edb");
    let_write(50);
    /* slow reads: the writers change pages while the database is copied */
    bu_copy_delay_us = 3000;
    CHECK(JET_errSuccess, bu_stream_backup(i, "bk", 0, &gl, &gh, around));
    bu_copy_delay_us = 0;
    full_start = window_start;
    full_end = window_end;
    let_write(50);
    CHECK(JET_errSuccess, bu_stream_backup(i, "bk", JET_bitBackupIncremental, &gl2, &gh2, around));
    let_write(20);
    stop_all();
    CHECK_TRUE(gh2 > gh);

    /* the full backup alone, restored under another name in an empty folder */
    mkdir("r1", 0777);
    copy_file("bk/rt.edb", "r1/restored.edb");
    map.szDatabaseName = orig;
    map.szNewDatabaseName = "r1/restored.edb";
    CHECK(JET_errSuccess, JetExternalRestore("r1", "r1", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    verify("v1", "r1/restored.edb", 1500, full_start, full_end, 1);

    /* full + incremental */
    mkdir("r2", 0777);
    copy_file("bk/rt.edb", "r2/rt.edb");
    map.szNewDatabaseName = "r2/rt.edb";
    CHECK(JET_errSuccess, JetExternalRestore("r2", "r2", &map, 1, "bk", (int32_t)gl, (int32_t)gh2, NULL));
    verify("v2", "r2/rt.edb", 1500, window_start, window_end, 1);

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static int status_calls[4];

static JET_ERR status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    (void)sesid;
    JET_SNPROG *p = pv;
    if (p == NULL || p->cbStruct != sizeof(JET_SNPROG) || p->cunitDone > p->cunitTotal) return JET_errSuccess;
    if (snp == JET_snpBackup && snt == JET_sntBegin) status_calls[0]++;
    if (snp == JET_snpBackup && snt == JET_sntComplete) status_calls[1]++;
    if (snp == JET_snpRestore && snt == JET_sntBegin) status_calls[2]++;
    if (snp == JET_snpRestore && snt == JET_sntComplete) status_calls[3]++;
    return JET_errSuccess;
}

static void test_file_round_trip(void)
{
    JET_INSTANCE i = bu_instance("flive", "flive", 0);
    JET_INSTANCE r = 0;
    JET_SESID s = 0;
    long before, after;
    char path[256];

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "flive/rt.edb", &cols);
    initial_rows(s, "flive/rt.edb", 200);
    start_writers(i, "flive/rt.edb");
    let_write(50);
    mkdir("fb", 0777);
    CHECK(JET_errSuccess, JetBackupInstance(i, "fb", 0, status));
    /* a full backup needs an empty folder */
    CHECK(JET_errBackupDirectoryNotEmpty, JetBackupInstance(i, "fb", 0, NULL));
    CHECK(JET_errInvalidPath, JetBackupInstance(i, "no/such/folder", 0, NULL));
    let_write(50);
    before = atomic_fetch_add(&seq, 1);
    CHECK(JET_errSuccess, JetBackupInstance(i, "fb", JET_bitBackupIncremental, status));
    after = atomic_fetch_add(&seq, 1);
    let_write(20);
    stop_all();
    CHECK_TRUE(status_calls[0] == 2 && status_calls[1] == 2);

    /* restore into a new folder with an instance created for it */
    CHECK(JET_errSuccess, JetCreateInstance(&r, "frestore"));
    mkdir("fr", 0777);
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramSystemPath, 0, "fr/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramLogFilePath, 0, "fr/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramTempPath, 0, "fr/tmp.edb"));
    CHECK(JET_errSuccess, JetRestoreInstance(r, "fb", "frdb", status));
    CHECK_TRUE(status_calls[2] == 1 && status_calls[3] == 1);
    /* an initialized instance cannot restore */
    CHECK(JET_errAfterInitialization, JetRestoreInstance(i, "fb", "frdb", NULL));
    CHECK(JET_errSuccess, JetTerm(r));
    snprintf(path, sizeof path, "frdb/rt.edb");
    verify("fv", path, 200, before, after, 1);

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_atomic_file_backup(void)
{
    JET_INSTANCE i = bu_instance("alive", "alive", 0);
    JET_SESID s = 0;
    struct stat st;
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "alive/rt.edb", &cols);
    initial_rows(s, "alive/rt.edb", 100);
    mkdir("ab", 0777);
    CHECK(JET_errSuccess, JetBackupInstance(i, "ab", JET_bitBackupAtomic, NULL));
    CHECK_TRUE(stat("ab/new/rt.edb", &st) == 0);
    initial_rows(s, "alive/rt.edb", 0);
    /* the second atomic full backup keeps the first as old until it is complete, then drops it */
    CHECK(JET_errSuccess, JetBackupInstance(i, "ab", JET_bitBackupAtomic, NULL));
    CHECK_TRUE(stat("ab/new/rt.edb", &st) == 0);
    CHECK_TRUE(stat("ab/old", &st) != 0);
    CHECK_TRUE(stat("ab/temp", &st) != 0);
    /* an atomic incremental goes with the full backup (which becomes old) */
    CHECK(JET_errSuccess, JetBackupInstance(i, "ab", JET_bitBackupAtomic | JET_bitBackupIncremental, NULL));
    CHECK_TRUE(stat("ab/old/rt.edb", &st) == 0);
    /* a plain incremental backup refuses an atomic folder */
    CHECK(JET_errBackupDirectoryNotEmpty, JetBackupInstance(i, "ab", JET_bitBackupIncremental, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    /* JetRestoreInstance finds the backup in old/ */
    {
        JET_INSTANCE r = 0;
        CHECK(JET_errSuccess, JetCreateInstance(&r, "arestore"));
        mkdir("ar", 0777);
        CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramSystemPath, 0, "ar/"));
        CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramLogFilePath, 0, "ar/"));
        CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramTempPath, 0, "ar/tmp.edb"));
        CHECK(JET_errSuccess, JetRestoreInstance(r, "ab", "ardb", NULL));
        CHECK(JET_errSuccess, JetTerm(r));
        CHECK_EQ(100, bu_dissect_count("ardb/rt.edb"));
    }
}

static void test_corrupt_page(void)
{
    JET_INSTANCE i = bu_instance("bad", "bad", 0);
    JET_SESID s = 0;
    unsigned long ps = bu_page_size();
    long last = -1;
    char list[4096];
    unsigned long cb = 0, lo = 0, hi = 0;
    JET_HANDLE h = 0;
    unsigned char *buf = NULL;
    CHECK_TRUE(posix_memalign((void **)&buf, 4096, 256 * ps) == 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "bad/b.edb", &cols);
    initial_rows(s, "bad/b.edb", 400);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));

    /* damage the last page in use (a data or long-value page nothing reads at attach) */
    {
        int fd = open("bad/b.edb", O_RDWR);
        struct stat st;
        fstat(fd, &st);
        for (long p = (long)(st.st_size / (long)ps) - 1; p > 2 && last < 0; p--) {
            CHECK_TRUE(pread(fd, buf, ps, p * (long)ps) == (ssize_t)ps);
            for (unsigned long k = 0; k < ps; k++) {
                if (buf[k]) {
                    last = p;
                    break;
                }
            }
        }
        CHECK_TRUE(last > 2);
        buf[ps / 2] ^= 0x40;
        CHECK_TRUE(pwrite(fd, buf, ps, last * (long)ps) == (ssize_t)ps);
        close(fd);
    }

    i = bu_instance("bad2", "bad", 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "bad/b.edb", 0));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errSuccess, JetOpenFileInstance(i, list, &h, (uint32_t *)&lo, (uint32_t *)&hi));
    {
        JET_ERR e = JET_errSuccess;
        while (e == JET_errSuccess) {
            e = JetReadFileInstance(i, h, buf, 256 * (uint32_t)ps, (uint32_t *)&cb);
            if (e == JET_errSuccess && cb == 0) break;
        }
        CHECK(JET_errReadVerifyFailure, e);
    }
    /* the failed file is closed; the backup goes on, without it */
    CHECK(JET_errInvalidParameter, JetCloseFileInstance(i, h));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    /* the file backup fails the same way, and leaves no promoted copy */
    mkdir("badbk", 0777);
    CHECK(JET_errReadVerifyFailure, JetBackupInstance(i, "badbk", JET_bitBackupAtomic, NULL));
    {
        struct stat st;
        CHECK_TRUE(stat("badbk/new", &st) != 0);
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    free(buf);
}

int main(void)
{
    test_streaming_round_trip();
    test_file_round_trip();
    test_atomic_file_backup();
    test_corrupt_page();
    return 0;
}
