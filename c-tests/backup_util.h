/*
 * backup_util.h: helpers shared by the backup tests (test_backup_*.c).
 *
 * A test database "t" with an autoincrement-free primary index on "id", a
 * secondary index on "num", and a text column; writers that record what
 * they committed; a consistency check through the API (every row is found by
 * both indexes); a streaming backup into a folder; and a run of the
 * independent reader (dissect.esedb).
 */
#ifndef ESENT_BACKUP_UTIL_H
#define ESENT_BACKUP_UTIL_H

#include "harness.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <unistd.h>

/* ESE's errBackupAbortByCaller, which the documentation calls JET_errBackupAbortByCaller */
#define BACKUP_ABORT_BY_CALLER (-800)

typedef struct {
    JET_COLUMNID id, num, text;
} cols_t;

static __attribute__((unused)) JET_INSTANCE bu_instance(const char *name, const char *dir, int circular)
{
    JET_INSTANCE i = 0;
    char path[512];
    mkdir(dir, 0777);
    CHECK(JET_errSuccess, JetCreateInstance(&i, name));
    snprintf(path, sizeof path, "%s/", dir);
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramSystemPath, 0, path));
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramLogFilePath, 0, path));
    snprintf(path, sizeof path, "%s/tmp.edb", dir);
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramTempPath, 0, path));
    /* small log files: backups span several generations */
    CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramLogFileSize, 256, NULL));
    if (circular) {
        CHECK(JET_errSuccess, JetSetSystemParameter(&i, 0, JET_paramCircularLog, 1, NULL));
    }
    CHECK(JET_errSuccess, JetInit(&i));
    return i;
}

static __attribute__((unused)) unsigned long bu_page_size(void)
{
    JET_API_PTR v = 0;
    JetGetSystemParameter(0, 0, JET_paramDatabasePageSize, &v, NULL, 0);
    return (unsigned long)v;
}

/* Create a database with table "t" (id, num, text; primary index on id, secondary on num). */
static __attribute__((unused)) void bu_create(JET_SESID s, const char *file, cols_t *c)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    CHECK(JET_errSuccess, JetCreateDatabase(s, file, NULL, &db, JET_bitDbOverwriteExisting));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "id", &def, NULL, 0, &c->id));
    CHECK(JET_errSuccess, JetAddColumn(s, t, "num", &def, NULL, 0, &c->num));
    def.coltyp = JET_coltypLongText;
    CHECK(JET_errSuccess, JetAddColumn(s, t, "text", &def, NULL, 0, &c->text));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "primary", JET_bitIndexPrimary | JET_bitIndexUnique, "+id\0", 5, 100));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "bynum", 0, "+num\0", 6, 100));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
}

/* Insert one row (inside the caller's transaction); the text is long enough
   now and then to go to the long-value tree. */
static __attribute__((unused)) JET_ERR bu_insert(JET_SESID s, JET_TABLEID t, const cols_t *c, int32_t id)
{
    char text[3000];
    int32_t num = id % 97;
    size_t len = (id % 7 == 0) ? 2500 : 20 + (size_t)(id % 50);
    JET_ERR e;
    for (size_t k = 0; k < len; k++) {
        text[k] = (char)('a' + (id + (int32_t)k) % 26);
    }
    if ((e = JetPrepareUpdate(s, t, JET_prepInsert)) < 0) return e;
    if ((e = JetSetColumn(s, t, c->id, &id, sizeof id, 0, NULL)) < 0) return e;
    if ((e = JetSetColumn(s, t, c->num, &num, sizeof num, 0, NULL)) < 0) return e;
    if ((e = JetSetColumn(s, t, c->text, text, (unsigned long)len, 0, NULL)) < 0) return e;
    return JetUpdate(s, t, NULL, 0, NULL);
}

/* Collect the ids of table "t" (columns as bu_create made them) through the primary index, and check the
   database through the API: every row has the text its id says, the
   secondary index holds exactly one entry per row with the row's num, in
   order. Returns the number of rows (ids in *out, which the caller frees). */
static __attribute__((unused)) int bu_read_all(JET_SESID s, JET_DBID db, const cols_t *cols, int32_t **out)
{
    JET_TABLEID t = 0;
    cols_t c = *cols;
    int n = 0, cap = 1024, bad = 0, by_num = 0;
    int32_t *ids = malloc(sizeof(int32_t) * (size_t)cap);
    long long sum_num = 0, sum_num2 = 0;
    int32_t prev_num = -1;
    JET_ERR e;
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    for (e = JetMove(s, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t id = 0, num = 0;
        char text[3000];
        unsigned long cb = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c.id, &id, sizeof id, (uint32_t *)&cb, 0, NULL));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c.num, &num, sizeof num, (uint32_t *)&cb, 0, NULL));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c.text, text, sizeof text, (uint32_t *)&cb, 0, NULL));
        size_t len = (id % 7 == 0) ? 2500 : 20 + (size_t)(id % 50);
        if (num != id % 97 || cb != len || text[len - 1] != (char)('a' + (id + (int32_t)len - 1) % 26)) {
            bad++;
        }
        if (n == cap) {
            cap *= 2;
            ids = realloc(ids, sizeof(int32_t) * (size_t)cap);
        }
        ids[n++] = id;
        sum_num += num;
    }
    CHECK(JET_errNoCurrentRecord, e);
    CHECK_EQ(0, bad);
    /* the secondary index: as many entries, the same nums, in order */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t, "bynum"));
    for (e = JetMove(s, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t num = 0;
        unsigned long cb = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, c.num, &num, sizeof num, (uint32_t *)&cb, 0, NULL));
        if (num < prev_num) {
            bad++;
        }
        prev_num = num;
        sum_num2 += num;
        by_num++;
    }
    CHECK(JET_errNoCurrentRecord, e);
    CHECK_EQ(n, by_num);
    CHECK_EQ(sum_num, sum_num2);
    CHECK_EQ(0, bad);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    *out = ids;
    return n;
}

