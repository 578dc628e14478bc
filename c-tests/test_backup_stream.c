/*
 * Streaming backup of a real database: JetGetAttachInfo, JetOpenFile,
 * JetReadFile, JetCloseFile, JetGetLogInfo(Instance2), JetGetTruncateLogInfo,
 * JetTruncateLog and JetEndExternalBackup with their errors and sequences
 * (full, copy, incremental, abandoned, stopped by the server), and the
 * database header's backup information afterwards.
 */
#include "backup_util.h"

#include <unistd.h>

static cols_t cols;

/* A 32-bit field of a database file's header (offset in the page). */
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

/* BKINFO offsets in the header, and their genLow/genHigh fields */
#define BK_FULL_PREV 136
#define BK_INC_PREV 160
#define BK_FULL_CUR 184
#define BK_COPY_PREV 420
#define BK_DIFF_PREV 444
#define GEN_LOW 16
#define GEN_HIGH 20

static void fill(JET_SESID s, const char *file, int from, int count)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    CHECK(JET_errSuccess, JetOpenDatabase(s, file, NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    for (int k = 0; k < count; k += 10) {
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        for (int j = k; j < k + 10 && j < count; j++) {
            CHECK(JET_errSuccess, bu_insert(s, t, &cols, from + j));
        }
        CHECK(JET_errSuccess, JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
}

static int count_names(const char *list)
{
    int n = 0;
    for (const char *p = list; *p; p += strlen(p) + 1) n++;
    return n;
}

static void test_full(void)
{
    JET_INSTANCE i = bu_instance("full", "full", 0);
    JET_SESID s = 0;
    unsigned long ps = bu_page_size(), cb = 0, lo = 0, hi = 0, total = 0;
    static char list[65536];
    char full_path[1024];
    WCHAR wlist[4096];
    JET_HANDLE h = 0;
    JET_LOGINFO_A info;
    JET_LOGINFO_W winfo;
    unsigned char *buf = NULL;
    struct stat st;

    CHECK_TRUE(posix_memalign((void **)&buf, 4096, 64 * ps) == 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "full/a.edb", &cols);
    fill(s, "full/a.edb", 0, 600);

    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));

    /* the attached databases, by full path, double-NUL terminated */
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK_TRUE(realpath("full/a.edb", full_path) != NULL);
    CHECK_STR(full_path, list);
    CHECK_EQ(strlen(full_path) + 2, cb);
    CHECK_EQ(0, list[strlen(list) + 1]);
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, NULL, 0, (uint32_t *)&cb));
    CHECK_EQ(strlen(full_path) + 2, cb);
    memset(list, 'x', sizeof list);
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, 4, (uint32_t *)&cb));
    CHECK_EQ(strlen(full_path) + 2, cb);
    CHECK_TRUE(list[4] == 'x');
    CHECK(JET_errSuccess, JetGetAttachInfoInstanceW(i, wlist, sizeof wlist, (uint32_t *)&cb));
    CHECK_EQ(2 * (strlen(full_path) + 2), cb);
    CHECK_TRUE(wlist[0] == '/' && wlist[strlen(full_path)] == 0 && wlist[strlen(full_path) + 1] == 0);

    /* opening: a name is needed, logs only after the databases, outputs needed */
    CHECK(JET_errInvalidParameter, JetOpenFileInstance(i, "", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errInvalidParameter, JetOpenFileInstance(i, NULL, &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errDatabaseNotFound, JetOpenFileInstance(i, "full/edb.log", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errDatabaseNotFound, JetOpenFileInstance(i, "full/nothere.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errInvalidParameter, JetOpenFileInstance(i, "full/a.edb", NULL, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetOpenFileInstance(i, "full/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    /* the file's pages, the header pages, and one trailer page */
    CHECK_TRUE(stat("full/a.edb", &st) == 0);
    CHECK_EQ(0, hi);
    CHECK_EQ((unsigned long)st.st_size + ps, lo);

    /* reading: whole pages into a page-aligned buffer, the header and one page first */
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, h, buf, 2 * ps, (uint32_t *)&cb));
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, h, buf, 3 * ps + 1, (uint32_t *)&cb));
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, h, buf + 16, 3 * ps, (uint32_t *)&cb));
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, h, NULL, 3 * ps, (uint32_t *)&cb));
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, (JET_HANDLE)0x77, buf, 3 * ps, (uint32_t *)&cb));
    CHECK(JET_errSuccess, JetReadFileInstance(i, h, buf, 3 * ps, (uint32_t *)&cb));
    CHECK_EQ(3 * ps, cb);
    /* the header names the backup: bkinfoFullCur with the first log generation */
    CHECK_TRUE(*(uint32_t *)(buf + BK_FULL_CUR + GEN_LOW) >= 1);
    CHECK_EQ(0, *(uint32_t *)(buf + BK_FULL_CUR + GEN_HIGH));
    CHECK_EQ(0, memcmp(buf, buf + ps, ps));
    total = cb;
    for (;;) {
        CHECK(JET_errSuccess, JetReadFileInstance(i, h, buf, 64 * ps, (uint32_t *)&cb));
        if (cb == 0) break;
        total += cb;
        if (total == lo) {
            /* the trailer: bkinfoFullCur.genHigh is set */
            CHECK_TRUE(*(uint32_t *)(buf + cb - ps + BK_FULL_CUR + GEN_HIGH) >= 1);
        }
    }
    CHECK_EQ(lo, total);

    /* the logs need every file closed first */
    CHECK(JET_errInvalidBackupSequence, JetGetLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errInvalidBackupSequence, JetGetTruncateLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errInvalidBackupSequence, JetTruncateLogInstance(i));
    CHECK(JET_errSuccess, JetCloseFileInstance(i, h));
    CHECK(JET_errInvalidParameter, JetCloseFileInstance(i, h));
    CHECK(JET_errInvalidParameter, JetReadFileInstance(i, h, buf, 3 * ps, (uint32_t *)&cb));
    /* truncating needs the log list first */
    CHECK(JET_errInvalidBackupSequence, JetTruncateLogInstance(i));

    memset(&info, 0, sizeof info);
    info.cbSize = 3;
    CHECK(JET_errInvalidParameter, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
    info.cbSize = sizeof info;
    CHECK(JET_errSuccess, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
    CHECK_TRUE(info.ulGenLow >= 1 && info.ulGenHigh >= info.ulGenLow);
    CHECK_STR("edb", info.szBaseName);
    CHECK_EQ(info.ulGenHigh - info.ulGenLow + 1, count_names(list));
    CHECK_TRUE(strstr(bu_nth(list, 0), "/full/edb") != NULL);
    /* the list does not change when asked again, in either width */
    {
        static char again[65536];
        unsigned long cb2 = 0;
        CHECK(JET_errSuccess, JetGetLogInfoInstance(i, again, sizeof again, (uint32_t *)&cb2));
        CHECK_EQ(cb, cb2);
        CHECK_EQ(0, memcmp(list, again, cb));
        memset(&winfo, 0, sizeof winfo);
        winfo.cbSize = sizeof winfo;
        CHECK(JET_errSuccess, JetGetLogInfoInstance2W(i, wlist, sizeof wlist, (uint32_t *)&cb2, &winfo));
        CHECK_EQ(2 * cb, cb2);
        CHECK_EQ(info.ulGenHigh, winfo.ulGenHigh);
        CHECK_TRUE(winfo.szBaseName[0] == 'e' && winfo.szBaseName[3] == 0);
        /* a short buffer: JetGetLogInfoW reports what it copied */
        CHECK(JET_errSuccess, JetGetLogInfoInstanceW(i, wlist, 6, (uint32_t *)&cb2));
        CHECK_EQ(6, cb2);
    }
    /* databases are over once the logs were asked for */
    CHECK(JET_errInvalidBackupSequence, JetOpenFileInstance(i, "full/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errMissingFileToBackup, JetOpenFileInstance(i, "full/edbFFFFF.log", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetGetTruncateLogInfoInstance(i, list + 32768, 32768, (uint32_t *)&cb));

    /* every log must be read before truncating */
    CHECK(JET_errLogFileNotCopied, JetTruncateLogInstance(i));
    mkdir("full_bk", 0777);
    for (int k = 0; bu_nth(list, k); k++) {
        CHECK(JET_errSuccess, bu_copy(i, bu_nth(list, k), "full_bk", 16 * ps));
    }
    CHECK(JET_errSuccess, JetTruncateLogInstance(i));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal));

    /* the database records its full backup */
    CHECK_EQ(info.ulGenLow, header_u32("full/a.edb", BK_FULL_PREV + GEN_LOW));
    CHECK_EQ(info.ulGenHigh, header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH));
    CHECK_EQ(0, header_u32("full/a.edb", BK_COPY_PREV + GEN_HIGH));

    /* a full backup ended without truncating is a copy ... */
    {
        unsigned long gl = 0, gh = 0;
        fill(s, "full/a.edb", 1000, 50);
        CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
        CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
        CHECK(JET_errSuccess, bu_copy(i, list, "full_bk", 64 * ps));
        memset(&info, 0, sizeof info);
        info.cbSize = sizeof info;
        CHECK(JET_errSuccess, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
        CHECK(JET_errSuccess, JetEndExternalBackupInstance(i));
        CHECK_EQ(info.ulGenHigh, header_u32("full/a.edb", BK_COPY_PREV + GEN_HIGH));
        CHECK_TRUE(info.ulGenHigh > header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH));
        /* ... unless the caller says truncation was done */
        CHECK(JET_errSuccess, bu_stream_backup(i, "full_bk2", 0, &gl, &gh, NULL));
        CHECK_EQ(gh, header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH));
        CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
        CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
        CHECK(JET_errSuccess, bu_copy(i, list, "full_bk", 64 * ps));
        CHECK(JET_errSuccess, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
        CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal | JET_bitBackupTruncateDone));
        CHECK_EQ(info.ulGenHigh, header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH));
    }

    /* an abandoned backup records nothing */
    {
        uint32_t before = header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH);
        CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
        CHECK(JET_errSuccess, JetOpenFileInstance(i, "full/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
        CHECK(JET_errSuccess, JetReadFileInstance(i, h, buf, 8 * ps, (uint32_t *)&cb));
        CHECK(BACKUP_ABORT_BY_CALLER, JetEndExternalBackupInstance(i));
        /* the handle died with its backup */
        CHECK(JET_errNoBackup, JetCloseFileInstance(i, h));
        CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
        CHECK(JET_errInvalidParameter, JetCloseFileInstance(i, h));
        CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
        CHECK_EQ(before, header_u32("full/a.edb", BK_FULL_PREV + GEN_HIGH));
    }

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    free(buf);
}

