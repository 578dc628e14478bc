/*
 * Restore: JetExternalRestore(2), JetRestoreInstance, JetRestore(2) (A and W)
 * with their errors where the backup set does not fit (missing or foreign
 * log files, a log range that starts too late or ends too early, a copy of
 * the wrong size, a database that is no backup copy, a database in use), the
 * run modes they need, a restore in place from the backup marks, and a
 * restore that rolls forward through the instance's own logs.
 */
#include "backup_util.h"

static cols_t cols;

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

static void sh(const char *cmd)
{
    CHECK_EQ(0, system(cmd));
}

/* rows of table t in a restored database (attached in an instance of its own); -1 if it cannot be attached */
static int count_rows(const char *name, const char *file)
{
    JET_INSTANCE v = bu_instance(name, name, 0);
    JET_SESID s = 0;
    JET_DBID db = 0;
    int32_t *ids = NULL;
    int n = -1;
    CHECK(JET_errSuccess, JetBeginSession(v, &s, NULL, NULL));
    if (JetAttachDatabase(s, file, 0) == JET_errSuccess && JetOpenDatabase(s, file, NULL, &db, 0) == JET_errSuccess) {
        n = bu_read_all(s, db, &cols, &ids);
        free(ids);
        CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
        CHECK(JET_errSuccess, JetDetachDatabase(s, file));
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(v));
    return n;
}

