/*
 * Persisted table callbacks: JET_TABLECREATE2+.szCallback / cbtyp, kept in
 * the catalog and called on the table's events as ESE's ErrRECCallback calls
 * them. This program is linked with -rdynamic, so "!pcb_own" names its own
 * pcb_own.
 * - Without JET_paramEnablePersistedCallbacks (ESENT's default) nothing is
 *   resolved: creating and opening succeed, and an event in the callback's
 *   mask fails with JET_errCallbackFailed (a before-event fails its
 *   JetUpdate/JetDelete; an after-event's failure is ignored, as in ESE).
 * - With it: the name is resolved at creation and whenever the table is
 *   opened (JET_errCallbackNotResolved there), and the callback is called
 *   with (sesid, dbid, tableid, the event's bit, NULL, NULL, NULL, 0) for
 *   exactly the events of its mask; a before-callback's error vetoes the
 *   change. Order: the table's JetRegisterCallback callbacks newest first,
 *   then its persisted one, then the same for its template table (whose
 *   callbacks a derived table's events call too).
 * - With JET_paramDisableCallbacks they are not loaded at all.
 * - JET_COLUMNCREATE_W with JET_bitColumnUserDefinedDefault reads a
 *   JET_USERDEFINEDDEFAULT_A and wants cbDefault == its size.
 */
#include "harness.h"

#include <stdint.h>

typedef struct {
    char who;
    JET_SESID sesid;
    JET_DBID dbid;
    JET_TABLEID tableid;
    JET_CBTYP cbtyp;
    void *arg1, *arg2, *context;
    JET_API_PTR unused;
} Entry;

static Entry calls[64];
static int ncalls;
static char order[65];
static JET_ERR fail_own, fail_tmpl;

static void record(char who, JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    if (ncalls < 64) {
        Entry e = {who, sesid, dbid, tableid, cbtyp, a1, a2, ctx, unused};
        calls[ncalls] = e;
        order[ncalls] = who;
        ncalls++;
        order[ncalls] = 0;
    }
}

static void clear(void)
{
    ncalls = 0;
    order[0] = 0;
}

JET_ERR pcb_own(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    record('o', sesid, dbid, tableid, cbtyp, a1, a2, ctx, unused);
    return fail_own;
}

JET_ERR pcb_tmpl(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    record('t', sesid, dbid, tableid, cbtyp, a1, a2, ctx, unused);
    return fail_tmpl;
}

/* a user-defined default: 99 */
JET_ERR pcb_udd(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    uint32_t *pcb = (uint32_t *)a2;
    int32_t v = 99;
    (void)sesid;
    (void)dbid;
    (void)tableid;
    (void)cbtyp;
    (void)ctx;
    (void)unused;
    if (*pcb >= 4) {
        memcpy(a1, &v, 4);
    }
    *pcb = 4;
    return JET_errSuccess;
}

/* a JetRegisterCallback callback: its context is the letter it logs */
static JET_ERR runtime(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *a1, void *a2, void *ctx, JET_API_PTR unused)
{
    record(*(const char *)ctx, sesid, dbid, tableid, cbtyp, a1, a2, ctx, unused);
    return JET_errSuccess;
}

static JET_INSTANCE start(const char *name, int persisted, int disabled, JET_SESID *s)
{
    JET_INSTANCE inst = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, name));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramEnablePersistedCallbacks, persisted, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramDisableCallbacks, disabled, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, s, NULL, NULL));
    return inst;
}

/* JetCreateTableColumnIndex2 of a table (k, v; primary index on k), or of a
   table derived from `tmpl`; the table is closed again. */
