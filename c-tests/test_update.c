/*
 * Updates: JetPrepareUpdate (every JET_prep), JetSetColumn(s) with their
 * grbits and long-value operations, JetUpdate(2) with its bookmark and
 * errors, JetDelete, autoincrement and version columns (and autoincrement
 * across a restart), write conflicts between sessions. Expected values from
 * recupd.cxx / fldmod.cxx / lv.cxx and ManagedEsent's DmlCurrencyTests,
 * UpdateTests and ColumnStreamTests.
 */
#include "cursor_util.h"

static void test_prepare_errors(Env *e)
{
    JET_SESID s = e->ses;
    int k = 1;
    unsigned char bm[16];
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "prep");
    CHECK(JET_errUpdateNotPrepared, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
    CHECK(JET_errUpdateNotPrepared, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK(JET_errUpdateNotPrepared, JetPrepareUpdate(s, d.t, JET_prepCancel));
    CHECK(JET_errInvalidParameter, JetPrepareUpdate(s, d.t, 99));
    /* replace needs a record */
    CHECK(JET_errNoCurrentRecord, JetPrepareUpdate(s, d.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsert));
    CHECK(JET_errAlreadyPrepared, JetPrepareUpdate(s, d.t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
    /* an autoincrement column cannot be set */
    CHECK(JET_errInvalidColumnType, JetSetColumn(s, d.t, d.autoinc, &k, 4, 0, NULL));
    /* no room for the bookmark: the insert fails and stays prepared */
    CHECK(JET_errBufferTooSmall, JetUpdate(s, d.t, bm, 2, &cb));
    CHECK(JET_errSuccess, JetUpdate(s, d.t, bm, sizeof bm, &cb));
    CHECK_EQ(5, cb);
    CHECK(JET_errUpdateNotPrepared, JetUpdate(s, d.t, NULL, 0, NULL));
    /* duplicate primary key */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
    CHECK(JET_errKeyDuplicate, JetUpdate(s, d.t, NULL, 0, NULL));
    /* still prepared: fix the key and it goes in */
    k = 2;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
    /* a NULL primary key column is allowed (NULLs are keys) once */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsert));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepCancel));
    /* cancel leaves the record as it was */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
    k = 9;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data1, &k, 4, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepCancel));
    CHECK(JET_errUpdateNotPrepared, JetSetColumn(s, d.t, d.data1, &k, 4, 0, NULL));
    {
        int v = -1;
        CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, d.t, d.data1, &v, 4, &cb, 0, NULL));
    }
    /* the primary key cannot change in a replace */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
    k = 3;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
    CHECK(JET_errRecordPrimaryChanged, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepCancel));
    /* a replace that sets nothing is done at once; a replace reports its bookmark */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
    cb = 0;
    CHECK(JET_errSuccess, JetUpdate(s, d.t, bm, sizeof bm, &cb));
    CHECK_EQ(5, cb);
    CHECK_EQ(2, bm[4]);
    /* moving cancels the update */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK(JET_errUpdateNotPrepared, JetUpdate(s, d.t, NULL, 0, NULL));
    /* delete, then the record is gone */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK(JET_errRecordDeleted, JetDelete(s, d.t));
    CHECK(JET_errRecordDeleted, JetPrepareUpdate(s, d.t, JET_prepReplace));
    CHECK(JET_errRecordDeleted, JetRetrieveColumn(s, d.t, d.key, &k, 4, &cb, 0, NULL));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_insert_copy(Env *e)
{
    JET_SESID s = e->ses;
    int v, a;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "copies");
    dml_insert3(s, &d, 10, 100, 1000);
    /* InsertCopy: a new autoincrement; the same key is a duplicate */
    CHECK(JET_errSuccess, dml_seek(s, &d, 10, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsertCopy));
    v = 2000;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data2, &v, 4, 0, NULL));
    CHECK(JET_errKeyDuplicate, JetUpdate(s, d.t, NULL, 0, NULL));
    v = 20;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, d.t, d.autoinc, &a, 4, NULL, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(2, a);
    CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, dml_read(s, &d, &v, NULL, NULL, &a));
    CHECK_EQ(10, v);
    CHECK_EQ(1, a);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    {
        int k, d1, d2;
        CHECK(JET_errSuccess, dml_read(s, &d, &k, &d1, &d2, &a));
        CHECK_EQ(20, k);
        CHECK_EQ(100, d1);
        CHECK_EQ(2000, d2);
        CHECK_EQ(2, a);
    }
    /* InsertCopyDeleteOriginal keeping the key: the original goes, a new autoincrement */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsertCopyDeleteOriginal));
    v = 3000;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data2, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, dml_seek(s, &d, 20, JET_bitSeekEQ));
    {
        int d2;
        CHECK(JET_errSuccess, dml_read(s, &d, NULL, NULL, &d2, &a));
        CHECK_EQ(3000, d2);
        CHECK_EQ(3, a);
    }
    /* InsertCopyReplaceOriginal: a new key, the same autoincrement */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsertCopyReplaceOriginal));
    v = 30;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK(JET_errRecordNotFound, dml_seek(s, &d, 20, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_seek(s, &d, 30, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_read(s, &d, NULL, NULL, NULL, &a));
    CHECK_EQ(3, a);
    {
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
        CHECK(JET_errSuccess, JetIndexRecordCount(s, d.t, &n, 0));
        CHECK_EQ(2, n);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

typedef struct {
    JET_TABLEID t;
    JET_COLUMNID id, ver, nn, txt, tags, lv, lvs, tdef;
} Cols;

static Cols make_cols(Env *e, const char *name)
{
    Cols c;
    JET_SESID s = e->ses;
    int d5 = 5;
    JET_COLUMNDEF cd;
    CHECK(JET_errSuccess, JetCreateTable(s, e->db, name, 0, 100, &c.t));
    c.id = add_column(s, c.t, "id", JET_coltypLong, 0, NULL, 0);
    c.ver = add_column(s, c.t, "ver", JET_coltypLong, JET_bitColumnVersion, NULL, 0);
    c.nn = add_column(s, c.t, "nn", JET_coltypLong, JET_bitColumnNotNULL, NULL, 0);
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypText;
    cd.cp = 1252;
    cd.cbMax = 8;
    CHECK(JET_errSuccess, JetAddColumn(s, c.t, "txt", &cd, NULL, 0, &c.txt));
    c.tags = add_column(s, c.t, "tags", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued, NULL, 0);
    c.lv = add_column(s, c.t, "lv", JET_coltypLongBinary, 0, NULL, 0);
    c.lvs = add_column(s, c.t, "lvs", JET_coltypLongBinary, JET_bitColumnMultiValued, NULL, 0);
    c.tdef = add_column(s, c.t, "tdef", JET_coltypLong, JET_bitColumnTagged, &d5, 4);
    ADD_INDEX(s, c.t, "primary", JET_bitIndexPrimary, "+id\0\0");
    return c;
}

static void new_row(JET_SESID s, Cols *c, int id)
{
    int one = 1;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c->t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, c->t, c->id, &id, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, c->t, c->nn, &one, 4, 0, NULL));
}

static int lv_get(JET_SESID s, JET_TABLEID t, JET_COLUMNID col, uint32_t itag, unsigned char *buf, uint32_t cbmax, uint32_t *cb)
{
    JET_RETINFO ri = {sizeof(JET_RETINFO), 0, itag, 0};
    return JetRetrieveColumn(s, t, col, buf, cbmax, cb, 0, &ri);
}

static unsigned char pattern[40000];

static void test_columns(Env *e)
{
    JET_SESID s = e->ses;
    unsigned char buf[64];
    uint32_t cb = 0;
    int v = 0;
    for (int i = 0; i < (int)sizeof pattern; i++) {
        pattern[i] = (unsigned char)(i % 251);
    }
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Cols c = make_cols(e, "cols");
    /* NOT NULL: JetUpdate fails until it is set */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepInsert));
    v = 1;
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.id, &v, 4, 0, NULL));
    CHECK(JET_errNullInvalid, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errNullInvalid, JetSetColumn(s, c.t, c.nn, NULL, 0, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.nn, &v, 4, 0, NULL));
    /* a variable column is cut at its maximum, with a warning */
    CHECK(JET_wrnColumnMaxTruncated, JetSetColumn(s, c.t, c.txt, "0123456789", 10, 0, NULL));
    /* a NULL pointer sets NULL whatever cbData says */
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tdef, NULL, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.txt, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(8, cb);
    /* version: 0 after the insert, one more per replace */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.ver, &v, 4, &cb, 0, NULL));
    CHECK_EQ(0, v);
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, c.t, c.tdef, &v, 4, &cb, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    CHECK(JET_errInvalidColumnType, JetSetColumn(s, c.t, c.ver, &v, 4, 0, NULL));
    /* RevertToDefaultValue brings the default back */
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tdef, NULL, 0, JET_bitSetRevertToDefaultValue, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.ver, &v, 4, &cb, 0, NULL));
    CHECK_EQ(1, v);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.tdef, &v, 4, &cb, 0, NULL));
    CHECK_EQ(5, v);
    /* multi-values: itagSequence 0 adds; unique multi-values */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    {
        JET_SETINFO si = {sizeof(JET_SETINFO), 0, 0};
        CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tags, "red", 3, 0, &si));
        CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tags, "green", 5, JET_bitSetUniqueMultiValues, &si));
        CHECK(JET_errMultiValuedDuplicate, JetSetColumn(s, c.t, c.tags, "red", 3, JET_bitSetUniqueMultiValues, &si));
        CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tags, "RED", 3, JET_bitSetUniqueMultiValues, &si));
        CHECK(JET_errMultiValuedDuplicate, JetSetColumn(s, c.t, c.tags, "Green", 5, JET_bitSetUniqueNormalizedMultiValues, &si));
        CHECK(JET_errInvalidGrbit, JetSetColumn(s, c.t, c.tags, "x", 1, JET_bitSetUniqueMultiValues | JET_bitSetAppendLV, &si));
        CHECK(JET_errInvalidGrbit, JetSetColumn(s, c.t, c.tags, "x", 1, 0x10000000, &si));
        /* NULL at an itagSequence removes that value */
        si.itagSequence = 1;
        CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.tags, NULL, 0, 0, &si));
    }
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, lv_get(s, c.t, c.tags, 1, buf, sizeof buf, &cb));
    CHECK_EQ(5, cb);
    CHECK_TRUE(memcmp(buf, "green", 5) == 0);
    CHECK(JET_errSuccess, lv_get(s, c.t, c.tags, 2, buf, sizeof buf, &cb));
    CHECK_TRUE(memcmp(buf, "RED", 3) == 0);
    CHECK(JET_wrnColumnNull, lv_get(s, c.t, c.tags, 3, buf, sizeof buf, &cb));
    /* JetSetColumns returns the last column's result */
    {
        JET_SETCOLUMN sc[2];
        int one = 7;
        memset(sc, 0, sizeof sc);
        sc[0].columnid = c.txt;
        sc[0].pvData = "0123456789";
        sc[0].cbData = 10;
        sc[0].itagSequence = 1;
        sc[1].columnid = c.nn;
        sc[1].pvData = &one;
        sc[1].cbData = 4;
        sc[1].itagSequence = 1;
        CHECK(JET_errUpdateNotPrepared, JetSetColumns(s, c.t, sc, 2));
        CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
        CHECK(JET_errSuccess, JetSetColumns(s, c.t, sc, 2));
        CHECK_EQ(JET_wrnColumnMaxTruncated, sc[0].err);
        CHECK_EQ(JET_errSuccess, sc[1].err);
        sc[1].columnid = 9999;
        CHECK(JET_errColumnNotFound, JetSetColumns(s, c.t, sc, 2));
        CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepCancel));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, c.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_long_values(Env *e)
{
    JET_SESID s = e->ses;
    unsigned char buf[64];
    uint32_t cb = 0;
    JET_SETINFO si = {sizeof(JET_SETINFO), 0, 1};
    JET_TABLEID t2;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Cols c = make_cols(e, "lvs");
    /* small: kept in the record; then appended past the intrinsic limit */
    new_row(s, &c, 1);
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, pattern, 100, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, pattern + 100, 5000, JET_bitSetAppendLV, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveFirst, 0));
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, c.t, c.lv, buf, 4, &cb, 0, NULL));
    CHECK_EQ(5100, cb);
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    /* append to a stored value */
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, pattern + 5100, 3000, JET_bitSetAppendLV, NULL));
    /* overwrite inside it, and past its end (which grows it) */
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, "ABCD", 4, JET_bitSetOverwriteLV, &(JET_SETINFO){sizeof(JET_SETINFO), 10, 1}));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, "WXYZ", 4, JET_bitSetOverwriteLV, &(JET_SETINFO){sizeof(JET_SETINFO), 8098, 1}));
    CHECK(JET_errColumnNoChunk, JetSetColumn(s, c.t, c.lv, "!", 1, JET_bitSetOverwriteLV, &(JET_SETINFO){sizeof(JET_SETINFO), 9000, 1}));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.lv, NULL, 0, &cb, JET_bitRetrieveCopy, NULL) == JET_wrnBufferTruncated ? JET_errSuccess : -1);
    CHECK_EQ(8102, cb);
    /* the record keeps the old value until JetUpdate */
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, c.t, c.lv, NULL, 0, &cb, 0, NULL));
    CHECK_EQ(5100, cb);
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, c.t, c.lv, buf, 16, &cb, 0, NULL));
    CHECK_EQ(8102, cb);
    CHECK_TRUE(memcmp(buf, pattern, 10) == 0);
    CHECK_TRUE(memcmp(buf + 10, "ABCD", 4) == 0);
    CHECK_EQ(pattern[14], buf[14]);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.lv, buf, 16, &cb, 0, &(JET_RETINFO){sizeof(JET_RETINFO), 8090, 1, 0}));
    CHECK_EQ(12, cb);
    CHECK_EQ(pattern[8090], buf[0]);
    CHECK_TRUE(memcmp(buf + 8, "WXYZ", 4) == 0);
    /* resize: shorter, then longer (zero-filled); SizeLV takes its size from cbData */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, NULL, 20, JET_bitSetSizeLV, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, NULL, 30, JET_bitSetSizeLV, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.lv, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(30, cb);
    CHECK_TRUE(memcmp(buf + 10, "ABCD", 4) == 0);
    CHECK_EQ(0, buf[25]);
    /* OverwriteLV | SizeLV cuts at the end of what it writes */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, "xy", 2, JET_bitSetOverwriteLV | JET_bitSetSizeLV, &(JET_SETINFO){sizeof(JET_SETINFO), 5, 1}));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.lv, buf, sizeof buf, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(7, cb);
    /* SizeLV with 0: NULL; ZeroLength: a zero-length value */
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, NULL, 0, JET_bitSetSizeLV, NULL));
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, c.t, c.lv, buf, sizeof buf, &cb, JET_bitRetrieveCopy, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, NULL, 0, JET_bitSetZeroLength, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, c.t, c.lv, buf, sizeof buf, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(0, cb);
    /* a new value written at an offset has no chunk there */
    CHECK(JET_errColumnNoChunk, JetSetColumn(s, c.t, c.lvs, "a", 1, JET_bitSetOverwriteLV, &(JET_SETINFO){sizeof(JET_SETINFO), 3, 0}));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepCancel));
    /* multi-valued long values: stored and in-record values side by side */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    si.itagSequence = 0;
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lvs, pattern, 30000, 0, &si));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lvs, "tiny", 4, 0, &si));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lvs, "sep", 3, JET_bitSetSeparateLV, &si));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lvs, pattern, 2000, JET_bitSetIntrinsicLV, &si));
    CHECK(JET_errMultiValuedDuplicate, JetSetColumn(s, c.t, c.lvs, pattern, 30000, JET_bitSetUniqueMultiValues, &si));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_wrnBufferTruncated, lv_get(s, c.t, c.lvs, 1, buf, 8, &cb));
    CHECK_EQ(30000, cb);
    CHECK(JET_errSuccess, lv_get(s, c.t, c.lvs, 2, buf, 8, &cb));
    CHECK_EQ(4, cb);
    CHECK(JET_errSuccess, lv_get(s, c.t, c.lvs, 3, buf, 8, &cb));
    CHECK_EQ(3, cb);
    CHECK(JET_wrnBufferTruncated, lv_get(s, c.t, c.lvs, 4, buf, 8, &cb));
    CHECK_EQ(2000, cb);
    /* InsertCopy shares the stored values; changing or deleting one side
       leaves the other intact */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepInsertCopy));
    {
        int id = 2;
        CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.id, &id, 4, 0, NULL));
    }
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveLast, 0));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, c.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lvs, "Z", 1, JET_bitSetOverwriteLV, &(JET_SETINFO){sizeof(JET_SETINFO), 0, 1}));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_wrnBufferTruncated, lv_get(s, c.t, c.lvs, 1, buf, 2, &cb));
    CHECK_EQ('Z', buf[0]);
    CHECK_EQ(pattern[1], buf[1]);
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveFirst, 0));
    CHECK(JET_wrnBufferTruncated, lv_get(s, c.t, c.lvs, 1, buf, 2, &cb));
    CHECK_EQ(pattern[0], buf[0]);
    CHECK(JET_errSuccess, JetDelete(s, c.t));
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveFirst, 0));
    CHECK(JET_wrnBufferTruncated, lv_get(s, c.t, c.lvs, 1, buf, 2, &cb));
    CHECK_EQ(30000, cb);
    CHECK_EQ('Z', buf[0]);
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    /* a cursor opened elsewhere reads the stored values after the commit */
    CHECK(JET_errSuccess, JetOpenTable(s, e->db, "lvs", NULL, 0, 0, &t2));
    CHECK(JET_wrnBufferTruncated, lv_get(s, t2, c.lvs, 4, buf, 8, &cb));
    CHECK_EQ(2000, cb);
    CHECK_TRUE(memcmp(buf, pattern, 8) == 0);
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, c.t));
}

