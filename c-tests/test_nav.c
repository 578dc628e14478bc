/*
 * Navigation: JetMove, JetSeek, JetSetIndexRange, JetSetCurrentIndex and the
 * cursor's position after inserts, deletes and replaces, on the clustered
 * index and on secondary indexes. The expected values are those ManagedEsent's
 * DmlCurrencyTests, SeekTests and NavigationTests recorded from Windows' ESENT.
 */
#include "cursor_util.h"

#define NCR JET_errNoCurrentRecord
#define RNF JET_errRecordNotFound
#define RD JET_errRecordDeleted

static void test_empty_table(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "empty");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
        }
        CHECK(NCR, JetMove(s, d.t, JET_MoveFirst, 0));
        CHECK(NCR, JetMove(s, d.t, JET_MoveLast, 0));
        CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
        CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
        JET_GRBIT seeks[] = {JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLT, JET_bitSeekLE, JET_bitSeekEQ | JET_bitSetIndexRange};
        for (int i = 0; i < 6; i++) {
            CHECK(RNF, pass == 0 ? dml_seek(s, &d, 1, seeks[i]) : dml_seek2(s, &d, 10, 100, seeks[i]));
        }
        CHECK(NCR, pass == 0 ? dml_range(s, &d, 1, 0) : dml_range2(s, &d, 10, 100, 0));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_moves(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "moves");
    dml_insert(s, &d, 2);
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    /* by count; a count past the end leaves the cursor after the last record */
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, 2, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, -2, 0));
    CHECK_ON(s, &d, 1);
    CHECK(NCR, JetMove(s, d.t, 5, 0));
    CHECK_ON(s, &d, NCR);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 3);
    CHECK(NCR, JetMove(s, d.t, -7, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    /* JetMove(0) checks the current record is still there */
    CHECK(JET_errSuccess, JetMove(s, d.t, 0, 0));

    /* secondary index "+data1\0-key": (10,2) (10,1) (30,-3) */
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    d = dml_create(e, "moves2");
    dml_insert2(s, &d, 1, 10);
    dml_insert2(s, &d, 2, 10);
    dml_insert2(s, &d, -3, 30);
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITH_PRIMARY));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
    CHECK_ON(s, &d, -3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_deferred_move_first(Env *e)
{
    JET_SESID s = e->ses;
    JET_TABLEID t2;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "deferred");
    /* inserts leave a deferred move-first alone: the first record is current */
    dml_insert(s, &d, 3);
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 2);
    CHECK_ON(s, &d, 1);
    dml_insert(s, &d, 0);
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    /* after JetOpenTable the cursor is on the first record without moving;
       JetMove(Next) goes from there to the second */
    CHECK(JET_errSuccess, JetOpenTable(s, e->db, "deferred", NULL, 0, 0, &t2));
    Dml d2 = d;
    d2.t = t2;
    CHECK_ON(s, &d2, 0);
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetOpenTable(s, e->db, "deferred", NULL, 0, 0, &t2));
    d2.t = t2;
    CHECK(JET_errSuccess, JetMove(s, t2, JET_MoveNext, 0));
    CHECK_ON(s, &d2, 1);
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetOpenTable(s, e->db, "deferred", NULL, 0, 0, &t2));
    d2.t = t2;
    CHECK(NCR, JetMove(s, t2, JET_MovePrevious, 0));
    CHECK_ON(s, &d2, NCR);
    /* JetGetBookmark does not resolve a deferred move-first */
    {
        unsigned char bm[16];
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetSetCurrentIndex(s, t2, IDX_SEC_WITHOUT_PRIMARY));
        CHECK(NCR, JetGetBookmark(s, t2, bm, sizeof bm, &cb));
        CHECK(JET_errSuccess, JetMove(s, t2, 0, 0));
        CHECK(JET_errSuccess, JetGetBookmark(s, t2, bm, sizeof bm, &cb));
        CHECK_EQ(5, cb);
        CHECK(JET_errBufferTooSmall, JetGetBookmark(s, t2, bm, 2, &cb));
        CHECK_EQ(5, cb);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
}