static void test_incremental(void)
{
    JET_INSTANCE i = bu_instance("inc", "inc", 0);
    JET_SESID s = 0;
    unsigned long cb = 0, lo = 0, hi = 0, gl = 0, gh = 0, gl2 = 0, gh2 = 0;
    static char list[65536];
    JET_HANDLE h = 0;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "inc/a.edb", &cols);
    fill(s, "inc/a.edb", 0, 100);
    /* no full backup yet */
    CHECK(JET_errMissingFullBackup, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance(i));
    CHECK(JET_errSuccess, bu_stream_backup(i, "inc_bk", 0, &gl, &gh, NULL));
    fill(s, "inc/a.edb", 100, 300);

    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    /* an incremental backup has no databases */
    CHECK(JET_errInvalidBackupSequence, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errInvalidBackupSequence, JetOpenFileInstance(i, "inc/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));

    CHECK(JET_errSuccess, bu_stream_backup(i, "inc_bk", JET_bitBackupIncremental, &gl2, &gh2, NULL));
    /* the incremental backup starts where the full one ended (its logs were truncated) */
    CHECK_TRUE(gl2 <= gh + 1);
    CHECK_TRUE(gh2 > gh);
    CHECK_EQ(gh2, header_u32("inc/a.edb", BK_INC_PREV + GEN_HIGH));
    CHECK_EQ(gh, header_u32("inc/a.edb", BK_FULL_PREV + GEN_HIGH));

    /* without truncation an incremental backup is differential */
    fill(s, "inc/a.edb", 400, 50);
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    CHECK(JET_errSuccess, JetGetLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance(i));
    CHECK_TRUE(header_u32("inc/a.edb", BK_DIFF_PREV + GEN_HIGH) > gh2);
    CHECK_EQ(gh2, header_u32("inc/a.edb", BK_INC_PREV + GEN_HIGH));

    /* a new full backup voids the incremental one */
    CHECK(JET_errSuccess, bu_stream_backup(i, "inc_bk3", 0, &gl, &gh, NULL));
    CHECK_EQ(0, header_u32("inc/a.edb", BK_INC_PREV + GEN_HIGH));
    CHECK_EQ(0, header_u32("inc/a.edb", BK_DIFF_PREV + GEN_HIGH));
    CHECK_EQ(gh, header_u32("inc/a.edb", BK_FULL_PREV + GEN_HIGH));

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_stopped(void)
{
    JET_INSTANCE i = bu_instance("stopped", "stopped", 0);
    JET_SESID s = 0;
    unsigned long ps = bu_page_size(), cb = 0, lo = 0, hi = 0;
    char list[4096];
    JET_HANDLE h = 0;
    unsigned char *buf = NULL;
    CHECK_TRUE(posix_memalign((void **)&buf, 4096, 8 * ps) == 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "stopped/a.edb", &cols);

    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetOpenFileInstance(i, "stopped/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetReadFileInstance(i, h, buf, 8 * ps, (uint32_t *)&cb));
    CHECK(JET_errSuccess, JetStopBackupInstance(i));
    /* every streaming call fails; closing and ending still work */
    CHECK(JET_errBackupAbortByServer, JetReadFileInstance(i, h, buf, 8 * ps, (uint32_t *)&cb));
    CHECK(JET_errBackupAbortByServer, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errBackupAbortByServer, JetOpenFileInstance(i, "stopped/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errBackupAbortByServer, JetGetLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errBackupAbortByServer, JetGetTruncateLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errBackupAbortByServer, JetTruncateLogInstance(i));
    CHECK(JET_errSuccess, JetCloseFileInstance(i, h));
    CHECK(JET_errBackupAbortByServer, JetEndExternalBackupInstance(i));
    CHECK(JET_errNoBackup, JetEndExternalBackupInstance(i));

    /* a termination that stops the backup but then fails leaves it stopped */
    {
        JET_SESID busy = 0;
        CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
        CHECK(JET_errSuccess, JetBeginSession(i, &busy, NULL, NULL));
        CHECK(JET_errSuccess, JetBeginTransaction(busy));
        CHECK(JET_errTooManyActiveUsers, JetTerm2(i, JET_bitTermComplete | JET_bitTermStopBackup));
        CHECK(JET_errBackupAbortByServer, JetOpenFileInstance(i, "stopped/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
        CHECK(JET_errBackupAbortByServer, JetEndExternalBackupInstance(i));
        CHECK(JET_errSuccess, JetRollback(busy, 0));
        CHECK(JET_errSuccess, JetEndSession(busy, 0));
    }

    /* after stop service: refused before anything else */
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetOpenFileInstance(i, "stopped/a.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetStopServiceInstance(i));
    CHECK(JET_errClientRequestToStopJetService, JetReadFileInstance(i, h, buf, 8 * ps, (uint32_t *)&cb));
    CHECK(JET_errClientRequestToStopJetService, JetCloseFileInstance(i, h));
    CHECK(JET_errClientRequestToStopJetService, JetGetLogInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errClientRequestToStopJetService, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    /* JetTerm (abrupt) ends the backup and its open file */
    CHECK(JET_errSuccess, JetTerm(i));
    CHECK(JET_errInvalidInstance, JetReadFileInstance(i, h, buf, 8 * ps, (uint32_t *)&cb));
    /* the database can be attached again at once: nothing holds it */
    i = bu_instance("stopped2", "stopped", 0);
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "stopped/a.edb", 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
    free(buf);
}

static void test_circular(void)
{
    /* circular logging: a full backup keeps the logs it must copy */
    JET_INSTANCE i = bu_instance("circ", "circ", 1);
    JET_SESID s = 0;
    unsigned long cb = 0, gl = 0, gh = 0;
    static char list[65536];
    JET_LOGINFO_A info;
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "circ/a.edb", &cols);
    CHECK(JET_errInvalidBackup, JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    mkdir("circ_bk", 0777);
    CHECK(JET_errSuccess, bu_copy(i, list, "circ_bk", 64 * 1024));
    /* enough writing to take several checkpoints */
    fill(s, "circ/a.edb", 0, 3000);
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    CHECK(JET_errSuccess, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
    for (int k = 0; bu_nth(list, k); k++) {
        CHECK(JET_errSuccess, bu_copy(i, bu_nth(list, k), "circ_bk", 64 * 1024));
    }
    CHECK(JET_errSuccess, JetEndExternalBackupInstance(i));
    (void)gl;
    (void)gh;
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_read_only(void)
{
    /* a database attached read-only is no part of a backup */
    JET_INSTANCE i = bu_instance("ro", "ro", 0);
    JET_SESID s = 0;
    char list[4096], full[1024];
    unsigned long cb = 0, lo = 0, hi = 0;
    JET_HANDLE h = 0;
    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "ro/w.edb", &cols);
    bu_create(s, "ro/r.edb", &cols);
    CHECK(JET_errSuccess, JetDetachDatabase(s, "ro/r.edb"));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "ro/r.edb", JET_bitDbReadOnly));
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK_TRUE(realpath("ro/w.edb", full) != NULL);
    CHECK_STR(full, list);
    CHECK(JET_errDatabaseNotFound, JetOpenFileInstance(i, "ro/r.edb", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));
}

int main(void)
{
    test_read_only();
    test_full();
    test_incremental();
    test_stopped();
    test_circular();
    return 0;
}