static void test_conflicts(Env *e)
{
    JET_SESID s = e->ses, s2;
    JET_DBID db2;
    JET_TABLEID t1, t2;
    unsigned char bm[16];
    uint32_t cb = 0;
    int v;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "conflicts");
    dml_insert3(s, &d, 10, 100, 1000);
    CHECK(JET_errSuccess, dml_seek(s, &d, 10, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetGetBookmark(s, d.t, bm, sizeof bm, &cb));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetBeginSession(e->inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "update.edb", NULL, &db2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, e->db, "conflicts", NULL, 0, 0, &t1));
    CHECK(JET_errSuccess, JetOpenTable(s2, db2, "conflicts", NULL, 0, 0, &t2));
    /* Replace locks at prepare time */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetGotoBookmark(s, t1, bm, cb));
    CHECK(JET_errSuccess, JetGotoBookmark(s2, t2, bm, cb));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepReplace));
    CHECK(JET_errWriteConflict, JetPrepareUpdate(s2, t2, JET_prepReplace));
    v = 200;
    CHECK(JET_errSuccess, JetSetColumn(s, t1, d.data1, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, t1, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    /* ReplaceNoLock: the later JetUpdate loses */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepReplaceNoLock));
    CHECK(JET_errSuccess, JetPrepareUpdate(s2, t2, JET_prepReplaceNoLock));
    v = 300;
    CHECK(JET_errSuccess, JetSetColumn(s2, t2, d.data1, &v, 4, 0, NULL));
    v = 400;
    CHECK(JET_errSuccess, JetSetColumn(s, t1, d.data1, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s2, t2, NULL, 0, NULL));
    CHECK(JET_errWriteConflict, JetUpdate(s, t1, NULL, 0, NULL));
    /* a failed JetUpdate leaves the update prepared */
    CHECK(JET_errAlreadyPrepared, JetPrepareUpdate(s, t1, JET_prepReplaceNoLock));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepCancel));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetCommitTransaction(s2, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t1, d.data1, &v, 4, &cb, 0, NULL));
    CHECK_EQ(300, v);
    /* outside a transaction ReplaceNoLock still sees a change made since prepare */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepReplaceNoLock));
    CHECK(JET_errSuccess, JetPrepareUpdate(s2, t2, JET_prepReplace));
    v = 500;
    CHECK(JET_errSuccess, JetSetColumn(s2, t2, d.data1, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s2, t2, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, t1, d.data1, &v, 4, 0, NULL));
    CHECK(JET_errWriteConflict, JetUpdate(s, t1, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepCancel));
    /* a delete under another session's replace */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepReplace));
    CHECK(JET_errWriteConflict, JetDelete(s2, t2));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, t1, JET_prepCancel));
    /* the lock of a cancelled replace lasts until the transaction ends */
    CHECK(JET_errWriteConflict, JetDelete(s2, t2));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetDelete(s2, t2));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    /* JetGetLock: read locks are shared, a write lock is not */
    CHECK(JET_errNotInTransaction, JetGetLock(s, t1, JET_bitReadLock));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errInvalidGrbit, JetGetLock(s, t1, 0));
    CHECK(JET_errInvalidGrbit, JetGetLock(s, t1, JET_bitReadLock | JET_bitWriteLock));
    CHECK(JET_errSuccess, JetGetLock(s, t1, JET_bitReadLock));
    CHECK(JET_errSuccess, JetGetLock(s2, t2, JET_bitReadLock));
    CHECK(JET_errWriteConflict, JetGetLock(s2, t2, JET_bitWriteLock));
    CHECK(JET_errWriteConflict, JetPrepareUpdate(s2, t2, JET_prepReplace));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetGetLock(s2, t2, JET_bitWriteLock));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errWriteConflict, JetGetLock(s, t1, JET_bitReadLock));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, t1));
    CHECK(JET_errSuccess, JetCloseTable(s2, t2));
    CHECK(JET_errSuccess, JetEndSession(s2, 0));
}

