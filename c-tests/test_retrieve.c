/*
 * Retrieval: JetRetrieveColumn and JetRetrieveColumns with their grbits
 * (RetrieveCopy, FromIndex, FromPrimaryBookmark, Tag, Null, IgnoreDefault),
 * itagSequence and ibLongValue, column id 0 (the tagged-column scan),
 * JET_wrnColumnNull / JET_wrnBufferTruncated with the real size, counts with
 * itagSequence 0; JetEnumerateColumns with a JET_PFNREALLOC; JetRetrieveKey.
 * Expected values follow fldext.cxx / fldenum.cxx and ManagedEsent's
 * RetrieveColumnTests and EnumerateColumnTests.
 */
#include "cursor_util.h"

typedef struct {
    JET_TABLEID t;
    JET_COLUMNID id;      /* fixed Long, primary key */
    JET_COLUMNID dflt;    /* fixed Long, default 42 */
    JET_COLUMNID name;    /* variable Text */
    JET_COLUMNID mv;      /* tagged multi-valued Long */
    JET_COLUMNID tdflt;   /* tagged Long, default 7 */
    JET_COLUMNID blob;    /* LongBinary */
    JET_COLUMNID text;    /* LongText */
} Tbl;

static Tbl make_table(Env *e, const char *name)
{
    Tbl r;
    JET_SESID s = e->ses;
    int d42 = 42, d7 = 7;
    CHECK(JET_errSuccess, JetCreateTable(s, e->db, name, 0, 100, &r.t));
    r.id = add_column(s, r.t, "id", JET_coltypLong, JET_bitColumnFixed, NULL, 0);
    r.dflt = add_column(s, r.t, "dflt", JET_coltypLong, JET_bitColumnFixed, &d42, 4);
    r.name = add_column(s, r.t, "name", JET_coltypText, 0, NULL, 0);
    r.mv = add_column(s, r.t, "mv", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, NULL, 0);
    r.tdflt = add_column(s, r.t, "tdflt", JET_coltypLong, JET_bitColumnTagged, &d7, 4);
    r.blob = add_column(s, r.t, "blob", JET_coltypLongBinary, 0, NULL, 0);
    r.text = add_column(s, r.t, "text", JET_coltypLongText, 0, NULL, 0);
    ADD_INDEX(s, r.t, "primary", JET_bitIndexPrimary, "+id\0\0");
    ADD_INDEX(s, r.t, "byname", 0, "+name\0\0");
    ADD_INDEX(s, r.t, "bymv", 0, "+mv\0\0");
    ADD_INDEX(s, r.t, "bydflt", 0, "-dflt\0+id\0\0");
    return r;
}

static unsigned char big[10000];

/* One record: id 1, name "Alice", mv {30, 10, 20}, blob 10000 bytes, text "hello". */
static void insert_rows(JET_SESID s, Tbl *r)
{
    int id = 1, v;
    JET_SETINFO si = {sizeof(JET_SETINFO), 0, 0};
    for (int i = 0; i < (int)sizeof big; i++) {
        big[i] = (unsigned char)(i * 7);
    }
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r->t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->id, &id, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->name, "Alice", 5, 0, NULL));
    v = 30;
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->mv, &v, 4, 0, NULL));
    v = 10;
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->mv, &v, 4, 0, &si));
    v = 20;
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->mv, &v, 4, 0, &si));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->blob, big, sizeof big, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->text, "hello", 5, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, r->t, NULL, 0, NULL));
    /* id 2: the tagged default overridden by an explicit NULL */
    id = 2;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r->t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->id, &id, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->name, "bob", 3, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, r->t, r->tdflt, NULL, 0, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, r->t, NULL, 0, NULL));
}

