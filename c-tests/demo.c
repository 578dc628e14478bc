/*
 * demo.c: the main demonstration of libesent, written as any ESENT program is.
 *
 * It configures an instance (log, system and temporary folders), creates a database with
 * a table, two indexes and a long-text column, writes rows in a transaction,
 * reads them back by a seek on the secondary index and by a scan in key
 * order, takes an online streaming backup (database and log files read with
 * JetReadFileInstance, logs truncated, backup ended), stops service, shuts
 * down, and finally restores the backup into another folder with
 * JetExternalRestore and reads the restored copy in a second instance.
 *
 * Build and run:  c-tests/demo.sh   (or see README.md for the cc line)
 * Every step prints its result; the program exits 1 if any step failed.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* realpath, PATH_MAX and mkdir under -std=c11 */
#endif
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "esent.h"

static int failed = 0;

/* Print a step and its result; any error fails the demo. */
static JET_ERR step(const char *what, JET_ERR err)
{
    if (err < 0) {
        printf("  %-46s FAILED: %d\n", what, err);
        failed = 1;
    } else {
        printf("  %-46s ok%s\n", what, err > 0 ? " (warning)" : "");
    }
    return err;
}

static const struct {
    int32_t id;
    const char *name;
    const char *note;
} books[] = {
    {1, "Dune", "a desert planet"},
    {2, "Emma", "matchmaking in Highbury"},
    {3, "Ulysses", "one day in Dublin"},
    {4, "Beloved", "a house on Bluestone Road"},
};
#define N_BOOKS (sizeof books / sizeof books[0])

typedef struct {
    JET_COLUMNID id, name, note;
} columns;

static JET_INSTANCE start_instance(const char *name, const char *folder)
{
    JET_INSTANCE inst = 0;
    char path[PATH_MAX];
    mkdir(folder, 0777);
    snprintf(path, sizeof path, "%s/", folder);
    step("JetCreateInstance", JetCreateInstance(&inst, name));
    step("set JET_paramLogFilePath", JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, path));
    step("set JET_paramSystemPath", JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, path));
    snprintf(path, sizeof path, "%s/temp.edb", folder);
    step("set JET_paramTempPath", JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, path));
    step("JetInit", JetInit(&inst));
    return inst;
}

/* A step printed only when it fails (reads repeated for every row). */
static JET_ERR quiet(const char *what, JET_ERR err)
{
    return err < 0 ? step(what, err) : err;
}

/* Print every book in primary-key order; returns how many were read. */
static int list_books(JET_SESID s, JET_TABLEID t, const columns *c)
{
    int n = 0;
    step("JetSetCurrentIndex(primary), JetMove", JetSetCurrentIndex(s, t, NULL));
    for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t id = 0;
        char name[64], note[128];
        uint32_t cb_name = 0, cb_note = 0, cb = 0;
        quiet("JetRetrieveColumn(id)", JetRetrieveColumn(s, t, c->id, &id, sizeof id, &cb, 0, NULL));
        quiet("JetRetrieveColumn(name)", JetRetrieveColumn(s, t, c->name, name, sizeof name - 1, &cb_name, 0, NULL));
        quiet("JetRetrieveColumn(note)", JetRetrieveColumn(s, t, c->note, note, sizeof note - 1, &cb_note, 0, NULL));
        name[cb_name < sizeof name ? cb_name : sizeof name - 1] = 0;
        note[cb_note < sizeof note ? cb_note : sizeof note - 1] = 0;
        printf("      %d  %-8s %s\n", id, name, note);
        n++;
    }
    return n;
}