/* Autoincrement values continue after a restart at the highest value + 1. */
static void test_autoinc_restart(void)
{
    Env e = env_start("autoinc");
    JET_TABLEID t;
    JET_COLUMNID key, ai;
    int v, a = 0;
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    CHECK(JET_errSuccess, JetCreateTable(e.ses, e.db, "ai", 0, 100, &t));
    key = add_column(e.ses, t, "k", JET_coltypLong, 0, NULL, 0);
    ai = add_column(e.ses, t, "ai", JET_coltypLong, JET_bitColumnAutoincrement, NULL, 0);
    ADD_INDEX(e.ses, t, "primary", JET_bitIndexPrimary, "+k\0\0");
    for (v = 1; v <= 3; v++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(e.ses, t, key, &v, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetCloseTable(e.ses, t));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK(JET_errSuccess, JetCloseDatabase(e.ses, e.db, 0));
    CHECK(JET_errSuccess, JetEndSession(e.ses, 0));
    CHECK(JET_errSuccess, JetTerm(e.inst));
    CHECK(JET_errSuccess, JetCreateInstance(&e.inst, "autoinc2"));
    harness_own_paths(e.inst);
    CHECK(JET_errSuccess, JetInit(&e.inst));
    CHECK(JET_errSuccess, JetBeginSession(e.inst, &e.ses, NULL, NULL));
    CHECK(JET_errSuccess, JetAttachDatabase(e.ses, "autoinc.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(e.ses, "autoinc.edb", NULL, &e.db, 0));
    CHECK(JET_errSuccess, JetOpenTable(e.ses, e.db, "ai", NULL, 0, 0, &t));
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetRetrieveColumn(e.ses, t, ai, &a, 4, NULL, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(4, a);
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, key, &v, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCloseTable(e.ses, t));
    env_stop(&e);
}

/* A long-value tree created in a transaction that rolls back is gone: the
   cursor must not write into it afterwards. */
static void test_lv_tree_rollback(Env *e)
{
    JET_SESID s = e->ses;
    unsigned char buf[8];
    uint32_t cb = 0;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Cols c = make_cols(e, "lvroll");
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    new_row(s, &c, 1);
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, pattern, 20000, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    new_row(s, &c, 2);
    CHECK(JET_errSuccess, JetSetColumn(s, c.t, c.lv, pattern + 1, 20000, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, c.t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, c.t, JET_MoveFirst, 0));
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, c.t, c.lv, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(20000, cb);
    CHECK_EQ(pattern[1], buf[0]);
    CHECK(JET_errNoCurrentRecord, JetMove(s, c.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, c.t));
}

int main(void)
{
    Env e = env_start("update");
    test_prepare_errors(&e);
    test_insert_copy(&e);
    test_columns(&e);
    test_long_values(&e);
    test_conflicts(&e);
    test_lv_tree_rollback(&e);
    env_stop(&e);
    test_autoinc_restart();
    return 0;
}