static uint32_t trailer_gen_high(const char *file)
{
    uint32_t v = 0;
    unsigned long ps = bu_page_size();
    int fd = open(file, O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    if (pread(fd, &v, 4, st.st_size - (long)ps + 184 + 20) != 4) v = 0;
    close(fd);
    return v;
}

static char orig[1024];
static unsigned long gl, gh;

/* A full streaming backup of src/d.edb into bk, with enough written during it
   that its logs span several generations and the copy needs more than the first. */
static void make_backup(JET_INSTANCE i, JET_SESID s)
{
    static char list[65536];
    unsigned long cb = 0;
    JET_LOGINFO_A info;
    mkdir("bk", 0777);
    CHECK(JET_errSuccess, JetBeginExternalBackupInstance(i, 0));
    rows(s, "src/d.edb", 1000, 600);
    CHECK(JET_errSuccess, JetGetAttachInfoInstance(i, list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errSuccess, bu_copy(i, list, "bk", 64 * 1024));
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    CHECK(JET_errSuccess, JetGetLogInfoInstance2(i, list, sizeof list, (uint32_t *)&cb, &info));
    for (int k = 0; bu_nth(list, k); k++) CHECK(JET_errSuccess, bu_copy(i, bu_nth(list, k), "bk", 64 * 1024));
    CHECK(JET_errSuccess, JetTruncateLogInstance(i));
    CHECK(JET_errSuccess, JetEndExternalBackupInstance(i));
    gl = info.ulGenLow;
    gh = info.ulGenHigh;
}

static void test_external_restore_errors(void)
{
    JET_INSTANCE i = bu_instance("src", "src", 0), other = 0;
    JET_SESID s = 0;
    JET_RSTMAP_A map, bad;
    JET_LOGINFO_A li;
    uint32_t th;
    char cmd[512];

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "src/d.edb", &cols);
    rows(s, "src/d.edb", 0, 300);
    CHECK_TRUE(realpath("src/d.edb", orig) != NULL);
    make_backup(i, s);
    th = trailer_gen_high("bk/d.edb");
    CHECK_TRUE(gh >= gl + 2);
    CHECK_TRUE(th > gl && th <= gh);
    map.szDatabaseName = orig;
    map.szNewDatabaseName = "r/d.edb";
    mkdir("r", 0777);

    /* arguments */
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", &map, 1, NULL, (int32_t)gl, (int32_t)gh, NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", &map, -1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", NULL, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    bad.szDatabaseName = NULL;
    bad.szNewDatabaseName = NULL;
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", &bad, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gh, (int32_t)gl, NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore("r", "r", &map, 1, "bk", -1, (int32_t)gh, NULL));
    /* the database is missing, or attached by a running instance */
    CHECK(JET_errFileNotFound, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    map.szNewDatabaseName = "src/d.edb";
    CHECK(JET_errDatabaseInUse, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    map.szNewDatabaseName = "r/d.edb";

    /* the log range must cover what the copy needs */
    sh("cp bk/d.edb r/d.edb");
    CHECK(JET_errStartingRestoreLogTooHigh, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl + 1, (int32_t)gh, NULL));
    CHECK(JET_errEndingRestoreLogTooLow, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)th - 1, NULL));
    CHECK(JET_errMissingLogFile, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh + 1, NULL));
    /* a generation missing in the middle */
    sh("rm -rf bk_missing && cp -r bk bk_missing");
    snprintf(cmd, sizeof cmd, "rm bk_missing/edb%05lX.log", gl + 1);
    sh(cmd);
    CHECK(JET_errMissingLogFile, JetExternalRestore("r", "r", &map, 1, "bk_missing", (int32_t)gl, (int32_t)gh, NULL));
    /* a generation of another log set */
    other = bu_instance("other", "other", 0);
    {
        JET_SESID s2 = 0;
        CHECK(JET_errSuccess, JetBeginSession(other, &s2, NULL, NULL));
        bu_create(s2, "other/o.edb", &cols);
        rows(s2, "other/o.edb", 0, 800);
        CHECK(JET_errSuccess, JetEndSession(s2, 0));
        CHECK(JET_errSuccess, JetTerm(other));
    }
    sh("rm -rf bk_foreign && cp -r bk bk_foreign");
    snprintf(cmd, sizeof cmd, "cp other/edb%05lX.log bk_foreign/", gl + 1);
    sh(cmd);
    CHECK(JET_errBadLogSignature, JetExternalRestore("r", "r", &map, 1, "bk_foreign", (int32_t)gl, (int32_t)gh, NULL));
    /* the copy is cut short, or lost its trailer page */
    sh("cp bk/d.edb r/d.edb && truncate -s -100 r/d.edb");
    CHECK(JET_errBadBackupDatabaseSize, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    snprintf(cmd, sizeof cmd, "cp bk/d.edb r/d.edb && truncate -s -%lu r/d.edb", bu_page_size());
    sh(cmd);
    CHECK(JET_errBadBackupDatabaseSize, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    /* a database that is no backup copy */
    map.szNewDatabaseName = "other/o.edb";
    CHECK(JET_errRestoreOfNonBackupDatabase, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    map.szNewDatabaseName = "r/d.edb";

    /* JetExternalRestore2: the range and base name come in a JET_LOGINFO */
    sh("cp bk/d.edb r/d.edb");
    CHECK(JET_errInvalidParameter, JetExternalRestore2("r", "r", &map, 1, "bk", NULL, NULL, NULL, NULL, NULL));
    memset(&li, 0, sizeof li);
    li.cbSize = 5;
    CHECK(JET_errInvalidParameter, JetExternalRestore2("r", "r", &map, 1, "bk", &li, NULL, NULL, NULL, NULL));
    li.cbSize = sizeof li;
    li.ulGenLow = gl;
    li.ulGenHigh = gh;
    strcpy(li.szBaseName, "edb");
    CHECK(JET_errBadRestoreTargetInstance, JetExternalRestore2("r", "r", &map, 1, "bk", &li, "nosuch", NULL, NULL, NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore2("r", "r", &map, 1, "bk", &li, "src", "src", "src", NULL));
    CHECK(JET_errInvalidParameter, JetExternalRestore2("r", "r", &map, 1, "bk", &li, NULL, "src", NULL, NULL));
    CHECK(JET_errSuccess, JetExternalRestore2("r", "r", &map, 1, "bk", &li, NULL, NULL, NULL, NULL));
    /* a restored database is a database again */
    CHECK(JET_errRestoreOfNonBackupDatabase, JetExternalRestore("r", "r", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    CHECK_EQ(900, count_rows("v_r", "r/d.edb"));

    /* W */
    {
        WCHAR wr[8], wbk[8], wnew[32], wold[1024];
        JET_RSTMAP_W wmap;
        const char *a = "r2", *b = "bk", *n = "r2/d.edb";
        for (int k = 0; k < 3; k++) wr[k] = (WCHAR)a[k];
        for (int k = 0; k < 3; k++) wbk[k] = (WCHAR)b[k];
        for (int k = 0; k < 9; k++) wnew[k] = (WCHAR)n[k];
        for (size_t k = 0; k <= strlen(orig); k++) wold[k] = (WCHAR)orig[k];
        mkdir("r2", 0777);
        sh("cp bk/d.edb r2/d.edb");
        wmap.szDatabaseName = wold;
        wmap.szNewDatabaseName = wnew;
        CHECK(JET_errSuccess, JetExternalRestoreW(wr, wr, &wmap, 1, wbk, (int32_t)gl, (int32_t)gh, NULL));
        CHECK_EQ(900, count_rows("v_r2", "r2/d.edb"));
    }

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));

    /* no map: the databases the backup marks name, in place */
    sh("cp bk/d.edb src/d.edb");
    CHECK(JET_errSuccess, JetExternalRestore("r3", "r3", NULL, 0, "bk", (int32_t)gl, (int32_t)gh, NULL));
    CHECK_EQ(900, count_rows("v_src", "src/d.edb"));
}

static int restore_begun;

static JET_ERR status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    (void)sesid;
    (void)pv;
    if (snp == JET_snpRestore && snt == JET_sntBegin) restore_begun++;
    return JET_errSuccess;
}

static JET_INSTANCE created(const char *name, const char *logs)
{
    JET_INSTANCE r = 0;
    char path[256];
    CHECK(JET_errSuccess, JetCreateInstance(&r, name));
    mkdir(name, 0777);
    snprintf(path, sizeof path, "%s/", logs);
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramSystemPath, 0, path));
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramLogFilePath, 0, path));
    snprintf(path, sizeof path, "%s/tmp.edb", name);
    CHECK(JET_errSuccess, JetSetSystemParameter(&r, 0, JET_paramTempPath, 0, path));
    return r;
}