/* Copy one file of the backup set into folder `dir` through JetReadFileInstance. */
static void backup_file(JET_INSTANCE inst, const char *file, const char *dir)
{
    JET_HANDLE h = 0;
    uint32_t lo = 0, hi = 0, cb = 0;
    char dest[PATH_MAX], label[PATH_MAX + 32];
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    static char buf[64 * 1024] __attribute__((aligned(4096)));
    snprintf(label, sizeof label, "JetOpenFileInstance(%s)", base);
    if (step(label, JetOpenFileInstance(inst, file, &h, &lo, &hi)) < 0) return;
    snprintf(dest, sizeof dest, "%s/%s", dir, base);
    FILE *out = fopen(dest, "wb");
    uint64_t total = 0;
    JET_ERR e;
    while ((e = JetReadFileInstance(inst, h, buf, sizeof buf, &cb)) >= 0 && cb > 0) {
        if (out) fwrite(buf, 1, cb, out);
        total += cb;
    }
    if (out) fclose(out);
    step("  JetReadFileInstance (whole file)", e);
    printf("      %s: %llu bytes\n", base, (unsigned long long)total);
    step("  JetCloseFileInstance", JetCloseFileInstance(inst, h));
}

int main(void)
{
    JET_INSTANCE inst;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    columns c;
    char db_path[PATH_MAX];
    char list[4096];
    uint32_t cb = 0;
    JET_LOGINFO_A logs;
    unsigned int version = 0;

    printf("esent demo\n");
    printf("start an instance\n");
    inst = start_instance("demo", "live");
    step("JetBeginSession", JetBeginSession(inst, &s, NULL, NULL));
    if (step("JetGetVersion", JetGetVersion(s, &version)) >= 0) {
        printf("      version %u.%u build %u\n", version >> 28, (version >> 24) & 0xf, (version >> 8) & 0xffff);
    }

    printf("create a database, a table and its indexes\n");
    step("JetCreateDatabase(live/books.edb)", JetCreateDatabase(s, "live/books.edb", NULL, &db, JET_bitDbOverwriteExisting));
    step("JetBeginTransaction", JetBeginTransaction(s));
    step("JetCreateTable(books)", JetCreateTable(s, db, "books", 0, 100, &t));
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnNotNULL;
    step("JetAddColumn(id, Long)", JetAddColumn(s, t, "id", &def, NULL, 0, &c.id));
    def.coltyp = JET_coltypText;
    def.cbMax = 64;
    def.grbit = 0;
    step("JetAddColumn(name, Text)", JetAddColumn(s, t, "name", &def, NULL, 0, &c.name));
    def.coltyp = JET_coltypLongText;
    def.cbMax = 0;
    step("JetAddColumn(note, LongText)", JetAddColumn(s, t, "note", &def, NULL, 0, &c.note));
    step("JetCreateIndex(primary: +id)", JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    step("JetCreateIndex(byname: +name)", JetCreateIndex(s, t, "byname", 0, "+name\0", 7, 100));
    step("JetCommitTransaction", JetCommitTransaction(s, 0));

    printf("write %u rows in one transaction\n", (unsigned)N_BOOKS);
    step("JetBeginTransaction", JetBeginTransaction(s));
    for (size_t k = 0; k < N_BOOKS; k++) {
        JetPrepareUpdate(s, t, JET_prepInsert);
        JetSetColumn(s, t, c.id, &books[k].id, sizeof books[k].id, 0, NULL);
        JetSetColumn(s, t, c.name, books[k].name, (uint32_t)strlen(books[k].name), 0, NULL);
        JetSetColumn(s, t, c.note, books[k].note, (uint32_t)strlen(books[k].note), 0, NULL);
        step("JetPrepareUpdate/JetSetColumn/JetUpdate", JetUpdate(s, t, NULL, 0, NULL));
    }
    step("JetCommitTransaction", JetCommitTransaction(s, 0));

    printf("read back\n");
    step("JetSetCurrentIndex(byname)", JetSetCurrentIndex(s, t, "byname"));
    step("JetMakeKey(\"Emma\")", JetMakeKey(s, t, "Emma", 4, JET_bitNewKey));
    if (step("JetSeek(SeekEQ)", JetSeek(s, t, JET_bitSeekEQ)) >= 0) {
        int32_t id = 0;
        step("JetRetrieveColumn(id)", JetRetrieveColumn(s, t, c.id, &id, sizeof id, &cb, 0, NULL));
        printf("      \"Emma\" is book %d\n", id);
    }
    if (list_books(s, t, &c) != (int)N_BOOKS) {
        printf("      expected %u rows\n", (unsigned)N_BOOKS);
        failed = 1;
    }
    step("JetCloseTable", JetCloseTable(s, t));
    step("JetCloseDatabase", JetCloseDatabase(s, db, 0));

    printf("online streaming backup into backup/\n");
    mkdir("backup", 0777);
    step("JetBeginExternalBackupInstance", JetBeginExternalBackupInstance(inst, 0));
    if (step("JetGetAttachInfoInstance", JetGetAttachInfoInstance(inst, list, sizeof list, &cb)) >= 0) {
        for (const char *p = list; *p; p += strlen(p) + 1) {
            backup_file(inst, p, "backup");
        }
    }
    memset(&logs, 0, sizeof logs);
    logs.cbSize = sizeof logs;
    if (step("JetGetLogInfoInstance2", JetGetLogInfoInstance2(inst, list, sizeof list, &cb, &logs)) >= 0) {
        printf("      log generations %u to %u\n", (unsigned)logs.ulGenLow, (unsigned)logs.ulGenHigh);
        for (const char *p = list; *p; p += strlen(p) + 1) {
            backup_file(inst, p, "backup");
        }
    }
    step("JetTruncateLogInstance", JetTruncateLogInstance(inst));
    step("JetEndExternalBackupInstance2(normal)", JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal));

    printf("shut down\n");
    step("JetStopServiceInstance", JetStopServiceInstance(inst));
    printf("      after stop service, JetBeginTransaction returns %d (JET_errClientRequestToStopJetService)\n",
           JetBeginTransaction(s));
    step("JetEndSession", JetEndSession(s, 0));
    step("JetTerm", JetTerm(inst));

    printf("restore the backup into restored/ and read it\n");
    mkdir("restored", 0777);
    if (realpath("live/books.edb", db_path) == NULL) {
        printf("      live/books.edb is missing\n");
        failed = 1;
    } else {
        JET_RSTMAP_A map;
        char copy[PATH_MAX];
        FILE *in = fopen("backup/books.edb", "rb"), *out = fopen("restored/books.edb", "wb");
        size_t n;
        while (in && out && (n = fread(list, 1, sizeof list, in)) > 0) fwrite(list, 1, n, out);
        if (in) fclose(in);
        if (out) fclose(out);
        snprintf(copy, sizeof copy, "restored/books.edb");
        map.szDatabaseName = db_path;
        map.szNewDatabaseName = copy;
        step("JetExternalRestore (backup logs replayed)",
             JetExternalRestore("restored", "restored", &map, 1, "backup", (int32_t)logs.ulGenLow, (int32_t)logs.ulGenHigh, NULL));
        inst = start_instance("restored", "restored-instance");
        step("JetBeginSession", JetBeginSession(inst, &s, NULL, NULL));
        step("JetAttachDatabase(restored/books.edb)", JetAttachDatabase(s, "restored/books.edb", JET_bitDbReadOnly));
        step("JetOpenDatabase", JetOpenDatabase(s, "restored/books.edb", NULL, &db, JET_bitDbReadOnly));
        if (step("JetOpenTable(books)", JetOpenTable(s, db, "books", NULL, 0, JET_bitTableReadOnly, &t)) >= 0) {
            JET_COLUMNDEF info;
            JetGetTableColumnInfo(s, t, "id", &info, sizeof info, JET_ColInfo);
            c.id = info.columnid;
            JetGetTableColumnInfo(s, t, "name", &info, sizeof info, JET_ColInfo);
            c.name = info.columnid;
            JetGetTableColumnInfo(s, t, "note", &info, sizeof info, JET_ColInfo);
            c.note = info.columnid;
            if (list_books(s, t, &c) != (int)N_BOOKS) {
                printf("      expected %u rows in the restored copy\n", (unsigned)N_BOOKS);
                failed = 1;
            }
            step("JetCloseTable", JetCloseTable(s, t));
        }
        step("JetEndSession", JetEndSession(s, 0));
        step("JetTerm", JetTerm(inst));
    }

    printf(failed ? "demo FAILED\n" : "demo finished\n");
    return failed;
}
