/*
 * User-defined default values (JET_bitColumnUserDefinedDefault with a
 * JET_USERDEFINEDDEFAULT): the persisted "library!function" is resolved with
 * dlopen/dlsym when JET_paramEnablePersistedCallbacks is set ("" as the
 * library, or the executable's own path, is the main program: this program
 * is linked with -rdynamic and exports udd_double), and called with
 * JET_cbtypUserDefinedDefaultValue when a retrieval finds the column absent:
 * pvArg1 the caller's buffer, pvArg2 the ULONG size (cbData in, cbActual
 * out), pvContext the user data, ulUnused the column id. Without the
 * parameter (ESENT's default) the call fails with JET_errCallbackFailed.
 * Also: JET_wrnBufferTruncated, callback errors and warnings, copy-buffer
 * reads inside the callback, JET_bitRetrieveIgnoreDefault, JetRetrieveColumns,
 * JetEnumerateColumns (JET_errCallbackFailed unless the defaults are
 * ignored, as in ESE), the catalog keeping the name and user data across a
 * reattach, a name that no longer resolves failing JetOpenTable, and a
 * function in a shared object named by its path.
 */
#include "harness.h"

#include <dlfcn.h>
#include <stdint.h>

/* what the callback saw last, and what it is to do */
static struct {
    int calls;
    JET_DBID dbid;
    JET_TABLEID tableid;
    JET_CBTYP cbtyp;
    uint32_t cb_in;
    char context[16];
    JET_API_PTR unused;
    JET_COLUMNID source; /* the column whose value is doubled */
    JET_ERR result;      /* returned instead of computing, unless 0 */
    JET_ERR nested;      /* the nested retrieval's result */
} seen;

/* The user-defined default: twice the value of `seen.source`, read with
   JET_bitRetrieveCopy (the engine decides whether that is the copy buffer). */
JET_ERR udd_double(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *pvArg1, void *pvArg2, void *pvContext, JET_API_PTR ulUnused)
{
    uint32_t *pcb = (uint32_t *)pvArg2;
    int32_t v = 0, r;
    uint32_t cb = 0;
    seen.calls++;
    seen.dbid = dbid;
    seen.tableid = tableid;
    seen.cbtyp = cbtyp;
    seen.cb_in = *pcb;
    seen.unused = ulUnused;
    memset(seen.context, 0, sizeof seen.context);
    if (pvContext != NULL) {
        memcpy(seen.context, pvContext, 3);
    }
    if (seen.result != 0) {
        return seen.result;
    }
    seen.nested = JetRetrieveColumn(sesid, tableid, seen.source, &v, 4, &cb, JET_bitRetrieveCopy, NULL);
    if (seen.nested < 0) {
        return seen.nested;
    }
    r = 2 * v;
    memcpy(pvArg1, &r, *pcb < 4 ? *pcb : 4);
    *pcb = 4;
    return JET_errSuccess;
}

static JET_INSTANCE start(const char *name, int persisted, JET_SESID *s)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramEnablePersistedCallbacks, persisted, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, s, NULL, NULL));
    return inst;
}

static JET_ERR add(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit, const void *pv, unsigned long cb, JET_COLUMNID *id)
{
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.grbit = grbit;
    return JetAddColumn(s, t, name, &cd, pv, cb, id);
}

static JET_ERR add_udd(JET_SESID s, JET_TABLEID t, const char *name, const char *callback, JET_COLUMNID *id)
{
    JET_USERDEFINEDDEFAULT_A u;
    memset(&u, 0, sizeof u);
    u.szCallback = (char *)callback;
    u.pbUserData = (unsigned char *)"ctx";
    u.cbUserData = 3;
    return add(s, t, name, JET_coltypLong, JET_bitColumnTagged | JET_bitColumnUserDefinedDefault, &u, sizeof u, id);
}

static void insert(JET_SESID s, JET_TABLEID t, JET_COLUMNID k, int key, JET_COLUMNID src, int value)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, k, &key, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, src, &value, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
}