static JET_ERR create(JET_SESID s, JET_DBID db, const char *name, const char *tmpl, JET_GRBIT grbit, const char *callback, JET_CBTYP cbtyp)
{
    JET_COLUMNCREATE_A cc[2];
    JET_INDEXCREATE_A ix;
    JET_TABLECREATE2_A tc;
    JET_ERR err;
    memset(cc, 0, sizeof cc);
    memset(&ix, 0, sizeof ix);
    memset(&tc, 0, sizeof tc);
    cc[0].cbStruct = cc[1].cbStruct = sizeof cc[0];
    cc[0].szColumnName = "k";
    cc[1].szColumnName = "v";
    cc[0].coltyp = cc[1].coltyp = JET_coltypLong;
    ix.cbStruct = sizeof ix;
    ix.szIndexName = "pk";
    ix.szKey = "+k\0";
    ix.cbKey = 4;
    ix.grbit = JET_bitIndexPrimary;
    ix.ulDensity = 100;
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)name;
    tc.szTemplateTableName = (char *)tmpl;
    tc.ulDensity = 100;
    if (tmpl == NULL) {
        tc.rgcolumncreate = cc;
        tc.cColumns = 2;
        tc.rgindexcreate = &ix;
        tc.cIndexes = 1;
    }
    tc.szCallback = (char *)callback;
    tc.cbtyp = cbtyp;
    tc.grbit = grbit;
    err = JetCreateTableColumnIndex2(s, db, &tc);
    if (err >= 0 && tc.tableid != 0 && !(grbit & JET_bitTableCreateImmutableStructure)) {
        JetCloseTable(s, tc.tableid);
    }
    return err;
}

static JET_COLUMNID col(JET_SESID s, JET_TABLEID t, const char *name)
{
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    CHECK(JET_errSuccess, JetGetTableColumnInfo(s, t, name, &cd, sizeof cd, JET_ColInfo));
    return cd.columnid;
}

static JET_ERR insert(JET_SESID s, JET_TABLEID t, int key, int value)
{
    JET_ERR err;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col(s, t, "k"), &key, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col(s, t, "v"), &value, 4, 0, NULL));
    err = JetUpdate(s, t, NULL, 0, NULL);
    if (err < 0) {
        JetPrepareUpdate(s, t, JET_prepCancel);
    }
    return err;
}

static JET_ERR seek(JET_SESID s, JET_TABLEID t, int key)
{
    JetMakeKey(s, t, &key, 4, JET_bitNewKey);
    return JetSeek(s, t, JET_bitSeekEQ);
}

static JET_ERR replace(JET_SESID s, JET_TABLEID t, int key, int value)
{
    JET_ERR err;
    CHECK(JET_errSuccess, seek(s, t, key));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, t, col(s, t, "v"), &value, 4, 0, NULL));
    err = JetUpdate(s, t, NULL, 0, NULL);
    if (err < 0) {
        JetPrepareUpdate(s, t, JET_prepCancel);
    }
    return err;
}

/* v of the row with this key, or -1 when there is none */
static int value_of(JET_SESID s, JET_TABLEID t, int key)
{
    int32_t v = -1;
    uint32_t cb = 0;
    if (seek(s, t, key) != JET_errSuccess) {
        return -1;
    }
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, col(s, t, "v"), &v, 4, &cb, 0, NULL));
    return v;
}

static JET_ERR delete_key(JET_SESID s, JET_TABLEID t, int key)
{
    CHECK(JET_errSuccess, seek(s, t, key));
    return JetDelete(s, t);
}

/* the i-th call was the persisted callback `who` with ESE's arguments */
static void check_call(int i, char who, JET_SESID s, JET_DBID db, JET_TABLEID t, JET_CBTYP cbtyp)
{
    CHECK_TRUE(i < ncalls);
    if (i >= ncalls) {
        return;
    }
    CHECK_EQ(who, calls[i].who);
    CHECK_EQ(s, calls[i].sesid);
    CHECK_EQ(db, calls[i].dbid);
    CHECK_EQ(t, calls[i].tableid);
    CHECK_EQ(cbtyp, calls[i].cbtyp);
    CHECK_TRUE(calls[i].arg1 == NULL);
    CHECK_TRUE(calls[i].arg2 == NULL);
    CHECK_TRUE(calls[i].context == NULL);
    CHECK_EQ(0, calls[i].unused);
}