static void test_file_restore(void)
{
    JET_INSTANCE i = bu_instance("fsrc", "fsrc", 0), r = 0;
    JET_SESID s = 0;

    CHECK(JET_errSuccess, JetBeginSession(i, &s, NULL, NULL));
    bu_create(s, "fsrc/f.edb", &cols);
    rows(s, "fsrc/f.edb", 0, 200);
    mkdir("fb", 0777);
    {
        WCHAR w[3] = { 'f', 'b', 0 };
        CHECK(JET_errSuccess, JetBackupInstanceW(i, w, 0, NULL));
    }
    /* written after the backup: only in the instance's own logs */
    rows(s, "fsrc/f.edb", 5000, 100);
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(i));

    r = created("frest", "frest");
    CHECK(JET_errInvalidParameter, JetRestoreInstance(r, NULL, "frdb", NULL));
    CHECK(JET_errInvalidInstance, JetRestoreInstance((JET_INSTANCE)0x1234, "fb", "frdb", NULL));
    CHECK(JET_errFileNotFound, JetRestoreInstance(r, "frest", "frdb", NULL));
    mkdir("fb_nodb", 0777);
    sh("cp fb/*.log fb_nodb/");
    CHECK(JET_errPatchFileMissing, JetRestoreInstance(r, "fb_nodb", "frdb", NULL));
    CHECK(JET_errSuccess, JetRestoreInstance(r, "fb", "frdb", status));
    CHECK_EQ(1, restore_begun);
    CHECK(JET_errSuccess, JetTerm(r));
    CHECK_EQ(200, count_rows("v_frdb", "frdb/f.edb"));

    /* with the live logs as its log path, the restore rolls forward through them */
    r = created("frest2", "fsrc");
    {
        WCHAR wfb[3] = { 'f', 'b', 0 }, wdest[7] = { 'f', 'r', 'd', 'b', '2', 0, 0 };
        CHECK(JET_errSuccess, JetRestoreInstanceW(r, wfb, wdest, NULL));
    }
    CHECK(JET_errSuccess, JetTerm(r));
    CHECK_EQ(300, count_rows("v_frdb2", "frdb2/f.edb"));
}

static void test_legacy_modes(void)
{
    JET_INSTANCE i = 0;
    JET_RSTMAP_A map;
    map.szDatabaseName = orig;
    map.szNewDatabaseName = "lr/d.edb";
    /* multi-instance mode (an instance exists): the legacy restore refuses */
    i = created("lm", "lm");
    CHECK(JET_errRunningInMultiInstanceMode, JetRestore("fb", NULL));
    CHECK(JET_errRunningInMultiInstanceMode, JetRestore2("fb", "lrdb", NULL));
    CHECK(JET_errSuccess, JetTerm(i));

    /* legacy mode: JetExternalRestore needs multi-instance mode, JetRestore an instance not initialized */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "legacy/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "legacy/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "legacy/tmp.edb"));
    mkdir("legacy", 0777);
    CHECK(JET_errSuccess, JetInit(NULL));
    mkdir("lr", 0777);
    sh("cp bk/d.edb lr/d.edb");
    CHECK(JET_errRunningInOneInstanceMode, JetExternalRestore("lr", "lr", &map, 1, "bk", (int32_t)gl, (int32_t)gh, NULL));
    CHECK(JET_errRunningInOneInstanceMode, JetRestoreInstance(0, "fb", "lrdb", NULL));
    CHECK(JET_errAfterInitialization, JetRestore("fb", NULL));
    CHECK(JET_errSuccess, JetTerm(0));
    /* nothing initialized: the legacy restore runs */
    CHECK(JET_errSuccess, JetRestore2("fb", "lrdb", NULL));
    {
        WCHAR w[3] = { 'f', 'b', 0 }, d[6] = { 'l', 'r', 'd', 'b', '2', 0 };
        CHECK(JET_errSuccess, JetRestore2W(w, d, NULL));
    }
    CHECK_EQ(200, count_rows("v_lrdb", "lrdb/f.edb"));
    CHECK_EQ(200, count_rows("v_lrdb2", "lrdb2/f.edb"));
}

int main(void)
{
    test_external_restore_errors();
    test_file_restore();
    test_legacy_modes();
    return 0;
}