static JET_ERR seek(JET_SESID s, JET_TABLEID t, int key)
{
    JetMakeKey(s, t, &key, 4, JET_bitNewKey);
    return JetSeek(s, t, JET_bitSeekEQ);
}

static void *enum_realloc(void *ctx, void *pv, uint32_t cb)
{
    (void)ctx;
    if (cb == 0) {
        free(pv);
        return NULL;
    }
    return realloc(pv, cb);
}

/* JetEnumerateColumns of every column: how many it listed, and whether `id` was among them. */
static JET_ERR enumerate(JET_SESID s, JET_TABLEID t, JET_GRBIT grbit, JET_COLUMNID id, int *n, int *has_id)
{
    uint32_t c = 0;
    JET_ENUMCOLUMN *cols = NULL;
    JET_ERR err = JetEnumerateColumns(s, t, 0, NULL, &c, &cols, enum_realloc, NULL, 0x7fffffff, grbit);
    *n = (int)c;
    *has_id = 0;
    for (uint32_t i = 0; i < c; i++) {
        if (cols[i].columnid == id) {
            *has_id = 1;
        }
        if (cols[i].err != JET_wrnColumnSingleValue && cols[i].cEnumColumnValue > 0) {
            for (uint32_t j = 0; j < cols[i].cEnumColumnValue; j++) {
                free(cols[i].rgEnumColumnValue[j].pvData);
            }
            free(cols[i].rgEnumColumnValue);
        } else if (cols[i].err == JET_wrnColumnSingleValue) {
            free(cols[i].pvData);
        }
    }
    free(cols);
    return err;
}

