/*
 * Index maintenance of replaces: a replace recomputes the entries of an
 * index only when it set one of the index's columns (key or conditional);
 * these check that every kind of change still reaches every index, and that
 * a replace of other columns leaves the entries as they were.
 *
 * Table: k (Long, primary), b (Text, index ix_b), c (Long, not indexed),
 * m (tagged multi-valued Long, index ix_m), f (tagged Bit, the condition of
 * ix_bf: entries of +b only while f is NULL), v (LongBinary, index ix_v on
 * its first bytes).
 */
#include "cursor_util.h"

typedef struct {
    JET_SESID s;
    JET_TABLEID t;
    JET_COLUMNID k, b, c, m, f, v;
} Tbl;

static long count_index(Tbl *x, const char *index)
{
    long n = 0;
    JET_ERR err;
    CHECK(JET_errSuccess, JetSetCurrentIndex(x->s, x->t, index));
    err = JetMove(x->s, x->t, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
        n++;
        err = JetMove(x->s, x->t, JET_MoveNext, 0);
    }
    CHECK(JET_errNoCurrentRecord, err);
    return n;
}

/* Whether `index` has an entry for the key made of (data, cb); on the
 * record with primary key `k` when it does. */
static int found(Tbl *x, const char *index, const void *data, unsigned long cb, int k)
{
    JET_ERR err;
    int got = -1;
    uint32_t cbActual = 0;
    CHECK(JET_errSuccess, JetSetCurrentIndex(x->s, x->t, index));
    CHECK(JET_errSuccess, JetMakeKey(x->s, x->t, data, cb, JET_bitNewKey));
    err = JetSeek(x->s, x->t, JET_bitSeekEQ);
    if (err == JET_errRecordNotFound) return 0;
    CHECK(JET_errSuccess, err);
    CHECK(JET_errSuccess, JetRetrieveColumn(x->s, x->t, x->k, &got, sizeof got, &cbActual, 0, NULL));
    CHECK_EQ(k, got);
    return 1;
}