int main(void)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t, td, tt;
    JET_HANDLE h1, h2, h3, h4;
    const JET_CBTYP own_mask = JET_cbtypBeforeInsert | JET_cbtypAfterReplace | JET_cbtypBeforeDelete;
    unlink("pcb.edb");

    /* ---- ESENT's default: nothing resolved, the registered events fail ---- */
    JET_INSTANCE inst = start("pcb1", 0, 0, &s);
    CHECK(JET_errSuccess, JetCreateDatabase(s, "pcb.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, create(s, db, "own", NULL, 0, "!pcb_own", own_mask));
    CHECK(JET_errSuccess, create(s, db, "after", NULL, 0, "!pcb_own", JET_cbtypAfterInsert | JET_cbtypAfterDelete));
    CHECK(JET_errSuccess, create(s, db, "bad", NULL, 0, "libno-such-esent-pcb.so!f", JET_cbtypBeforeInsert));
    CHECK(JET_errSuccess, create(s, db, "tmpl", NULL, JET_bitTableCreateTemplateTable, "!pcb_tmpl", JET_cbtypBeforeInsert | JET_cbtypAfterInsert | JET_cbtypBeforeReplace));
    CHECK(JET_errSuccess, create(s, db, "derived", "tmpl", 0, "!pcb_own", JET_cbtypBeforeInsert));
    /* ESE's checks of the callback itself (ErrFILEIValidateCallback) */
    CHECK(JET_errInvalidParameter, create(s, db, "nocbtyp", NULL, 0, "!pcb_own", 0));
    CHECK(JET_errObjectNotFound, JetOpenTable(s, db, "nocbtyp", NULL, 0, 0, &t));

    CHECK(JET_errSuccess, JetOpenTable(s, db, "bad", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "own", NULL, 0, 0, &t));
    CHECK(JET_errCallbackFailed, insert(s, t, 1, 10));
    CHECK(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* after-events: the failure is ignored, the change stays */
    CHECK(JET_errSuccess, JetOpenTable(s, db, "after", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, insert(s, t, 1, 10));
    CHECK(JET_errSuccess, replace(s, t, 1, 11));
    CHECK_EQ(11, value_of(s, t, 1));
    CHECK(JET_errSuccess, delete_key(s, t, 1));
    CHECK_EQ(-1, value_of(s, t, 1));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    /* a derived table: its own before-insert fails first */
    CHECK(JET_errSuccess, JetOpenTable(s, db, "derived", NULL, 0, 0, &t));
    CHECK(JET_errCallbackFailed, insert(s, t, 1, 10));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK_EQ(0, ncalls);

    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "pcb.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* ---- with JET_paramEnablePersistedCallbacks: resolved at open, called ---- */
    inst = start("pcb2", 1, 0, &s);
    CHECK(JET_errSuccess, JetAttachDatabase(s, "pcb.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "pcb.edb", NULL, &db, 0));
    CHECK(JET_errCallbackNotResolved, JetOpenTable(s, db, "bad", NULL, 0, 0, &t));

    CHECK(JET_errSuccess, JetOpenTable(s, db, "own", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetRegisterCallback(s, t, JET_cbtypBeforeInsert, runtime, "A", &h1));
    CHECK(JET_errSuccess, JetRegisterCallback(s, t, JET_cbtypBeforeInsert | JET_cbtypBeforeDelete, runtime, "B", &h2));
    clear();
    CHECK(JET_errSuccess, insert(s, t, 1, 10));
    /* registered ones newest first, then the persisted one */
    CHECK_STR("BAo", order);
    check_call(2, 'o', s, db, t, JET_cbtypBeforeInsert);
    CHECK_EQ(10, value_of(s, t, 1));

    /* a replace: only AfterReplace is in the mask */
    clear();
    CHECK(JET_errSuccess, replace(s, t, 1, 11));
    CHECK_STR("o", order);
    check_call(0, 'o', s, db, t, JET_cbtypAfterReplace);
    /* an after-callback's error does not undo the change */
    fail_own = JET_errDiskFull;
    CHECK(JET_errSuccess, replace(s, t, 1, 12));
    CHECK_EQ(12, value_of(s, t, 1));

    /* a before-callback's error vetoes the insert and the delete */
    clear();
    CHECK(JET_errDiskFull, insert(s, t, 2, 20));
    CHECK_STR("BAo", order);
    CHECK_EQ(-1, value_of(s, t, 2));
    clear();
    CHECK(JET_errDiskFull, delete_key(s, t, 1));
    CHECK_STR("Bo", order);
    check_call(1, 'o', s, db, t, JET_cbtypBeforeDelete);
    CHECK_EQ(12, value_of(s, t, 1));
    fail_own = JET_errSuccess;
    clear();
    CHECK(JET_errSuccess, delete_key(s, t, 1));
    CHECK_STR("Bo", order);
    CHECK_EQ(-1, value_of(s, t, 1));
    /* another cursor on the table: the same callbacks */
    {
        JET_TABLEID t2;
        CHECK(JET_errSuccess, JetOpenTable(s, db, "own", NULL, 0, 0, &t2));
        clear();
        CHECK(JET_errSuccess, insert(s, t2, 3, 30));
        CHECK_STR("BAo", order);
        check_call(2, 'o', s, db, t2, JET_cbtypBeforeInsert);
        CHECK(JET_errSuccess, JetCloseTable(s, t2));
    }
    CHECK(JET_errSuccess, JetUnregisterCallback(s, t, JET_cbtypBeforeInsert, h1));
    CHECK(JET_errSuccess, JetUnregisterCallback(s, t, JET_cbtypBeforeInsert | JET_cbtypBeforeDelete, h2));
    clear();
    CHECK(JET_errSuccess, insert(s, t, 4, 40));
    CHECK_STR("o", order);
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    /* a derived table: its own list, then its template's */
    CHECK(JET_errSuccess, JetOpenTable(s, db, "derived", NULL, 0, 0, &td));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "tmpl", NULL, 0, 0, &tt));
    CHECK(JET_errSuccess, JetRegisterCallback(s, td, JET_cbtypBeforeInsert, runtime, "D", &h3));
    CHECK(JET_errSuccess, JetRegisterCallback(s, tt, JET_cbtypBeforeInsert, runtime, "T", &h4));
    clear();
    CHECK(JET_errSuccess, insert(s, td, 1, 10));
    CHECK_STR("DoTtt", order);
    check_call(1, 'o', s, db, td, JET_cbtypBeforeInsert);
    check_call(3, 't', s, db, td, JET_cbtypBeforeInsert);
    check_call(4, 't', s, db, td, JET_cbtypAfterInsert);
    clear();
    CHECK(JET_errSuccess, replace(s, td, 1, 11));
    CHECK_STR("t", order);
    check_call(0, 't', s, db, td, JET_cbtypBeforeReplace);
    /* the template's callback vetoes the derived table's change */
    fail_tmpl = JET_errDiskFull;
    clear();
    CHECK(JET_errDiskFull, replace(s, td, 1, 12));
    CHECK_EQ(11, value_of(s, td, 1));
    CHECK(JET_errDiskFull, insert(s, td, 2, 20));
    CHECK_STR("tDoTt", order);
    CHECK_EQ(-1, value_of(s, td, 2));
    fail_tmpl = JET_errSuccess;
    /* a delete calls nothing: no mask has it */
    clear();
    CHECK(JET_errSuccess, delete_key(s, td, 1));
    CHECK_EQ(0, ncalls);
    CHECK(JET_errSuccess, JetUnregisterCallback(s, td, JET_cbtypBeforeInsert, h3));
    CHECK(JET_errSuccess, JetUnregisterCallback(s, tt, JET_cbtypBeforeInsert, h4));
    CHECK(JET_errSuccess, JetCloseTable(s, tt));
    CHECK(JET_errSuccess, JetCloseTable(s, td));

    /* creation resolves the name now: an unresolvable one creates nothing */
    CHECK(JET_errCallbackNotResolved, create(s, db, "unres", NULL, 0, "!pcb_no_such_function", JET_cbtypAfterDelete));
    CHECK(JET_errObjectNotFound, JetOpenTable(s, db, "unres", NULL, 0, 0, &t));
    CHECK(JET_errCallbackNotResolved, create(s, db, "unres", NULL, 0, "libno-such-esent-pcb.so!pcb_own", JET_cbtypAfterDelete));
    CHECK(JET_errSuccess, create(s, db, "made_on", NULL, 0, "!pcb_own", JET_cbtypAfterDelete));

    /* JET_TABLECREATE2_W: a W callback name; a JET_COLUMNCREATE_W with a
       user-defined default reads the JET_USERDEFINEDDEFAULT_A form */
    {
        JET_USERDEFINEDDEFAULT_A u;
        JET_COLUMNCREATE_W cc[2];
        JET_TABLECREATE2_W tc;
        int32_t v = 0;
        uint32_t cb = 0;
        memset(&u, 0, sizeof u);
        memset(cc, 0, sizeof cc);
        memset(&tc, 0, sizeof tc);
        u.szCallback = "!pcb_udd";
        cc[0].cbStruct = cc[1].cbStruct = sizeof cc[0];
        cc[0].szColumnName = (WCHAR *)u"k";
        cc[0].coltyp = JET_coltypLong;
        cc[1].szColumnName = (WCHAR *)u"computed";
        cc[1].coltyp = JET_coltypLong;
        cc[1].grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        cc[1].pvDefault = &u;
        cc[1].cbDefault = sizeof u - 1;
        tc.cbStruct = sizeof tc;
        tc.szTableName = (WCHAR *)u"wide";
        tc.ulDensity = 100;
        tc.rgcolumncreate = cc;
        tc.cColumns = 2;
        tc.szCallback = (WCHAR *)u"!pcb_own";
        tc.cbtyp = JET_cbtypAfterInsert;
        CHECK(JET_errInvalidParameter, JetCreateTableColumnIndex2W(s, db, &tc));
        CHECK_EQ(JET_errInvalidParameter, cc[1].err);
        /* the grbit checks come before the size check */
        cc[1].grbit = JET_bitColumnFixed | JET_bitColumnUserDefinedDefault;
        CHECK(JET_errInvalidGrbit, JetCreateTableColumnIndex2W(s, db, &tc));
        cc[1].grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        cc[1].cbDefault = sizeof u;
        u.szCallback = "!pcb_no_such_function";
        CHECK(JET_errCallbackNotResolved, JetCreateTableColumnIndex2W(s, db, &tc));
        u.szCallback = "!pcb_udd";
        CHECK(JET_errSuccess, JetCreateTableColumnIndex2W(s, db, &tc));
        t = tc.tableid;
        clear();
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        v = 5;
        CHECK(JET_errSuccess, JetSetColumn(s, t, cc[0].columnid, &v, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
        CHECK_STR("o", order);
        check_call(0, 'o', s, db, t, JET_cbtypAfterInsert);
        CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
        v = 0;
        CHECK(JET_errSuccess, JetRetrieveColumn(s, t, cc[1].columnid, &v, 4, &cb, 0, NULL));
        CHECK_EQ(99, v);
        CHECK(JET_errSuccess, JetCloseTable(s, t));
    }
    /* JetAddColumnW reads the A form too, and checks the grbit first */
    {
        JET_USERDEFINEDDEFAULT_A u;
        JET_COLUMNDEF cd;
        JET_COLUMNID id;
        memset(&u, 0, sizeof u);
        memset(&cd, 0, sizeof cd);
        u.szCallback = "!pcb_udd";
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        cd.grbit = JET_bitColumnFixed | JET_bitColumnUserDefinedDefault;
        CHECK(JET_errSuccess, JetOpenTable(s, db, "wide", NULL, 0, 0, &t));
        CHECK(JET_errInvalidGrbit, JetAddColumnW(s, t, (const WCHAR *)u"c2", &cd, &u, sizeof u - 1, &id));
        cd.grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        CHECK(JET_errInvalidParameter, JetAddColumnW(s, t, (const WCHAR *)u"c2", &cd, &u, sizeof u - 1, &id));
        CHECK(JET_errSuccess, JetAddColumnW(s, t, (const WCHAR *)u"c2", &cd, &u, sizeof u, &id));
        CHECK(JET_errSuccess, JetCloseTable(s, t));
    }

    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "pcb.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* ---- a new instance: the catalog's names are resolved again ---- */
    inst = start("pcb3", 1, 0, &s);
    CHECK(JET_errSuccess, JetAttachDatabase(s, "pcb.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "pcb.edb", NULL, &db, 0));
    CHECK(JET_errCallbackNotResolved, JetOpenTable(s, db, "bad", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "made_on", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, insert(s, t, 1, 10));
    clear();
    CHECK(JET_errSuccess, delete_key(s, t, 1));
    CHECK_STR("o", order);
    check_call(0, 'o', s, db, t, JET_cbtypAfterDelete);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "derived", NULL, 0, 0, &t));
    clear();
    CHECK(JET_errSuccess, insert(s, t, 5, 50));
    CHECK_STR("ott", order);
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "pcb.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));

    /* ---- JET_paramDisableCallbacks: persisted table callbacks are not loaded ---- */
    inst = start("pcb4", 1, 1, &s);
    CHECK(JET_errSuccess, JetAttachDatabase(s, "pcb.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "pcb.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "bad", NULL, 0, 0, &t));
    clear();
    CHECK(JET_errSuccess, insert(s, t, 1, 10));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "own", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, insert(s, t, 7, 70));
    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK_EQ(0, ncalls);
    /* nor resolved at creation */
    CHECK(JET_errSuccess, create(s, db, "unres", NULL, 0, "!pcb_no_such_function", JET_cbtypAfterDelete));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "pcb.edb"));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