static void test_seek_clustered(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "seekc");
    CHECK(RNF, dml_seek(s, &d, 1, JET_bitSeekEQ));
    dml_insert(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekEQ));
    CHECK_ON(s, &d, 1);
    dml_insert(s, &d, 3);
    CHECK(RNF, dml_seek(s, &d, 0, JET_bitSeekEQ));
    CHECK(RNF, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek(s, &d, 4, JET_bitSeekEQ));
    /* LT */
    CHECK(RNF, dml_seek(s, &d, 0, JET_bitSeekLT));
    CHECK(RNF, dml_seek(s, &d, 1, JET_bitSeekLT));
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekLT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekLT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 4, JET_bitSeekLT));
    CHECK_ON(s, &d, 3);
    /* LE */
    CHECK(RNF, dml_seek(s, &d, 0, JET_bitSeekLE));
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekLE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_wrnSeekNotEqual, dml_seek(s, &d, 2, JET_bitSeekLE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekLE));
    CHECK(JET_wrnSeekNotEqual, dml_seek(s, &d, 5, JET_bitSeekLE));
    CHECK_ON(s, &d, 3);
    /* GT */
    CHECK(JET_errSuccess, dml_seek(s, &d, 0, JET_bitSeekGT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekGT));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekGT));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek(s, &d, 3, JET_bitSeekGT));
    CHECK(RNF, dml_seek(s, &d, 4, JET_bitSeekGT));
    /* GE */
    CHECK(JET_wrnSeekNotEqual, dml_seek(s, &d, 0, JET_bitSeekGE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekGE));
    CHECK(JET_wrnSeekNotEqual, dml_seek(s, &d, 2, JET_bitSeekGE));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekGE));
    CHECK(RNF, dml_seek(s, &d, 4, JET_bitSeekGE));
    /* a failed GE leaves the cursor after the last record, a failed LE before the first */
    CHECK_ON(s, &d, NCR);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek(s, &d, 0, JET_bitSeekLE));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    /* a failed EQ leaves the cursor at the key: next and previous go around it */
    CHECK(RNF, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK_ON(s, &d, NCR);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    /* a seek consumes the key; a seek without a key or without a seek bit fails */
    CHECK(JET_errKeyNotMade, JetSeek(s, d.t, JET_bitSeekEQ));
    {
        int k = 1;
        CHECK(JET_errSuccess, JetMakeKey(s, d.t, &k, 4, JET_bitNewKey));
        CHECK(JET_errInvalidParameter, JetSeek(s, d.t, 0));
        CHECK(JET_errSuccess, JetSeek(s, d.t, JET_bitSeekEQ));
        CHECK(JET_errKeyNotMade, JetSeek(s, d.t, JET_bitSeekEQ));
    }
    /* SeekEQ | SetIndexRange: an inclusive upper range at the key */
    dml_insert(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ | JET_bitSetIndexRange));
    CHECK_ON(s, &d, 2);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, NCR);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_seek_secondary(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "seeks");
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    dml_insert3(s, &d, 5, 20, 200);
    dml_insert3(s, &d, 2, 20, 200);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekEQ));
    CHECK_ON(s, &d, 2);
    CHECK(RNF, dml_seek2(s, &d, 20, 200, JET_bitSeekLT));
    CHECK_ON(s, &d, NCR);
    CHECK(RNF, dml_seek2(s, &d, 20, 200, JET_bitSeekGT));
    CHECK_ON(s, &d, NCR);
    dml_insert3(s, &d, 3, 30, 200);
    dml_insert3(s, &d, 1, 10, 100);
    dml_insert3(s, &d, 4, 20, 201);
    /* EQ */
    CHECK(RNF, dml_seek2(s, &d, 20, 100, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekEQ));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 5);
    CHECK(RNF, dml_seek2(s, &d, 20, 300, JET_bitSeekEQ));
    CHECK_ON(s, &d, NCR);
    /* LT */
    CHECK(RNF, dml_seek2(s, &d, 9, 100, JET_bitSeekLT));
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 100, JET_bitSeekLT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekLT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 201, JET_bitSeekLT));
    CHECK_ON(s, &d, 5);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 300, JET_bitSeekLT));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 40, 100, JET_bitSeekLT));
    CHECK_ON(s, &d, 3);
    /* LE */
    CHECK(RNF, dml_seek2(s, &d, 9, 100, JET_bitSeekLE));
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 20, 100, JET_bitSeekLE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekLE));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 201, JET_bitSeekLE));
    CHECK_ON(s, &d, 4);
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 20, 300, JET_bitSeekLE));
    CHECK_ON(s, &d, 4);
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 40, 100, JET_bitSeekLE));
    CHECK_ON(s, &d, 3);
    /* GT */
    CHECK(JET_errSuccess, dml_seek2(s, &d, 9, 100, JET_bitSeekGT));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 100, JET_bitSeekGT));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekGT));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 201, JET_bitSeekGT));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 300, JET_bitSeekGT));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek2(s, &d, 40, 100, JET_bitSeekGT));
    CHECK_ON(s, &d, NCR);
    /* GE */
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 9, 100, JET_bitSeekGE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 20, 100, JET_bitSeekGE));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekGE));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 201, JET_bitSeekGE));
    CHECK_ON(s, &d, 4);
    CHECK(JET_wrnSeekNotEqual, dml_seek2(s, &d, 20, 300, JET_bitSeekGE));
    CHECK_ON(s, &d, 3);
    CHECK(RNF, dml_seek2(s, &d, 40, 100, JET_bitSeekGE));
    /* a partial key: entries with that prefix sort after it */
    {
        int k = 20;
        CHECK(JET_errSuccess, JetMakeKey(s, d.t, &k, 4, JET_bitNewKey));
        CHECK(JET_wrnSeekNotEqual, JetSeek(s, d.t, JET_bitSeekGE));
        CHECK_ON(s, &d, 2);
        CHECK(JET_errSuccess, JetMakeKey(s, d.t, &k, 4, JET_bitNewKey));
        CHECK(RNF, JetSeek(s, d.t, JET_bitSeekEQ));
        CHECK(JET_errSuccess, JetMakeKey(s, d.t, &k, 4, JET_bitNewKey));
        CHECK(JET_errSuccess, JetSeek(s, d.t, JET_bitSeekLT));
        CHECK_ON(s, &d, 1);
        /* with an end limit, every entry with the prefix is before the key */
        CHECK(JET_errSuccess, JetMakeKey(s, d.t, &k, 4, JET_bitNewKey | JET_bitFullColumnEndLimit));
        CHECK(JET_wrnSeekNotEqual, JetSeek(s, d.t, JET_bitSeekLE));
        CHECK_ON(s, &d, 4);
    }
    /* SeekEQ | SetIndexRange on the secondary index */
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekEQ | JET_bitSetIndexRange));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 5);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, NCR);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 5);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_move_key_ne(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "keyne");
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 2);
    dml_insert(s, &d, 3);
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 3);
    for (int i = 0; i < 2; i++) {
        CHECK(NCR, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
        CHECK_ON(s, &d, NCR);
    }
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 1);
    for (int i = 0; i < 2; i++) {
        CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
        CHECK_ON(s, &d, NCR);
    }
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    d = dml_create(e, "keyne2");
    dml_insert3(s, &d, 3, 30, 300);
    dml_insert3(s, &d, 6, 20, 200);
    dml_insert3(s, &d, 2, 10, 100);
    dml_insert3(s, &d, 4, 20, 200);
    dml_insert3(s, &d, 1, 20, 200);
    dml_insert3(s, &d, 5, 30, 300);
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 3);
    for (int i = 0; i < 2; i++) {
        CHECK(NCR, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
        CHECK_ON(s, &d, NCR);
    }
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 5);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 6);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 2);
    for (int i = 0; i < 2; i++) {
        CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
        CHECK_ON(s, &d, NCR);
    }
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 2);
    /* a count with MoveKeyNE skips distinct keys */
    CHECK(JET_errSuccess, JetMove(s, d.t, 2, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_ranges_clustered(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "rangec");
    CHECK(JET_errKeyNotMade, JetSetIndexRange(s, d.t, 0));
    CHECK(JET_errInvalidOperation, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
    CHECK(NCR, dml_range(s, &d, 1, 0));
    for (int k = 1; k <= 4; k++) {
        dml_insert(s, &d, k);
    }
    /* exclusive lower limit */
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 1, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, NCR);
    /* leaving the range removed it */
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    /* exclusive upper limit */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 4, JET_bitRangeUpperLimit));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 4);
    /* inclusive lower limit */
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 2, JET_bitRangeInclusive));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    /* inclusive upper limit */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 3, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 4);
    /* removing a range */
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
    CHECK(JET_errInvalidOperation, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    /* an instant-duration range only checks the current record */
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 1, JET_bitRangeInstantDuration));
    CHECK(JET_errSuccess, JetMove(s, d.t, -1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    /* a range that excludes the current record: NoCurrentRecord, no range */
    CHECK(JET_errSuccess, dml_seek(s, &d, 4, JET_bitSeekEQ));
    CHECK(NCR, dml_range(s, &d, 4, JET_bitRangeUpperLimit));
    CHECK(JET_errInvalidOperation, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
    CHECK_ON(s, &d, NCR);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 4);
    /* the key is consumed by JetSetIndexRange */
    CHECK(JET_errSuccess, dml_range(s, &d, 1, 0));
    CHECK(JET_errKeyNotMade, JetSetIndexRange(s, d.t, 0));
    /* MoveFirst and MoveLast remove the range */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range(s, &d, 2, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errInvalidOperation, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_ranges_secondary(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "ranges");
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    CHECK(NCR, dml_range2(s, &d, 10, 100, 0));
    dml_insert3(s, &d, 3, 10, 100);
    dml_insert3(s, &d, 4, 20, 200);
    dml_insert3(s, &d, 1, 20, 200);
    dml_insert3(s, &d, 2, 30, 300);
    dml_insert3(s, &d, 5, 40, 400);
    /* exclusive lower */
    CHECK(JET_errSuccess, dml_seek2(s, &d, 30, 300, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range2(s, &d, 10, 100, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, NCR);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    /* exclusive upper */
    CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekEQ));
    CHECK(JET_errSuccess, dml_range2(s, &d, 40, 400, JET_bitRangeUpperLimit));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 2);
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 5);
    /* JetIndexRecordCount counts from the current entry to the range's end */
    {
        uint32_t n = 0;
        CHECK(JET_errSuccess, dml_seek2(s, &d, 20, 200, JET_bitSeekEQ));
        CHECK(JET_errSuccess, dml_range2(s, &d, 30, 300, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        CHECK(JET_errSuccess, JetIndexRecordCount(s, d.t, &n, 0));
        CHECK_EQ(3, n);
        /* and removes the range */
        CHECK(JET_errInvalidOperation, JetSetIndexRange(s, d.t, JET_bitRangeRemove));
        CHECK_ON(s, &d, 1);
        CHECK(JET_errSuccess, JetIndexRecordCount(s, d.t, &n, 0));
        CHECK_EQ(4, n);
        CHECK(JET_errSuccess, JetIndexRecordCount(s, d.t, &n, 2));
        CHECK_EQ(2, n);
        CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
        CHECK(JET_errSuccess, JetIndexRecordCount(s, d.t, &n, 0));
        CHECK_EQ(5, n);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_position_after_dml(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "afterdml");
    dml_insert(s, &d, 3);
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK_ON(s, &d, RD);
    CHECK(RD, JetMove(s, d.t, 0, 0));
    dml_insert(s, &d, 1);
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, NCR);
    dml_insert(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK(NCR, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 2);
    dml_insert(s, &d, 1);
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 1);
    dml_insert(s, &d, 2);
    CHECK(JET_errSuccess, dml_seek(s, &d, 3, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetDelete(s, d.t));
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* a replace moves the record in a secondary index: the cursor stays at
       the entry's old place */
    d = dml_create(e, "afterupd");
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    dml_insert3(s, &d, 1, 20, 200);
    dml_insert3(s, &d, 3, 10, 100);
    dml_insert3(s, &d, 2, 10, 100);
    dml_insert3(s, &d, 4, 40, 400);
    CHECK(JET_errSuccess, dml_seek2(s, &d, 10, 100, JET_bitSeekEQ));
    CHECK_ON(s, &d, 2);
    {
        int a = -10, b = -100, d1 = 0;
        CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
        CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data1, &a, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data2, &b, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
        CHECK(JET_errSuccess, dml_read(s, &d, NULL, &d1, NULL, NULL));
        CHECK_EQ(-10, d1);
        /* the entry is gone from where the cursor stands */
        CHECK(RD, JetMove(s, d.t, 0, 0));
    }
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_bookmarks_and_positions(Env *e)
{
    JET_SESID s = e->ses;
    unsigned char bm[16], bm2[16], key[32];
    uint32_t cb = 0, cb2 = 0, cbk = 0;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "bookmarks");
    dml_insert2(s, &d, 2, 10);
    {
        int k = 1, a = 10, b = 100;
        CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.key, &k, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data1, &a, 4, 0, NULL));
        CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data2, &b, 4, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, d.t, bm, sizeof bm, &cb));
        CHECK_EQ(5, cb);
        /* normalized Long: 0x7f, then big-endian with the sign bit flipped */
        CHECK_EQ(0x7f, bm[0]);
        CHECK_EQ(0x80, bm[1]);
        CHECK_EQ(0x01, bm[4]);
    }
    dml_insert2(s, &d, -3, 30);
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITH_PRIMARY));
    CHECK(JET_errSuccess, JetGotoBookmark(s, d.t, bm, cb));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetGetBookmark(s, d.t, bm2, sizeof bm2, &cb2));
    CHECK_EQ(5, cb2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
    CHECK_ON(s, &d, -3);
    CHECK(JET_errSuccess, JetGotoBookmark(s, d.t, bm2, cb2));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errInvalidBookmark, JetGotoBookmark(s, d.t, bm2, 0));
    {
        unsigned char missing[5] = {0x7f, 0x80, 0, 0, 9};
        CHECK(RD, JetGotoBookmark(s, d.t, missing, 5));
    }
    /* secondary index bookmarks */
    CHECK(JET_errSuccess, JetGotoBookmark(s, d.t, bm, cb));
    CHECK(JET_errSuccess, JetGetSecondaryIndexBookmark(s, d.t, key, sizeof key, &cbk, bm2, sizeof bm2, &cb2, 0));
    CHECK_EQ(10, cbk);
    CHECK_EQ(5, cb2);
    CHECK_TRUE(memcmp(bm, bm2, 5) == 0);
    CHECK(JET_errBufferTooSmall, JetGetSecondaryIndexBookmark(s, d.t, key, 3, &cbk, bm2, sizeof bm2, &cb2, 0));
    CHECK_EQ(10, cbk);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, bm2, cb2, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, NULL, 0, 0));
    CHECK(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(s, d.t, NULL, 0, bm2, cb2, 0));
    {
        unsigned char other[5] = {0x7f, 0x80, 0, 0, 7};
        CHECK(RD, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, other, 5, 0));
        CHECK(RD, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, other, 5, JET_bitBookmarkPermitVirtualCurrency));
        CHECK_ON(s, &d, NCR);
        /* record 1's key with bookmark 7 sorts after record 1's entry */
        CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
        CHECK_ON(s, &d, -3);
        CHECK(RD, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, other, 5, JET_bitBookmarkPermitVirtualCurrency));
        CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, 0));
        CHECK_ON(s, &d, 1);
    }
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, NULL));
    CHECK(JET_errNoCurrentIndex, JetGetSecondaryIndexBookmark(s, d.t, key, sizeof key, &cbk, bm2, sizeof bm2, &cb2, 0));
    CHECK(JET_errNoCurrentIndex, JetGotoSecondaryIndexBookmark(s, d.t, key, cbk, bm2, cb2, 0));

    /* positions: clustered index -3, 1, 2 */
    {
        JET_RECPOS rp;
        memset(&rp, 0, sizeof rp);
        CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
        CHECK(JET_errSuccess, JetGetRecordPosition(s, d.t, &rp, sizeof rp));
        CHECK_EQ(sizeof(JET_RECPOS), rp.cbStruct);
        CHECK_EQ(2, rp.centriesLT);
        CHECK_EQ(3, rp.centriesTotal);
        CHECK_EQ(1, rp.centriesInRange);
        CHECK(JET_errInvalidParameter, JetGetRecordPosition(s, d.t, &rp, sizeof rp - 1));
        rp.cbStruct = sizeof rp;
        rp.centriesLT = 0;
        rp.centriesTotal = 10;
        CHECK(JET_errSuccess, JetGotoPosition(s, d.t, &rp));
        CHECK_ON(s, &d, -3);
        rp.centriesLT = 4;
        rp.centriesTotal = 4;
        CHECK(JET_errSuccess, JetGotoPosition(s, d.t, &rp));
        CHECK_ON(s, &d, 2);
        rp.centriesLT = 1;
        rp.centriesTotal = 2;
        CHECK(JET_errSuccess, JetGotoPosition(s, d.t, &rp));
        CHECK_ON(s, &d, 1);
        rp.centriesLT = 5;
        CHECK(JET_errInvalidParameter, JetGotoPosition(s, d.t, &rp));
        rp.cbStruct = 3;
        CHECK(JET_errInvalidParameter, JetGotoPosition(s, d.t, &rp));
        JET_RECPOS2 rp2;
        memset(&rp2, 0, sizeof rp2);
        CHECK(JET_errSuccess, JetGetRecordPosition(s, d.t, (JET_RECPOS *)&rp2, sizeof rp2));
        CHECK_EQ(sizeof(JET_RECPOS2), rp2.cbStruct);
        CHECK_EQ(1, rp2.centriesLT);
        CHECK_EQ(3, rp2.centriesTotal);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_set_current_index(Env *e)
{
    JET_SESID s = e->ses;
    JET_TABLEID dup;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "curindex");
    dml_insert3(s, &d, 1, 30, 1);
    dml_insert3(s, &d, 2, 20, 2);
    dml_insert3(s, &d, 3, 10, 3);
    CHECK(JET_errIndexNotFound, JetSetCurrentIndex(s, d.t, "nosuchindex"));
    CHECK(JET_errInvalidGrbit, JetSetCurrentIndex2(s, d.t, IDX_SEC_WITHOUT_PRIMARY, 0x10));
    /* NoMove keeps the current record */
    CHECK(JET_errSuccess, dml_seek(s, &d, 2, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetSetCurrentIndex2(s, d.t, IDX_SEC_WITHOUT_PRIMARY, JET_bitNoMove));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 1);
    /* MoveFirst: the first record of the new index */
    CHECK(JET_errSuccess, JetSetCurrentIndex2(s, d.t, "clustered", JET_bitMoveFirst));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetSetCurrentIndex2(s, d.t, IDX_SEC_WITHOUT_PRIMARY, JET_bitMoveFirst));
    CHECK_ON(s, &d, 3);
    /* selecting the current index again keeps position, range and key */
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveLast, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    CHECK_ON(s, &d, 1);
    /* NoMove from a position that is not a record */
    CHECK(NCR, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK(NCR, JetSetCurrentIndex2(s, d.t, NULL, JET_bitNoMove));
    /* JetDupCursor: same table, primary index, first record */
    CHECK(JET_errSuccess, JetDupCursor(s, d.t, &dup, 0));
    {
        Dml d2 = d;
        d2.t = dup;
        CHECK_ON(s, &d2, 1);
        CHECK(JET_errSuccess, JetMove(s, dup, JET_MoveLast, 0));
        CHECK_ON(s, &d2, 3);
    }
    CHECK(JET_errSuccess, JetCloseTable(s, dup));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

static void test_hints(Env *e)
{
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "hints");
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 2);
    CHECK(JET_errSuccess, JetSetTableSequential(s, d.t, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, 0));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetResetTableSequential(s, d.t, 0));
    {
        unsigned char k1[5] = {0x7f, 0x80, 0, 0, 1}, k2[5] = {0x7f, 0x80, 0, 0, 2};
        const void *keys[2] = {k1, k2};
        uint32_t cbs[2] = {5, 5};
        int32_t n = -1;
        CHECK(JET_errSuccess, JetPrereadKeys(s, d.t, keys, cbs, 2, &n, JET_bitPrereadForward));
        CHECK_EQ(2, n);
        CHECK(JET_errInvalidParameter, JetPrereadKeys(s, d.t, keys, cbs, 2, &n, JET_bitPrereadBackward));
        CHECK(JET_errInvalidGrbit, JetPrereadKeys(s, d.t, keys, cbs, 2, &n, 0));
        CHECK(JET_errInvalidParameter, JetPrereadKeys(s, d.t, keys, cbs, 0, &n, JET_bitPrereadForward));
        cbs[1] = 0;
        CHECK(JET_errInvalidBufferSize, JetPrereadKeys(s, d.t, keys, cbs, 2, &n, JET_bitPrereadForward));
    }
    {
        int lo = 1, hi = 2;
        JET_INDEX_COLUMN start = {d.key, JET_relopEquals, &lo, 4, 0};
        JET_INDEX_COLUMN end = {d.key, JET_relopEquals, &hi, 4, 0};
        JET_INDEX_RANGE r = {&start, 1, &end, 1};
        uint32_t n = 0;
        CHECK(JET_errSuccess, JetPrereadIndexRanges(s, d.t, &r, 1, &n, NULL, 0, JET_bitPrereadForward));
        CHECK_EQ(1, n);
        CHECK(JET_errInvalidParameter, JetPrereadIndexRanges(s, d.t, &r, 1, &n, NULL, 0, JET_bitPrereadBackward));
        CHECK(JET_errInvalidGrbit, JetPrereadIndexRanges(s, d.t, &r, 1, &n, NULL, 0, 0));
        start.relop = JET_relopGreaterThan;
        CHECK(JET_errInvalidParameter, JetPrereadIndexRanges(s, d.t, &r, 1, &n, NULL, 0, JET_bitPrereadForward));
        start.relop = JET_relopEquals;
        JET_COLUMNID notlong = d.data1;
        CHECK(JET_errMustBeSeparateLongValue, JetPrereadIndexRanges(s, d.t, &r, 1, &n, &notlong, 1, JET_bitPrereadForward));
    }
    /* filters work on the clustered index only */
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITHOUT_PRIMARY));
    CHECK(JET_errFilteredMoveNotSupported, JetSetCursorFilter(s, d.t, NULL, 0, 0));
    CHECK(JET_errInvalidGrbit, JetSetCursorFilter(s, d.t, NULL, 0, 1));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

