/*
 * JetSetCursorFilter: moves and seeks on the clustered index skip the records
 * a filter rejects; the checks of ErrRECIValidateOneMoveFilter; the calls ESE
 * refuses with JET_errFilteredMoveNotSupported. Expected values from
 * ManagedEsent's FilteredDmlCurrencyTests (recorded from Windows 8's ESENT).
 */
#include "cursor_util.h"

static int vals[8];

static JET_INDEX_COLUMN flt(JET_COLUMNID col, int value, int slot, int relop)
{
    JET_INDEX_COLUMN c;
    vals[slot] = value;
    memset(&c, 0, sizeof c);
    c.columnid = col;
    c.relop = relop;
    c.pv = &vals[slot];
    c.cb = 4;
    return c;
}

static JET_ERR filter_move(JET_SESID s, Dml *d, JET_INDEX_COLUMN *f, uint32_t n, int crow)
{
    JET_ERR err = JetSetCursorFilter(s, d->t, f, n, 0);
    if (err < 0) {
        return err;
    }
    return JetMove(s, d->t, crow, 0);
}

int main(void)
{
    Env e = env_start("navfilter");
    JET_SESID s = e.ses;
    JET_INDEX_COLUMN f[2];
    Dml d;
    CHECK(JET_errSuccess, JetBeginTransaction(s));

    d = dml_create(&e, "first");
    dml_insert(s, &d, 2);
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 3);
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveFirst));
    CHECK_ON(s, &d, 2);
    f[0] = flt(d.key, 2, 0, JET_relopLessThan);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveLast));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, filter_move(s, &d, NULL, 0, JET_MoveFirst));
    f[0] = flt(d.key, 2, 0, JET_relopGreaterThan);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveNext));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, filter_move(s, &d, NULL, 0, JET_MoveLast));
    f[0] = flt(d.key, 1, 0, JET_relopLessThanOrEqual);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MovePrevious));
    CHECK_ON(s, &d, 1);
    /* calls ESE does not filter */
    CHECK(JET_errFilteredMoveNotSupported, JetMove(s, d.t, 0, 0));
    {
        uint32_t n;
        JET_RECPOS rp = {sizeof(JET_RECPOS), 0, 0, 1};
        CHECK(JET_errFilteredMoveNotSupported, JetIndexRecordCount(s, d.t, &n, 0));
        CHECK(JET_errFilteredMoveNotSupported, JetGetRecordPosition(s, d.t, &rp, sizeof rp));
        CHECK(JET_errFilteredMoveNotSupported, JetGotoPosition(s, d.t, &rp));
        CHECK(JET_errFilteredMoveNotSupported, JetSetCurrentIndex(s, d.t, IDX_SEC_WITH_PRIMARY));
    }
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* clearing a filter; a bitmask */
    d = dml_create(&e, "clear");
    dml_insert(s, &d, 1);
    dml_insert(s, &d, 2);
    dml_insert(s, &d, 3);
    dml_insert(s, &d, 5);
    dml_insert(s, &d, 6);
    f[0] = flt(d.key, 1, 0, JET_relopBitmaskEqualsZero);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveFirst));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, filter_move(s, &d, NULL, 0, JET_MoveNext));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveNext));
    CHECK_ON(s, &d, 6);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* byte order: values compare as numbers, not as bytes */
    d = dml_create(&e, "byteorder");
    dml_insert2(s, &d, 1, 10);
    dml_insert2(s, &d, 2, 260);
    dml_insert2(s, &d, 3, 20);
    f[0] = flt(d.data1, 15, 0, JET_relopLessThan);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveFirst));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errNoCurrentRecord, filter_move(s, &d, f, 1, JET_MoveNext));
    /* negative numbers sort first */
    f[0] = flt(d.data1, -5, 0, JET_relopGreaterThan);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 1, JET_MoveFirst));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* several filters, all must hold */
    d = dml_create(&e, "several");
    dml_insert2(s, &d, 1, 20);
    dml_insert2(s, &d, 2, 30);
    dml_insert2(s, &d, 3, 30);
    f[0] = flt(d.key, 2, 0, JET_relopNotEquals);
    f[1] = flt(d.data1, 30, 1, JET_relopGreaterThanOrEqual);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 2, JET_MoveFirst));
    CHECK_ON(s, &d, 3);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    d = dml_create(&e, "bitmask");
    dml_insert2(s, &d, 1, 15);
    dml_insert2(s, &d, 3, 11);
    dml_insert2(s, &d, 5, 10);
    dml_insert2(s, &d, 9, 8);
    f[0] = flt(d.key, 8, 0, JET_relopBitmaskEqualsZero);
    f[1] = flt(d.data1, 1, 1, JET_relopBitmaskNotEqualsZero);
    CHECK(JET_errSuccess, filter_move(s, &d, f, 2, JET_MoveLast));
    CHECK_ON(s, &d, 3);
    /* a filter does not move to another index (not even the same one) */
    CHECK(JET_errFilteredMoveNotSupported, JetSetCurrentIndex(s, d.t, NULL));
    /* on a secondary index filters are not supported */
    CHECK(JET_errSuccess, filter_move(s, &d, NULL, 0, JET_MoveFirst));
    CHECK(JET_errSuccess, JetSetCurrentIndex(s, d.t, IDX_SEC_WITH_PRIMARY));
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    CHECK(JET_errFilteredMoveNotSupported, filter_move(s, &d, f, 1, JET_MoveFirst));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* seeks skip rejected records */
    d = dml_create(&e, "seekfilter");
    dml_insert2(s, &d, 1, 300);
    dml_insert2(s, &d, 2, 100);
    dml_insert2(s, &d, 3, 200);
    f[0] = flt(d.data1, 250, 0, JET_relopLessThanOrEqual);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK_TRUE(dml_seek(s, &d, 1, JET_bitSeekGE) >= 0);
    CHECK_ON(s, &d, 2);
    CHECK(JET_errRecordNotFound, dml_seek(s, &d, 1, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    /* MoveKeyNE with and without filters */
    d = dml_create(&e, "keyne");
    for (int k = 1; k <= 4; k++) {
        dml_insert(s, &d, k);
    }
    CHECK_ON(s, &d, 1);
    f[0] = flt(d.key, 2, 0, JET_relopNotEquals);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 3);
    f[0] = flt(d.key, 4, 0, JET_relopEquals);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 4);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, NULL, 0, 0));
    CHECK(JET_errNoCurrentRecord, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 2);
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, NULL, 0, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errNoCurrentRecord, JetMove(s, d.t, JET_MovePrevious, JET_bitMoveKeyNE));
    CHECK(JET_errSuccess, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_ON(s, &d, 2);

    /* the checks of a filter */
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    f[0].grbit = 2;
    CHECK(JET_errInvalidParameter, JetSetCursorFilter(s, d.t, f, 1, 0));
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    f[0].cb = 2;
    CHECK(JET_errInvalidParameter, JetSetCursorFilter(s, d.t, f, 1, 0));
    f[0] = flt(d.key, 2, 0, JET_relopPrefixEquals);
    CHECK(JET_errInvalidParameter, JetSetCursorFilter(s, d.t, f, 1, 0));
    f[0] = flt(9999, 2, 0, JET_relopEquals);
    CHECK(JET_errColumnNotFound, JetSetCursorFilter(s, d.t, f, 1, 0));
    f[0] = flt(d.key, 2, 0, JET_relopEquals);
    f[0].pv = NULL;
    CHECK(JET_errInvalidParameter, JetSetCursorFilter(s, d.t, f, 1, 0));
    CHECK(JET_errInvalidGrbit, JetSetCursorFilter(s, d.t, NULL, 0, 1));
    /* a failed filter leaves none */
    CHECK(JET_errSuccess, JetMove(s, d.t, JET_MoveFirst, 0));
    CHECK_ON(s, &d, 1);
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));

    CHECK(JET_errSuccess, JetRollback(s, 0));
    env_stop(&e);
    return 0;
}