static void test_retrieve_column(Env *e)
{
    JET_SESID s = e->ses;
    Tbl r;
    int v = 0;
    uint32_t cb = 0;
    char buf[64];
    unsigned char lv[64];
    JET_RETINFO ri;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    r = make_table(e, "rc");
    insert_rows(s, &r);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    /* plain values */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, 0, NULL));
    CHECK_EQ(1, v);
    CHECK_EQ(4, cb);
    /* a default of a fixed column */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.dflt, &v, 4, &cb, 0, NULL));
    CHECK_EQ(42, v);
    /* IgnoreDefault affects tagged columns only */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.dflt, &v, 4, &cb, JET_bitRetrieveIgnoreDefault, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.tdflt, &v, 4, &cb, 0, NULL));
    CHECK_EQ(7, v);
    cb = 99;
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, r.tdflt, &v, 4, &cb, JET_bitRetrieveIgnoreDefault, NULL));
    CHECK_EQ(0, cb);
    /* truncation reports the real size */
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, r.t, r.name, buf, 2, &cb, 0, NULL));
    CHECK_EQ(5, cb);
    CHECK_TRUE(memcmp(buf, "Al", 2) == 0);
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, r.t, r.name, NULL, 0, &cb, 0, NULL));
    CHECK_EQ(5, cb);
    CHECK(JET_errInvalidParameter, JetRetrieveColumn(s, r.t, r.name, NULL, 3, &cb, 0, NULL));
    CHECK(JET_errColumnNotFound, JetRetrieveColumn(s, r.t, 9999, buf, 4, &cb, 0, NULL));
    /* multi-values by itagSequence; ibLongValue is ignored for them */
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 2;
    ri.ibLongValue = 2;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, 0, &ri));
    CHECK_EQ(10, v);
    CHECK_EQ(4, cb);
    CHECK_EQ(r.mv, ri.columnidNextTagged);
    ri.itagSequence = 4;
    ri.ibLongValue = 0;
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, 0, &ri));
    ri.cbStruct = 4;
    CHECK(JET_errInvalidParameter, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, 0, &ri));
    /* long values with an offset */
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 1;
    ri.ibLongValue = 9990;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.blob, lv, sizeof lv, &cb, 0, &ri));
    CHECK_EQ(10, cb);
    CHECK_EQ((unsigned char)(9990 * 7), lv[0]);
    ri.ibLongValue = 100;
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, r.t, r.blob, lv, 8, &cb, 0, &ri));
    CHECK_EQ(9900, cb);
    CHECK_EQ((unsigned char)(100 * 7), lv[0]);
    CHECK_EQ((unsigned char)(107 * 7), lv[7]);
    ri.ibLongValue = 20000;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.blob, lv, 8, &cb, 0, &ri));
    CHECK_EQ(0, cb);
    ri.ibLongValue = 3;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.text, buf, sizeof buf, &cb, 0, &ri));
    CHECK_EQ(2, cb);
    CHECK_TRUE(memcmp(buf, "lo", 2) == 0);
    /* column id 0: every tagged value in turn, named by columnidNextTagged */
    {
        JET_COLUMNID seen[8];
        int n = 0;
        for (uint32_t i = 1; i <= 8; i++) {
            memset(&ri, 0, sizeof ri);
            ri.cbStruct = sizeof ri;
            ri.itagSequence = i;
            JET_ERR err = JetRetrieveColumn(s, r.t, 0, lv, sizeof lv, &cb, 0, &ri);
            if (err == JET_wrnColumnNull) {
                break;
            }
            seen[n++] = ri.columnidNextTagged;
        }
        /* mv x3, tdflt (its default), blob, text */
        CHECK_EQ(6, n);
        CHECK_EQ(r.mv, seen[0]);
        CHECK_EQ(r.mv, seen[2]);
        CHECK_EQ(r.tdflt, seen[3]);
        CHECK_EQ(r.blob, seen[4]);
        CHECK_EQ(r.text, seen[5]);
        ri.itagSequence = 0;
        CHECK(JET_errBadItagSequence, JetRetrieveColumn(s, r.t, 0, lv, sizeof lv, &cb, 0, &ri));
        /* without defaults the scan skips tdflt */
        ri.itagSequence = 4;
        CHECK(JET_wrnBufferTruncated, JetRetrieveColumn(s, r.t, 0, lv, sizeof lv, &cb, JET_bitRetrieveIgnoreDefault, &ri));
        CHECK_EQ(r.blob, ri.columnidNextTagged);
        CHECK_EQ(10000, cb);
    }
    /* record 2: an explicit NULL over a default */
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, r.tdflt, &v, 4, &cb, 0, NULL));
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 1;
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, 0, &v, 4, &cb, 0, &ri));
    CHECK(JET_wrnColumnSetNull, JetRetrieveColumn(s, r.t, 0, &v, 4, &cb, JET_bitRetrieveNull, &ri));
    CHECK_EQ(r.tdflt, ri.columnidNextTagged);
    /* RetrieveCopy reads the copy buffer when an update is prepared, the record otherwise */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.name, buf, sizeof buf, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(3, cb);
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, r.t, r.name, "robert", 6, 0, NULL));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.name, buf, sizeof buf, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(6, cb);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.name, buf, sizeof buf, &cb, 0, NULL));
    CHECK_EQ(3, cb);
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepCancel));
    /* an insert's copy buffer */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepInsert));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.dflt, &v, 4, &cb, JET_bitRetrieveCopy, NULL));
    CHECK_EQ(42, v);
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveCopy, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepCancel));
    CHECK(JET_errInvalidGrbit, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, 0x10000000, NULL));
    CHECK(JET_errInvalidGrbit, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveTuple, NULL));
    CHECK(JET_errSuccess, JetCloseTable(s, r.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_from_index(Env *e)
{
    JET_SESID s = e->ses;
    Tbl r;
    int v = 0;
    uint32_t cb = 0;
    char buf[64];
    JET_RETINFO ri;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    r = make_table(e, "fromindex");
    insert_rows(s, &r);
    /* the multi-valued index holds one entry per value: 10, 20, 30 for record 1 */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, "bymv"));
    /* record 2 has no value: its NULL entry comes first */
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    CHECK(JET_wrnColumnNull, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(0, cb);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(10, v);
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 1;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveTag, &ri));
    CHECK_EQ(10, v);
    CHECK_EQ(2, ri.itagSequence);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    ri.itagSequence = 1;
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveTag, &ri));
    CHECK_EQ(20, v);
    CHECK_EQ(3, ri.itagSequence);
    /* JetSetCurrentIndex3 with itagSequence: the entry of that value */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, NULL));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex3(s, r.t, "bymv", JET_bitNoMove, 1));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(30, v);
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, NULL));
    /* a deferred move-first is not a record to keep (ESE's ErrDIRGetBookmark) */
    CHECK(JET_errNoCurrentRecord, JetSetCurrentIndex3(s, r.t, "bymv", JET_bitNoMove, 3));
    CHECK(JET_errSuccess, JetMove(s, r.t, 0, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex3(s, r.t, "bymv", JET_bitNoMove, 3));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(20, v);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(30, v);
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, NULL));
    CHECK(JET_errSuccess, JetMove(s, r.t, 0, 0));
    CHECK(JET_errBadItagSequence, JetSetCurrentIndex3(s, r.t, "bymv", JET_bitNoMove, 4));
    /* an index id that names no index of this table */
    {
        JET_INDEXID id;
        memset(&id, 0, sizeof id);
        id.cbStruct = sizeof id;
        CHECK(JET_errInvalidIndexId, JetSetCurrentIndex4(s, r.t, "bymv", &id, 0, 1));
        id.cbStruct = 3;
        CHECK(JET_errInvalidIndexId, JetSetCurrentIndex4(s, r.t, NULL, &id, 0, 1));
    }
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, "bymv"));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0));
    /* the primary key through the secondary index's bookmark */
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveFromPrimaryBookmark, NULL));
    CHECK_EQ(1, v);
    CHECK(JET_errColumnNotFound, JetRetrieveColumn(s, r.t, r.name, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK(JET_errInvalidGrbit, JetRetrieveColumn(s, r.t, r.mv, &v, 4, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark, NULL));
    /* text cannot be restored from a key: the record gives it */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, "byname"));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.name, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(5, cb);
    CHECK_TRUE(memcmp(buf, "Alice", 5) == 0);
    /* a descending segment and a default */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, "bydflt"));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.dflt, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(42, v);
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(1, v);
    /* on the clustered index the key itself */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, r.t, NULL));
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveLast, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(2, v);
    /* JetRetrieveKey */
    {
        unsigned char key[16];
        int k = 7;
        CHECK(JET_errSuccess, JetRetrieveKey(s, r.t, key, sizeof key, &cb, 0));
        CHECK_EQ(5, cb);
        CHECK_EQ(0x7f, key[0]);
        CHECK_EQ(2, key[4]);
        CHECK(JET_wrnBufferTruncated, JetRetrieveKey(s, r.t, key, 2, &cb, 0));
        CHECK_EQ(5, cb);
        CHECK(JET_errKeyNotMade, JetRetrieveKey(s, r.t, key, sizeof key, &cb, JET_bitRetrieveCopy));
        CHECK(JET_errSuccess, JetMakeKey(s, r.t, &k, 4, JET_bitNewKey));
        CHECK(JET_errSuccess, JetRetrieveKey(s, r.t, key, 2, &cb, JET_bitRetrieveCopy));
        CHECK_EQ(5, cb);
        CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveNext, 0) == JET_errNoCurrentRecord ? JET_errSuccess : -1);
        CHECK(JET_errNoCurrentRecord, JetRetrieveKey(s, r.t, key, sizeof key, &cb, 0));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, r.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_retrieve_columns(Env *e)
{
    JET_SESID s = e->ses;
    Tbl r;
    int a = 0, b = 0;
    char nm[2];
    JET_RETRIEVECOLUMN rc[5];
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    r = make_table(e, "rcs");
    insert_rows(s, &r);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    memset(rc, 0, sizeof rc);
    rc[0].columnid = r.mv;          /* count */
    rc[1].columnid = 0;             /* count of all tagged values */
    rc[2].columnid = r.mv;
    rc[2].pvData = &a;
    rc[2].cbData = 4;
    rc[2].itagSequence = 3;
    rc[3].columnid = r.tdflt;
    rc[3].pvData = &b;
    rc[3].cbData = 4;
    rc[3].itagSequence = 1;
    rc[3].grbit = JET_bitRetrieveIgnoreDefault;
    rc[4].columnid = r.name;
    rc[4].pvData = nm;
    rc[4].cbData = sizeof nm;
    rc[4].itagSequence = 1;
    /* a NULL is not reported for the call, a truncation is */
    CHECK(JET_wrnBufferTruncated, JetRetrieveColumns(s, r.t, rc, 5));
    CHECK_EQ(3, rc[0].itagSequence);
    CHECK_EQ(JET_errSuccess, rc[0].err);
    CHECK_EQ(r.mv, rc[0].columnidNextTagged);
    CHECK_EQ(6, rc[1].itagSequence);
    CHECK_EQ(20, a);
    CHECK_EQ(JET_errSuccess, rc[2].err);
    CHECK_EQ(4, rc[2].cbActual);
    CHECK_EQ(JET_wrnColumnNull, rc[3].err);
    CHECK_EQ(0, rc[3].cbActual);
    CHECK_EQ(JET_wrnBufferTruncated, rc[4].err);
    CHECK_EQ(5, rc[4].cbActual);
    /* without truncation the call succeeds even with a NULL */
    CHECK(JET_errSuccess, JetRetrieveColumns(s, r.t, &rc[3], 1));
    /* a hard error fails the call */
    rc[2].columnid = 9999;
    CHECK(JET_errColumnNotFound, JetRetrieveColumns(s, r.t, rc, 5));
    CHECK(JET_errSuccess, JetRetrieveColumns(s, r.t, NULL, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, r.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

/* A JET_PFNREALLOC over malloc, counting live blocks. */
static int live_blocks = 0;
static void *my_realloc(void *ctx, void *pv, uint32_t cb)
{
    (void)ctx;
    if (cb == 0) {
        if (pv) {
            live_blocks--;
        }
        free(pv);
        return NULL;
    }
    if (!pv) {
        live_blocks++;
    }
    return realloc(pv, cb);
}

static void free_enum(uint32_t n, JET_ENUMCOLUMN *cols)
{
    for (uint32_t i = 0; i < n; i++) {
        if (cols[i].err == JET_wrnColumnSingleValue) {
            my_realloc(NULL, cols[i].pvData, 0);
        } else {
            for (uint32_t j = 0; j < cols[i].cEnumColumnValue; j++) {
                my_realloc(NULL, cols[i].rgEnumColumnValue[j].pvData, 0);
            }
            my_realloc(NULL, cols[i].rgEnumColumnValue, 0);
        }
    }
    my_realloc(NULL, cols, 0);
}

static void test_enumerate(Env *e)
{
    JET_SESID s = e->ses;
    Tbl r;
    uint32_t n = 0;
    JET_ENUMCOLUMN *cols = NULL;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    r = make_table(e, "enumcols");
    insert_rows(s, &r);
    CHECK(JET_errSuccess, JetMove(s, r.t, JET_MoveFirst, 0));
    /* every column, defaults included, in column id order */
    CHECK(JET_errSuccess, JetEnumerateColumns(s, r.t, 0, NULL, &n, &cols, my_realloc, NULL, 100, 0));
    CHECK_EQ(7, n);
    if (n == 7) {
        CHECK_EQ(r.id, cols[0].columnid);
        CHECK_EQ(JET_errSuccess, cols[0].err);
        CHECK_EQ(1, cols[0].cEnumColumnValue);
        CHECK_EQ(1, *(int *)cols[0].rgEnumColumnValue[0].pvData);
        CHECK_EQ(r.dflt, cols[1].columnid);
        CHECK_EQ(42, *(int *)cols[1].rgEnumColumnValue[0].pvData);
        CHECK_EQ(r.name, cols[2].columnid);
        CHECK_EQ(5, cols[2].rgEnumColumnValue[0].cbData);
        CHECK_EQ(r.mv, cols[3].columnid);
        CHECK_EQ(3, cols[3].cEnumColumnValue);
        CHECK_EQ(3, cols[3].rgEnumColumnValue[2].itagSequence);
        CHECK_EQ(20, *(int *)cols[3].rgEnumColumnValue[2].pvData);
        CHECK_EQ(r.tdflt, cols[4].columnid);
        CHECK_EQ(7, *(int *)cols[4].rgEnumColumnValue[0].pvData);
        /* a separated long value up to cbDataMost */
        CHECK_EQ(r.blob, cols[5].columnid);
        CHECK_EQ(JET_wrnColumnTruncated, cols[5].rgEnumColumnValue[0].err);
        CHECK_EQ(100, cols[5].rgEnumColumnValue[0].cbData);
        CHECK_EQ(r.text, cols[6].columnid);
    }
    free_enum(n, cols);
    CHECK_EQ(0, live_blocks);
    /* compressed output, no defaults, presence only */
    CHECK(JET_errSuccess, JetEnumerateColumns(s, r.t, 0, NULL, &n, &cols, my_realloc, NULL, 20000, JET_bitEnumerateCompressOutput | JET_bitEnumerateIgnoreDefault));
    /* a new record holds the fixed defaults, so dflt is in it; tdflt is not */
    CHECK_EQ(6, n);
    if (n == 6) {
        CHECK_EQ(JET_wrnColumnSingleValue, cols[0].err);
        CHECK_EQ(4, cols[0].cbData);
        CHECK_EQ(1, *(int *)cols[0].pvData);
        CHECK_EQ(r.dflt, cols[1].columnid);
        CHECK_EQ(r.name, cols[2].columnid);
        CHECK_EQ(JET_errSuccess, cols[3].err);
        CHECK_EQ(3, cols[3].cEnumColumnValue);
        /* a separated long value is never compressed into the column */
        CHECK_EQ(r.blob, cols[4].columnid);
        CHECK_EQ(JET_errSuccess, cols[4].err);
        CHECK_EQ(10000, cols[4].rgEnumColumnValue[0].cbData);
        CHECK_TRUE(memcmp(big, cols[4].rgEnumColumnValue[0].pvData, sizeof big) == 0);
    }
    free_enum(n, cols);
    CHECK(JET_errSuccess, JetEnumerateColumns(s, r.t, 0, NULL, &n, &cols, my_realloc, NULL, 0, JET_bitEnumeratePresenceOnly | JET_bitEnumerateTaggedOnly));
    CHECK_EQ(4, n);
    if (n == 4) {
        CHECK_EQ(r.mv, cols[0].columnid);
        CHECK_EQ(JET_wrnColumnPresent, cols[0].err);
    }
    free_enum(n, cols);
    CHECK(JET_errSuccess, JetEnumerateColumns(s, r.t, 0, NULL, &n, &cols, my_realloc, NULL, 0, JET_bitEnumerateInRecordOnly | JET_bitEnumerateTaggedOnly | JET_bitEnumerateIgnoreDefault));
    CHECK_EQ(3, n);
    if (n == 3) {
        CHECK_EQ(JET_wrnColumnNotInRecord, cols[1].rgEnumColumnValue[0].err);
    }
    free_enum(n, cols);
    /* specific columns and tags */
    {
        uint32_t tags[3] = {3, 0, 9};
        JET_ENUMCOLUMNID ids[5] = {
            {r.mv, 3, tags}, {0, 0, NULL}, {r.tdflt, 0, NULL}, {r.name, 0, NULL}, {9999, 0, NULL},
        };
        CHECK(JET_errColumnNotFound, JetEnumerateColumns(s, r.t, 5, ids, &n, &cols, my_realloc, NULL, 0, JET_bitEnumerateIgnoreDefault | JET_bitEnumerateCompressOutput));
        CHECK_EQ(5, n);
        if (n == 5) {
            CHECK_EQ(3, cols[0].cEnumColumnValue);
            CHECK_EQ(20, *(int *)cols[0].rgEnumColumnValue[0].pvData);
            CHECK_EQ(JET_wrnColumnSkipped, cols[0].rgEnumColumnValue[1].err);
            CHECK_EQ(JET_wrnColumnNull, cols[0].rgEnumColumnValue[2].err);
            CHECK_EQ(JET_wrnColumnSkipped, cols[1].err);
            CHECK_EQ(JET_wrnColumnDefault, cols[2].err);
            CHECK_EQ(JET_wrnColumnSingleValue, cols[3].err);
            CHECK_EQ(JET_errColumnNotFound, cols[4].err);
        }
        free_enum(n, cols);
        CHECK(JET_errInvalidGrbit, JetEnumerateColumns(s, r.t, 1, ids, &n, &cols, my_realloc, NULL, 0, JET_bitEnumerateTaggedOnly));
        CHECK(JET_errInvalidParameter, JetEnumerateColumns(s, r.t, 1, ids, &n, &cols, NULL, NULL, 0, 0));
    }
    /* the copy buffer of an insert: nothing set yet, fixed default only */
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepInsert));
    CHECK(JET_errSuccess, JetEnumerateColumns(s, r.t, 0, NULL, &n, &cols, my_realloc, NULL, 0, JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault));
    CHECK_EQ(2, n);
    if (n == 2) {
        CHECK_EQ(r.id, cols[0].columnid);
        CHECK_EQ(JET_wrnColumnNull, cols[0].err);
        CHECK_EQ(r.dflt, cols[1].columnid);
    }
    free_enum(n, cols);
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepCancel));
    CHECK_EQ(0, live_blocks);
    CHECK(JET_errSuccess, JetCloseTable(s, r.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

int main(void)
{
    Env e = env_start("retrieve");
    test_retrieve_column(&e);
    test_from_index(&e);
    test_retrieve_columns(&e);
    test_enumerate(&e);
    env_stop(&e);
    return 0;
}
