/*
 * What a sort allows (ESE's temporary-table phases): while it is being filled
 * only inserts; once read, a sort opened without JET_bitTTScrollable or
 * JET_bitTTIndexed moves forward only; JetSetCurrentIndex is refused.
 * The refusal is JET_errIllegalOperation.
 */
#include "harness.h"

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID id[1];
    JET_COLUMNDEF col;
    int v = 0;
    uint32_t cb = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&inst, "ttlegal"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypLong;
    col.grbit = JET_bitColumnTTKey;

    /* a plain sort: forward only once read */
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, 0, &t, id));
    for (int k = 3; k >= 1; k--) {
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, id[0], &k, sizeof k, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    /* still being filled: no reads */
    CHECK(JET_errIllegalOperation, JetRetrieveColumn(s, t, id[0], &v, sizeof v, &cb, 0, NULL));
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, id[0], &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(1, v);
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveNext, 0));
    CHECK(JET_errIllegalOperation, JetMove(s, t, JET_MovePrevious, 0));
    CHECK(JET_errIllegalOperation, JetSetIndexRange(s, t, JET_bitRangeUpperLimit));
    CHECK(JET_errIllegalOperation, JetSetCurrentIndex(s, t, NULL));
    /* once read, no more inserts */
    CHECK(JET_errIllegalOperation, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    /* a scrollable sort moves both ways */
    CHECK(JET_errSuccess, JetOpenTempTable(s, &col, 1, JET_bitTTScrollable, &t, id));
    for (int k = 1; k <= 3; k++) {
        CHECK(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, t, id[0], &k, sizeof k, 0, NULL));
        CHECK(JET_errSuccess, JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetMove(s, t, JET_MoveLast, 0));
    CHECK(JET_errSuccess, JetMove(s, t, JET_MovePrevious, 0));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, t, id[0], &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(2, v);
    CHECK(JET_errSuccess, JetCloseTable(s, t));

    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
