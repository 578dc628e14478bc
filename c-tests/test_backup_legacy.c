/*
 * The instance-less (legacy, Windows 2000 style) backup calls, A and W:
 * JetBeginExternalBackup, JetGetAttachInfo(W), JetOpenFile(W), JetReadFile,
 * JetCloseFile, JetGetLogInfo(W), JetTruncateLog, JetEndExternalBackup,
 * JetBackup(W), JetRestore(W) in legacy mode; JET_errRunningInMultiInstanceMode
 * in multi-instance mode; calls made from a restore's status callback see
 * JET_errRestoreInProgress.
 */
#include "backup_util.h"

static cols_t cols;

static void widen(WCHAR *w, const char *s)
{
    size_t k = 0;
    for (; s[k]; k++) w[k] = (WCHAR)(unsigned char)s[k];
    w[k] = 0;
}

static void narrow(char *s, const WCHAR *w)
{
    size_t k = 0;
    for (; w[k]; k++) s[k] = (char)w[k];
    s[k] = 0;
}

static void test_multi_mode(void)
{
    JET_INSTANCE i = 0;
    JET_HANDLE h = 0;
    unsigned long cb = 0, lo = 0, hi = 0;
    char buf[64];
    WCHAR wbuf[64];
    CHECK(JET_errSuccess, JetCreateInstance(&i, "multi"));
    harness_own_paths(i);
    CHECK(JET_errSuccess, JetInit(&i));
    CHECK(JET_errRunningInMultiInstanceMode, JetGetAttachInfo(buf, sizeof buf, (uint32_t *)&cb));
    CHECK(JET_errRunningInMultiInstanceMode, JetGetAttachInfoW(wbuf, sizeof wbuf, (uint32_t *)&cb));
    CHECK(JET_errRunningInMultiInstanceMode, JetOpenFile("x", &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errRunningInMultiInstanceMode, JetOpenFileW(wbuf, &h, (uint32_t *)&lo, (uint32_t *)&hi));
    CHECK(JET_errRunningInMultiInstanceMode, JetReadFile(h, buf, sizeof buf, (uint32_t *)&cb));
    CHECK(JET_errRunningInMultiInstanceMode, JetCloseFile(h));
    CHECK(JET_errRunningInMultiInstanceMode, JetGetLogInfo(buf, sizeof buf, (uint32_t *)&cb));
    CHECK(JET_errRunningInMultiInstanceMode, JetGetLogInfoW(wbuf, sizeof wbuf, (uint32_t *)&cb));
    CHECK(JET_errRunningInMultiInstanceMode, JetBackup("x", 0, NULL));
    CHECK(JET_errRunningInMultiInstanceMode, JetBackupW(wbuf, 0, NULL));
    CHECK(JET_errRunningInMultiInstanceMode, JetRestore("x", NULL));
    CHECK(JET_errRunningInMultiInstanceMode, JetRestoreW(wbuf, NULL));
    CHECK(JET_errSuccess, JetTerm(i));
}

static void test_legacy_sequence(void)
{
    JET_SESID s = 0;
    JET_HANDLE h = 0;
    unsigned long cb = 0, lo = 0, hi = 0, ps = bu_page_size();
    static char list[65536];
    static WCHAR wlist[32768];
    char name[1024];
    WCHAR wname[1024];
    unsigned char *buf = NULL;
    CHECK_TRUE(posix_memalign((void **)&buf, 4096, 16 * ps) == 0);

    /* no instance at all */
    CHECK(JET_errNotInitialized, JetGetAttachInfo(list, sizeof list, (uint32_t *)&cb));
    CHECK(JET_errNotInitialized, JetBackup("lb", 0, NULL));

    mkdir("legacy", 0777);
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "legacy/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "legacy/"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "legacy/tmp.edb"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 256, NULL));
    CHECK(JET_errSuccess, JetInit(NULL));
    CHECK(JET_errSuccess, JetBeginSession(0, &s, NULL, NULL));
    bu_create(s, "legacy/l.edb", &cols);
    {
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        CHECK(JET_errSuccess, JetOpenDatabase(s, "legacy/l.edb", NULL, &db, 0));
        CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
        CHECK(JET_errSuccess, JetBeginTransaction(s));
        for (int k = 0; k < 150; k++) CHECK(JET_errSuccess, bu_insert(s, t, &cols, k));
        CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
        CHECK(JET_errSuccess, JetCloseTable(s, t));
        CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    }

    /* a streaming backup with the legacy calls, names in W */
    mkdir("lsb", 0777);
    CHECK(JET_errSuccess, JetBeginExternalBackup(0));
    CHECK(JET_errSuccess, JetGetAttachInfoW(wlist, sizeof wlist, (uint32_t *)&cb));
    narrow(name, wlist);
    CHECK_TRUE(strstr(name, "/legacy/l.edb") != NULL);
    CHECK(JET_errSuccess, JetGetAttachInfo(list, sizeof list, (uint32_t *)&cb));
    CHECK_STR(name, list);
    CHECK(JET_errSuccess, JetOpenFileW(wlist, &h, (uint32_t *)&lo, (uint32_t *)&hi));
    {
        FILE *out = fopen("lsb/l.edb", "wb");
        unsigned long total = 0;
        for (;;) {
            CHECK(JET_errSuccess, JetReadFile(h, buf, 16 * (uint32_t)ps, (uint32_t *)&cb));
            if (cb == 0) break;
            fwrite(buf, 1, cb, out);
            total += cb;
        }
        fclose(out);
        CHECK_EQ(lo, total);
    }
    CHECK(JET_errSuccess, JetCloseFile(h));
    CHECK(JET_errSuccess, JetGetLogInfoW(wlist, sizeof wlist, (uint32_t *)&cb));
    CHECK(JET_errSuccess, JetGetLogInfo(list, sizeof list, (uint32_t *)&cb));
    for (int k = 0; bu_nth(list, k); k++) {
        FILE *out;
        char dest[1024];
        unsigned long total = 0;
        CHECK(JET_errSuccess, JetOpenFile(bu_nth(list, k), &h, (uint32_t *)&lo, (uint32_t *)&hi));
        snprintf(dest, sizeof dest, "lsb/%s", bu_base(bu_nth(list, k)));
        out = fopen(dest, "wb");
        for (;;) {
            CHECK(JET_errSuccess, JetReadFile(h, buf, 16 * (uint32_t)ps, (uint32_t *)&cb));
            if (cb == 0) break;
            fwrite(buf, 1, cb, out);
            total += cb;
        }
        fclose(out);
        CHECK_EQ(lo, total);
        CHECK(JET_errSuccess, JetCloseFile(h));
    }
    CHECK(JET_errSuccess, JetTruncateLog());
    CHECK(JET_errSuccess, JetEndExternalBackup());

    /* file backups, A and W */
    mkdir("lb", 0777);
    CHECK(JET_errSuccess, JetBackup("lb", 0, NULL));
    widen(wname, "lbw");
    mkdir("lbw", 0777);
    CHECK(JET_errSuccess, JetBackupW(wname, 0, NULL));
    /* JetBackup without a folder only truncates the logs */
    CHECK(JET_errSuccess, JetBackup(NULL, 0, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(0));

    /* restores after JetTerm (legacy mode is over: nothing is initialized) */
    CHECK(JET_errSuccess, JetRestore2("lb", "lr", NULL));
    widen(wname, "lsb");
    {
        WCHAR wdest[8];
        widen(wdest, "lr2");
        CHECK(JET_errSuccess, JetRestore2W(wname, wdest, NULL));
    }
    free(buf);
}

static JET_INSTANCE restoring;
static int callback_checks;

static JET_ERR status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    JET_INSTANCE copy = restoring;
    (void)sesid;
    (void)pv;
    if (snp == JET_snpRestore && snt == JET_sntBegin) {
        /* the instance is restoring: other calls on it wait for the end */
        CHECK(JET_errRestoreInProgress, JetInit(&copy));
        CHECK(JET_errRestoreInProgress, JetBeginExternalBackupInstance(restoring, 0));
        CHECK(JET_errRestoreInProgress, JetRestoreInstance(restoring, "lb", "lr3", NULL));
        CHECK(JET_errRestoreInProgress, JetTerm(restoring));
        callback_checks++;
    }
    return JET_errSuccess;
}

static void test_restore_in_progress(void)
{
    JET_INSTANCE r = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&r, "rip"));
    harness_own_paths(r);
    restoring = r;
    CHECK(JET_errSuccess, JetRestoreInstance(r, "lb", "lr3", status));
    CHECK_EQ(1, callback_checks);
    /* afterwards the instance starts as usual and the restored database attaches */
    CHECK(JET_errSuccess, JetInit(&r));
    CHECK(JET_errSuccess, JetBeginSession(r, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "lr3/l.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "lr3/l.edb", NULL, &db, 0));
    {
        int32_t *ids = NULL;
        CHECK_EQ(150, bu_read_all(s, db, &cols, &ids));
        free(ids);
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(r));
    CHECK_EQ(150, bu_dissect_count("lr/l.edb"));
    CHECK_EQ(150, bu_dissect_count("lr2/l.edb"));
}

int main(void)
{
    test_multi_mode();
    test_legacy_sequence();
    test_restore_in_progress();
    return 0;
}