static void seek_primary(Tbl *x, int k)
{
    CHECK(JET_errSuccess, JetSetCurrentIndex(x->s, x->t, "pk"));
    CHECK(JET_errSuccess, JetMakeKey(x->s, x->t, &k, sizeof k, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(x->s, x->t, JET_bitSeekEQ));
}

static void insert(Tbl *x, int k, const char *b, int c, int m1)
{
    CHECK(JET_errSuccess, JetPrepareUpdate(x->s, x->t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(x->s, x->t, x->k, &k, sizeof k, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(x->s, x->t, x->b, b, (unsigned long)strlen(b), 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(x->s, x->t, x->c, &c, sizeof c, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(x->s, x->t, x->m, &m1, sizeof m1, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(x->s, x->t, NULL, 0, NULL));
}

int main(void)
{
    Env e = env_start("updix");
    Tbl x;
    JET_TABLEID t;
    JET_INDEXCREATE ix;
    JET_CONDITIONALCOLUMN cond;
    char lv[3000];
    int i, c, m;

    memset(&x, 0, sizeof x);
    x.s = e.ses;
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    CHECK(JET_errSuccess, JetCreateTable(e.ses, e.db, "t", 0, 100, &t));
    x.k = add_column(e.ses, t, "k", JET_coltypLong, JET_bitColumnFixed, NULL, 0);
    x.b = add_column(e.ses, t, "b", JET_coltypText, 0, NULL, 0);
    x.c = add_column(e.ses, t, "c", JET_coltypLong, JET_bitColumnFixed, NULL, 0);
    x.m = add_column(e.ses, t, "m", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, NULL, 0);
    x.f = add_column(e.ses, t, "f", JET_coltypBit, JET_bitColumnTagged, NULL, 0);
    x.v = add_column(e.ses, t, "v", JET_coltypLongBinary, 0, NULL, 0);
    add_index(e.ses, t, "pk", JET_bitIndexPrimary | JET_bitIndexUnique, "+k\0", 4);
    add_index(e.ses, t, "ix_b", 0, "+b\0", 4);
    add_index(e.ses, t, "ix_m", 0, "+m\0", 4);
    add_index(e.ses, t, "ix_v", JET_bitIndexIgnoreNull, "+v\0", 4);
    memset(&ix, 0, sizeof ix);
    memset(&cond, 0, sizeof cond);
    cond.cbStruct = sizeof cond;
    cond.szColumnName = "f";
    cond.grbit = JET_bitIndexColumnMustBeNull;
    ix.cbStruct = sizeof ix;
    ix.szIndexName = "ix_bf";
    ix.szKey = "+b\0";
    ix.cbKey = 4;
    ix.ulDensity = 100;
    ix.rgconditionalcolumn = &cond;
    ix.cConditionalColumn = 1;
    CHECK(JET_errSuccess, JetCreateIndex2(e.ses, t, &ix, 1));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    x.t = t;

    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    insert(&x, 1, "apple", 10, 100);
    insert(&x, 2, "berry", 20, 200);
    insert(&x, 3, "cherry", 30, 300);
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_EQ(3, count_index(&x, "ix_b"));
    CHECK_EQ(3, count_index(&x, "ix_bf"));
    CHECK_EQ(3, count_index(&x, "ix_m"));
    CHECK_EQ(0, count_index(&x, "ix_v"));

    /* a replace of an unindexed column: every index as it was */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 2);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    c = 21;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.c, &c, sizeof c, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(found(&x, "ix_b", "berry", 5, 2));
    CHECK_TRUE(found(&x, "ix_bf", "berry", 5, 2));
    m = 200;
    CHECK_TRUE(found(&x, "ix_m", &m, sizeof m, 2));
    CHECK_EQ(3, count_index(&x, "ix_b"));
    CHECK_EQ(3, count_index(&x, "ix_m"));

    /* an indexed column set among others: its indexes move, the rest stay */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 2);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    c = 22;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.c, &c, sizeof c, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.b, "banana", 6, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    /* seen inside the transaction, and after it */
    CHECK_TRUE(!found(&x, "ix_b", "berry", 5, 2));
    CHECK_TRUE(found(&x, "ix_b", "banana", 6, 2));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(!found(&x, "ix_b", "berry", 5, 2));
    CHECK_TRUE(found(&x, "ix_b", "banana", 6, 2));
    CHECK_TRUE(!found(&x, "ix_bf", "berry", 5, 2));
    CHECK_TRUE(found(&x, "ix_bf", "banana", 6, 2));
    CHECK_TRUE(found(&x, "ix_m", &m, sizeof m, 2));
    CHECK_EQ(3, count_index(&x, "ix_b"));

    /* the condition column alone: the conditional index loses the entry, +b keeps it */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 3);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    {
        unsigned char one = 1;
        CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.f, &one, 1, 0, NULL));
    }
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(!found(&x, "ix_bf", "cherry", 6, 3));
    CHECK_TRUE(found(&x, "ix_b", "cherry", 6, 3));
    CHECK_EQ(2, count_index(&x, "ix_bf"));
    /* and back */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 3);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.f, NULL, 0, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(found(&x, "ix_bf", "cherry", 6, 3));
    CHECK_EQ(3, count_index(&x, "ix_bf"));

    /* the multi-valued column: its first value replaced, then a second one */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 1);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    m = 101;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.m, &m, sizeof m, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(found(&x, "ix_m", &m, sizeof m, 1));
    m = 100;
    CHECK_TRUE(!found(&x, "ix_m", &m, sizeof m, 1));
    CHECK_EQ(3, count_index(&x, "ix_m"));
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 1);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    {
        JET_SETINFO si;
        memset(&si, 0, sizeof si);
        si.cbStruct = sizeof si;
        si.itagSequence = 0; /* a new value */
        m = 102;
        CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.m, &m, sizeof m, 0, &si));
    }
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(found(&x, "ix_m", &m, sizeof m, 1));
    m = 101;
    CHECK_TRUE(found(&x, "ix_m", &m, sizeof m, 1));
    CHECK_EQ(4, count_index(&x, "ix_m"));

    /* a long value: large enough to be stored apart, then appended to */
    for (i = 0; i < (int)sizeof lv; i++) lv[i] = (char)('a' + i % 26);
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 1);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.v, lv, sizeof lv, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_EQ(1, count_index(&x, "ix_v"));
    CHECK_TRUE(found(&x, "ix_v", lv, sizeof lv, 1));
    /* replacing another column keeps the long value's entry */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 1);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    c = 11;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.c, &c, sizeof c, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_EQ(1, count_index(&x, "ix_v"));
    CHECK_TRUE(found(&x, "ix_v", lv, sizeof lv, 1));
    /* overwriting its first bytes moves the entry */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 1);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.v, "ZZ", 2, JET_bitSetOverwriteLV, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetCommitTransaction(e.ses, 0));
    CHECK_TRUE(!found(&x, "ix_v", lv, sizeof lv, 1));
    lv[0] = 'Z';
    lv[1] = 'Z';
    CHECK_TRUE(found(&x, "ix_v", lv, sizeof lv, 1));
    CHECK_EQ(1, count_index(&x, "ix_v"));

    /* the primary key column: set to the same value is fine, to another is refused */
    CHECK(JET_errSuccess, JetBeginTransaction(e.ses));
    seek_primary(&x, 2);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    i = 2;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.k, &i, sizeof i, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    seek_primary(&x, 2);
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    i = 7;
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.k, &i, sizeof i, 0, NULL));
    CHECK(JET_errRecordPrimaryChanged, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepCancel));
    /* a replace rolled back leaves the index as before it */
    CHECK(JET_errSuccess, JetPrepareUpdate(e.ses, t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(e.ses, t, x.b, "blueberry", 9, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(e.ses, t, NULL, 0, NULL));
    CHECK_TRUE(found(&x, "ix_b", "blueberry", 9, 2));
    CHECK(JET_errSuccess, JetRollback(e.ses, 0));
    CHECK_TRUE(found(&x, "ix_b", "banana", 6, 2));
    CHECK_TRUE(!found(&x, "ix_b", "blueberry", 9, 2));
    CHECK_EQ(3, count_index(&x, "ix_b"));

    CHECK(JET_errSuccess, JetCloseTable(e.ses, t));
    env_stop(&e);
    return 0;
}