static __attribute__((unused)) int bu_contains(const int32_t *ids, int n, int32_t id)
{
    for (int k = 0; k < n; k++) {
        if (ids[k] == id) return 1;
    }
    return 0;
}

/* The base name of a path. */
static __attribute__((unused)) const char *bu_base(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

/* Microseconds to wait between two reads of bu_copy (so that writers commit
   while a database is being copied). */
static unsigned bu_copy_delay_us = 0;

/* Read a backup file with JetReadFileInstance into a file of the same name in dir. */
static __attribute__((unused)) JET_ERR bu_copy(JET_INSTANCE i, const char *file, const char *dir, unsigned long chunk)
{
    JET_HANDLE h = 0;
    unsigned long lo = 0, hi = 0, cb = 0, total = 0;
    char dest[1024];
    void *buf = NULL;
    JET_ERR e = JetOpenFileInstance(i, file, &h, (uint32_t *)&lo, (uint32_t *)&hi);
    if (e < 0) return e;
    if (posix_memalign(&buf, 4096, chunk) != 0) return JET_errOutOfMemory;
    snprintf(dest, sizeof dest, "%s/%s", dir, bu_base(file));
    FILE *out = fopen(dest, "wb");
    if (out == NULL) {
        free(buf);
        JetCloseFileInstance(i, h);
        return JET_errInvalidPath;
    }
    for (;;) {
        e = JetReadFileInstance(i, h, buf, (uint32_t)chunk, (uint32_t *)&cb);
        if (e < 0 || cb == 0) break;
        fwrite(buf, 1, cb, out);
        total += cb;
        if (bu_copy_delay_us) usleep(bu_copy_delay_us);
    }
    fclose(out);
    free(buf);
    if (e >= 0) {
        CHECK_EQ(lo, total);
        e = JetCloseFileInstance(i, h);
    }
    return e;
}

/* The n-th name of a double-NUL-terminated list (NULL past the end). */
static __attribute__((unused)) const char *bu_nth(const char *list, int n)
{
    const char *p = list;
    for (int k = 0; *p; k++) {
        if (k == n) return p;
        p += strlen(p) + 1;
    }
    return NULL;
}

/* A whole streaming backup of instance i into the folder dir (created): databases (full
   only), logs, truncation, end. The generations are returned. `around`
   is called before (0) and after (1) JetGetLogInfoInstance2, which fixes the backup's end. */
static __attribute__((unused)) JET_ERR bu_stream_backup(JET_INSTANCE i, const char *dir, JET_GRBIT grbit, unsigned long *gen_low,
                                                        unsigned long *gen_high, void (*around)(int after))
{
    char *list = NULL;
    unsigned long cb = 0;
    JET_LOGINFO_A info;
    JET_ERR e;
    mkdir(dir, 0777);
    if ((e = JetBeginExternalBackupInstance(i, grbit)) < 0) return e;
    if (!(grbit & JET_bitBackupIncremental)) {
        /* ask for the size first: the list is as long as it needs to be */
        if ((e = JetGetAttachInfoInstance(i, NULL, 0, (uint32_t *)&cb)) < 0) goto fail;
        list = malloc(cb);
        if ((e = JetGetAttachInfoInstance(i, list, (uint32_t)cb, (uint32_t *)&cb)) < 0) goto fail;
        for (const char *p = list; *p; p += strlen(p) + 1) {
            if ((e = bu_copy(i, p, dir, 64 * 1024)) < 0) goto fail;
        }
        free(list);
        list = NULL;
    }
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    if (around) around(0);
    e = JetGetLogInfoInstance2(i, NULL, 0, (uint32_t *)&cb, &info);
    if (around) around(1);
    if (e < 0) goto fail;
    list = malloc(cb);
    if ((e = JetGetLogInfoInstance(i, list, (uint32_t)cb, (uint32_t *)&cb)) < 0) goto fail;
    for (const char *p = list; *p; p += strlen(p) + 1) {
        if ((e = bu_copy(i, p, dir, 64 * 1024)) < 0) goto fail;
    }
    free(list);
    *gen_low = info.ulGenLow;
    *gen_high = info.ulGenHigh;
    if ((e = JetTruncateLogInstance(i)) < 0) return e;
    return JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal);
fail:
    free(list);
    JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort);
    return e;
}

/* Run the independent reader on a database file; returns the record count it
   reports for table "t" (-1 on failure). */
static __attribute__((unused)) long bu_dissect_count(const char *file)
{
    char cmd[2048];
    long n = -1;
    snprintf(cmd, sizeof cmd,
             "python3 /work/shared/edb-samples/dissect_dump.py '%s' -o '%s.json' >/dev/null 2>'%s.err' && "
             "python3 -c \"import json,sys; d=json.load(open('%s.json')); print([t['record_count'] for t in d['tables'] if t['name']=='t'][0])\"",
             file, file, file, file);
    FILE *p = popen(cmd, "r");
    if (p == NULL) return -1;
    if (fscanf(p, "%ld", &n) != 1) n = -1;
    pclose(p);
    return n;
}

#endif