/* JetIntersectIndexes: the checks ESE makes of its ranges, and the
   temporary table of bookmarks it returns. */
static void test_intersect_checks(Env *e)
{
    JET_SESID s = e->ses;
    JET_TABLEID t1, t2;
    JET_INDEXRANGE r[2];
    JET_RECORDLIST rl;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(e, "intersect");
    for (int k = 1; k <= 6; k++) {
        dml_insert3(s, &d, k, k % 2, k % 3);
    }
    CHECK(JET_errSuccess, JetDupCursor(s, d.t, &t1, 0));
    CHECK(JET_errSuccess, JetDupCursor(s, d.t, &t2, 0));
    memset(r, 0, sizeof r);
    memset(&rl, 0, sizeof rl);
    rl.cbStruct = sizeof rl;
    r[0].cbStruct = sizeof r[0];
    r[0].tableid = t1;
    r[0].grbit = JET_bitRecordInIndex;
    r[1] = r[0];
    r[1].tableid = t2;
    /* on the clustered index */
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t1, IDX_SEC_WITH_PRIMARY));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t2, IDX_SEC_WITH_PRIMARY));
    /* the same index twice */
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, t2, IDX_SEC_WITHOUT_PRIMARY));
    /* the same cursor twice, bad sizes, bad grbits, no ranges */
    r[1].tableid = t1;
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].tableid = t2;
    r[1].cbStruct = 8;
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].cbStruct = sizeof r[1];
    rl.cbStruct = 4;
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    rl.cbStruct = sizeof rl;
    CHECK(JET_errInvalidParameter, JetIntersectIndexes(s, r, 0, &rl, 0));
    r[1].grbit = 0;
    CHECK(JET_errInvalidGrbit, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].grbit = JET_bitRecordInIndex;

    /* records with data1 == 1 (through the first index) and data2 == 0 (the second): only key 3 */
    {
        int one = 1, zero = 0, key = 0;
        unsigned char bm[64];
        uint32_t cb = 0;
        CHECK(JET_errSuccess, JetMakeKey(s, t1, &one, 4, JET_bitNewKey));
        CHECK(JET_wrnSeekNotEqual, JetSeek(s, t1, JET_bitSeekGE));
        CHECK(JET_errSuccess, JetMakeKey(s, t1, &one, 4, JET_bitNewKey | JET_bitFullColumnEndLimit));
        CHECK(JET_errSuccess, JetSetIndexRange(s, t1, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        CHECK(JET_errSuccess, JetMakeKey(s, t2, &one, 4, JET_bitNewKey));
        CHECK(JET_errSuccess, JetMakeKey(s, t2, &zero, 4, 0));
        CHECK(JET_errSuccess, JetSeek(s, t2, JET_bitSeekEQ | JET_bitSetIndexRange));
        CHECK(JET_errSuccess, JetIntersectIndexes(s, r, 2, &rl, 0));
        CHECK_EQ(1, rl.cRecord);
        CHECK(JET_errSuccess, JetMove(s, rl.tableid, JET_MoveFirst, 0));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, rl.tableid, rl.columnidBookmark, bm, sizeof bm, &cb, 0, NULL));
        CHECK(JET_errSuccess, JetGotoBookmark(s, d.t, bm, cb));
        CHECK(JET_errSuccess, JetRetrieveColumn(s, d.t, d.key, &key, 4, &cb, 0, NULL));
        CHECK_EQ(3, key);
        CHECK(JET_errNoCurrentRecord, JetMove(s, rl.tableid, JET_MoveNext, 0));
        CHECK(JET_errSuccess, JetCloseTable(s, rl.tableid));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, t1));
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetRollback(s, 0));
}

int main(void)
{
    Env e = env_start("nav");
    test_empty_table(&e);
    test_moves(&e);
    test_deferred_move_first(&e);
    test_seek_clustered(&e);
    test_seek_secondary(&e);
    test_move_key_ne(&e);
    test_ranges_clustered(&e);
    test_ranges_secondary(&e);
    test_position_after_dml(&e);
    test_bookmarks_and_positions(&e);
    test_set_current_index(&e);
    test_hints(&e);
    test_intersect_checks(&e);
    env_stop(&e);
    return 0;
}