int main(void)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t, t2;
    JET_COLUMNID k, src, udd, bad, id2;
    int32_t v;
    uint32_t cb;
    char exe[512], name[600];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CHECK_TRUE(n > 0);
    exe[n > 0 ? n : 0] = 0;
    unlink("udd.edb");

    /* ---- ESENT's default: persisted callbacks are not resolved nor called ---- */
    JET_INSTANCE inst = start("udd1", 0, &s);
    CHECK(JET_errSuccess, JetCreateDatabase(s, "udd.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetCreateTable(s, db, "good", 0, 100, &t));
    CHECK(JET_errSuccess, add(s, t, "k", JET_coltypLong, 0, NULL, 0, &k));
    CHECK(JET_errSuccess, add(s, t, "src", JET_coltypLong, 0, NULL, 0, &src));
    CHECK(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    CHECK(JET_errSuccess, add_udd(s, t, "twice", "!udd_double", &udd));
    insert(s, t, k, 1, src, 21);
    CHECK(JET_errSuccess, seek(s, t, 1));
    v = 0;
    CHECK(JET_errCallbackFailed, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    CHECK_EQ(0, seen.calls);
    /* ignoring defaults, the column is simply NULL */
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, t, udd, &v, 4, &cb, JET_bitRetrieveIgnoreDefault, NULL));
    /* a name that cannot resolve is accepted: nothing resolves it */
    CHECK(JET_errSuccess, JetCreateTable(s, db, "bad", 0, 100, &t2));
    CHECK(JET_errSuccess, add_udd(s, t2, "x", "libno-such-esent-udd.so!f", &bad));
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "udd.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* ---- with JET_paramEnablePersistedCallbacks: the catalog's names resolve again ---- */
    inst = start("udd2", 1, &s);
    CHECK(JET_errSuccess, JetAttachDatabase(s, "udd.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "udd.edb", NULL, &db, 0));
    CHECK(JET_errCallbackNotResolved, JetOpenTable(s, db, "bad", NULL, 0, 0, &t2));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "good", NULL, 0, 0, &t));
    seen.source = src;
    CHECK(JET_errSuccess, seek(s, t, 1));
    v = 0;
    cb = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    CHECK_EQ(42, v);
    CHECK_EQ(4, cb);
    CHECK_EQ(1, seen.calls);
    CHECK_EQ(JET_cbtypUserDefinedDefaultValue, seen.cbtyp);
    CHECK_EQ(db, seen.dbid);
    CHECK_EQ(t, seen.tableid);
    CHECK_EQ(4, seen.cb_in);
    CHECK_EQ(udd, seen.unused);
    CHECK_STR("ctx", seen.context);
    CHECK_EQ(JET_errSuccess, seen.nested);

    /* a short buffer: the callback's size, JET_wrnBufferTruncated */
    v = 0;
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, t, udd, &v, 2, &cb, 0, NULL));
    CHECK_EQ(2, seen.cb_in);
    CHECK_EQ(4, cb);
    CHECK_EQ(42, v & 0xffff);
    /* a NULL pcbActual is fine */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, NULL, 0, NULL));

    /* the callback's error fails the retrieval; its warning is the result */
    seen.result = JET_errDiskFull;
    CHECK(JET_errDiskFull, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    seen.result = JET_wrnColumnNull;
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    seen.result = 0;

    /* JET_bitRetrieveIgnoreDefault: NULL, no call */
    seen.calls = 0;
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, t, udd, &v, 4, &cb, JET_bitRetrieveIgnoreDefault, NULL));
    CHECK_EQ(0, seen.calls);

    /* the copy buffer: with JET_bitRetrieveCopy the callback reads it, without it the record */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepReplace));
    v = 50;
    CHECK(JET_errSuccess, JetSetColumn(s, t, src, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(100, v);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    CHECK_EQ(42, v);
    /* outside the callback JET_bitRetrieveCopy reads the copy buffer as always */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, src, &v, 4, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(50, v);
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    CHECK_EQ(100, v);

    /* a value set in the record is the record's */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepReplace));
    v = 7;
    CHECK(JET_errSuccess, JetSetColumn(s, t, udd, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    seen.calls = 0;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, udd, &v, 4, &cb, 0, NULL));
    CHECK_EQ(7, v);
    CHECK_EQ(0, seen.calls);

    /* JetRetrieveColumns: per column, truncation reported for the call */
    insert(s, t, k, 2, src, 5);
    CHECK(JET_errSuccess, seek(s, t, 2));
    {
        JET_RETRIEVECOLUMN rc[2];
        int32_t a = 0, b = 0;
        memset(rc, 0, sizeof rc);
        rc[0].columnid = src;
        rc[0].pvData = &a;
        rc[0].cbData = 4;
        rc[0].itagSequence = 1;
        rc[1].columnid = udd;
        rc[1].pvData = &b;
        rc[1].cbData = 4;
        rc[1].itagSequence = 1;
        CHECK(JET_errSuccess, JetRetrieveColumns(s, t, rc, 2));
        CHECK_EQ(5, a);
        CHECK_EQ(10, b);
        CHECK_EQ(JET_errSuccess, rc[1].err);
        CHECK_EQ(4, rc[1].cbActual);
        rc[1].cbData = 1;
        CHECK(JET_wrnBufferTruncated, JetRetrieveColumns(s, t, rc, 2));
        CHECK_EQ(JET_wrnBufferTruncated, rc[1].err);
        CHECK_EQ(4, rc[1].cbActual);
        seen.result = JET_errOutOfMemory;
        rc[1].cbData = 4;
        CHECK(JET_errOutOfMemory, JetRetrieveColumns(s, t, rc, 2));
        seen.result = 0;
    }

    /* column id 0: the scan of tagged columns finds the computed one */
    {
        JET_RETINFO ri;
        memset(&ri, 0, sizeof ri);
        ri.cbStruct = sizeof ri;
        ri.itagSequence = 1;
        v = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, 0, &v, 4, &cb, 0, &ri));
        CHECK_EQ(udd, ri.columnidNextTagged);
        CHECK_EQ(10, v);
    }

    /* JetEnumerateColumns: ESE does not call these callbacks */
    {
        int count = 0, has = 0;
        CHECK(JET_errCallbackFailed, enumerate(s, t, 0, udd, &count, &has));
        CHECK(JET_errSuccess, enumerate(s, t, JET_bitEnumerateIgnoreUserDefinedDefault, udd, &count, &has));
        CHECK_EQ(2, count);
        CHECK_EQ(0, has);
    }

    /* creation resolves the name now */
    CHECK(JET_errCallbackNotResolved, add_udd(s, t, "nofunc", "!udd_no_such_function", &id2));
    CHECK(JET_errCallbackNotResolved, add_udd(s, t, "nolib", "libno-such-esent-udd.so!udd_double", &id2));
    CHECK(JET_errInvalidParameter, add_udd(s, t, "nobang", "udd_double", &id2));
    /* the column checks come first */
    {
        JET_USERDEFINEDDEFAULT_A u;
        memset(&u, 0, sizeof u);
        u.szCallback = "!udd_no_such_function";
        CHECK(JET_errInvalidGrbit, add(s, t, "fixed", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnUserDefinedDefault, &u, sizeof u, &id2));
        u.szCallback = "!udd_double";
        CHECK(JET_errInvalidParameter, add(s, t, "size", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnUserDefinedDefault, &u, sizeof u - 1, &id2));
    }
    /* the executable's own path names the main program too */
    snprintf(name, sizeof name, "%s!udd_double", exe);
    CHECK(JET_errSuccess, add_udd(s, t, "bypath", name, &id2));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, id2, &v, 4, &cb, 0, NULL));
    CHECK_EQ(10, v);

    /* JetCreateTableColumnIndex with an unresolvable one fails */
    {
        JET_USERDEFINEDDEFAULT_A u;
        JET_COLUMNCREATE_A cc[1];
        JET_TABLECREATE_A tc;
        memset(&u, 0, sizeof u);
        memset(cc, 0, sizeof cc);
        memset(&tc, 0, sizeof tc);
        u.szCallback = "!udd_no_such_function";
        cc[0].cbStruct = sizeof cc[0];
        cc[0].szColumnName = "c";
        cc[0].coltyp = JET_coltypLong;
        cc[0].grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        cc[0].pvDefault = &u;
        cc[0].cbDefault = sizeof u;
        tc.cbStruct = sizeof tc;
        tc.szTableName = "created";
        tc.ulDensity = 100;
        tc.rgcolumncreate = cc;
        tc.cColumns = 1;
        CHECK(JET_errCallbackNotResolved, JetCreateTableColumnIndex(s, db, &tc));
        u.szCallback = "!udd_double";
        CHECK(JET_errSuccess, JetCreateTableColumnIndex(s, db, &tc));
        CHECK(JET_errSuccess, JetCloseTable(s, tc.tableid));
    }

    /* a function in a shared object, by path */
    {
        const char *cc = getenv("CC");
        char cmd[1024];
        FILE *f = fopen("udd_lib.c", "w");
        CHECK_TRUE(f != NULL);
        if (f != NULL) {
            fputs("int udd_lib(unsigned long s, unsigned d, unsigned long t, unsigned cb, void *a1, void *a2, void *c, unsigned long u)\n"
                  "{ (void)s; (void)d; (void)t; (void)cb; (void)c; (void)u;\n"
                  "  unsigned *pcb = a2; int v = 12345; if (*pcb >= 4) __builtin_memcpy(a1, &v, 4); *pcb = 4; return 0; }\n",
                  f);
            fclose(f);
        }
        snprintf(cmd, sizeof cmd, "%s -shared -fPIC -o libudd_lib.so udd_lib.c", cc != NULL ? cc : "cc");
        CHECK_EQ(0, system(cmd));
        char cwd[512];
        CHECK_TRUE(getcwd(cwd, sizeof cwd) != NULL);
        snprintf(name, sizeof name, "%s/libudd_lib.so!udd_lib", cwd);
        CHECK(JET_errSuccess, add_udd(s, t, "fromlib", name, &id2));
        v = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, id2, &v, 4, &cb, 0, NULL));
        CHECK_EQ(12345, v);
    }

    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
