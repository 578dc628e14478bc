/*
 * JetEscrowUpdate: the old value out, deltas of two sessions on one record
 * not conflicting with each other while a replace or delete does,
 * JET_bitEscrowNoRollback, the documented errors, and JET_bitColumnDeleteOnZero.
 * Expected values from recupd.cxx's ErrIsamEscrowUpdate, ver.cxx's write
 * conflicts (deltas commute with deltas only) and ManagedEsent's EscrowUpdateTests.
 */
#include "cursor_util.h"

typedef struct {
    JET_TABLEID t;
    JET_COLUMNID key, esc, plain, doz, fin;
} Esc;

static Esc make(Env *e, const char *name)
{
    Esc r;
    int zero = 0;
    JET_SESID s = e->ses;
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetCreateTable(s, e->db, name, 0, 100, &r.t));
    r.key = add_column(s, r.t, "key", JET_coltypLong, 0, NULL, 0);
    r.esc = add_column(s, r.t, "esc", JET_coltypLong, JET_bitColumnEscrowUpdate, &zero, 4);
    r.plain = add_column(s, r.t, "plain", JET_coltypLong, 0, NULL, 0);
    r.doz = add_column(s, r.t, "doz", JET_coltypLong, JET_bitColumnEscrowUpdate | JET_bitColumnDeleteOnZero, &zero, 4);
    r.fin = add_column(s, r.t, "fin", JET_coltypLong, JET_bitColumnEscrowUpdate | JET_bitColumnFinalize, &zero, 4);
    ADD_INDEX(s, r.t, "primary", JET_bitIndexPrimary, "+key\0\0");
    for (int k = 1; k <= 3; k++) {
        int one = 1;
        CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepInsert));
        CHECK(JET_errSuccess, JetSetColumn(s, r.t, r.key, &k, 4, 0, NULL));
        if (k == 2) {
            CHECK(JET_errSuccess, JetSetColumn(s, r.t, r.doz, &one, 4, 0, NULL));
        }
        if (k == 3) {
            CHECK(JET_errSuccess, JetSetColumn(s, r.t, r.fin, &one, 4, 0, NULL));
        }
        CHECK(JET_errSuccess, JetUpdate(s, r.t, NULL, 0, NULL));
    }
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    return r;
}

static int value(JET_SESID s, JET_TABLEID t, JET_COLUMNID c)
{
    int v = -12345;
    uint32_t cb;
    JET_ERR err = JetRetrieveColumn(s, t, c, &v, 4, &cb, 0, NULL);
    return err < 0 ? err : v;
}

static void seek(JET_SESID s, JET_TABLEID t, int k)
{
    CHECK(JET_errSuccess, JetMakeKey(s, t, &k, 4, JET_bitNewKey));
    CHECK(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
}

int main(void)
{
    Env e = env_start("escrow");
    JET_SESID s = e.ses, s2;
    JET_DBID db2;
    JET_TABLEID t2;
    int one = 1, minus9 = -9, old = 0;
    uint32_t cb = 0;
    Esc r = make(&e, "esc");
    CHECK(JET_errSuccess, JetBeginSession(e.inst, &s2, NULL, NULL));
    CHECK(JET_errSuccess, JetOpenDatabase(s2, "escrow.edb", NULL, &db2, 0));
    CHECK(JET_errSuccess, JetOpenTable(s2, db2, "esc", NULL, 0, 0, &t2));
    seek(s, r.t, 1);
    seek(s2, t2, 1);
    CHECK_EQ(0, value(s, r.t, r.esc));

    /* errors */
    CHECK(JET_errNotInTransaction, JetEscrowUpdate(s, r.t, r.esc, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errInvalidBufferSize, JetEscrowUpdate(s, r.t, r.esc, &one, 2, NULL, 0, NULL, 0));
    CHECK(JET_errInvalidBufferSize, JetEscrowUpdate(s, r.t, r.esc, &one, 4, &old, 2, &cb, 0));
    CHECK(JET_errInvalidOperation, JetEscrowUpdate(s, r.t, r.plain, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errColumnNotFound, JetEscrowUpdate(s, r.t, 9999, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepReplace));
    CHECK(JET_errAlreadyPrepared, JetEscrowUpdate(s, r.t, r.esc, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepCancel));
    CHECK(JET_errSuccess, JetRollback(s, 0));

    /* the old value comes back; the new one shows in the transaction */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.esc, &one, 4, &old, 4, &cb, 0));
    CHECK_EQ(4, cb);
    CHECK_EQ(0, old);
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.esc, &minus9, 4, &old, 4, &cb, 0));
    CHECK_EQ(1, old);
    CHECK_EQ(-8, value(s, r.t, r.esc));
    /* another session's deltas do not conflict; it sees only what is committed */
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetEscrowUpdate(s2, t2, r.esc, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetEscrowUpdate(s2, t2, r.esc, &one, 4, &old, 4, NULL, 0));
    CHECK_EQ(1, old);
    CHECK_EQ(2, value(s2, t2, r.esc));
    /* but a replace, a delete or a read lock does */
    CHECK(JET_errWriteConflict, JetPrepareUpdate(s2, t2, JET_prepReplace));
    CHECK(JET_errWriteConflict, JetDelete(s2, t2));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetCommitTransaction(s2, 0));
    /* both sessions' deltas add up */
    CHECK_EQ(-6, value(s, r.t, r.esc));
    CHECK_EQ(-6, value(s2, t2, r.esc));

    /* rollback undoes a delta; JET_bitEscrowNoRollback does not */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.esc, &one, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(-6, value(s, r.t, r.esc));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.esc, &one, 4, NULL, 0, NULL, JET_bitEscrowNoRollback));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    CHECK_EQ(-5, value(s, r.t, r.esc));

    /* a replace holds the record against deltas */
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetBeginTransaction(s2));
    CHECK(JET_errSuccess, JetPrepareUpdate(s, r.t, JET_prepReplace));
    CHECK(JET_errSuccess, JetSetColumn(s, r.t, r.plain, &one, 4, 0, NULL));
    CHECK(JET_errSuccess, JetUpdate(s, r.t, NULL, 0, NULL));
    CHECK(JET_errWriteConflict, JetEscrowUpdate(s2, t2, r.esc, &one, 4, NULL, 0, NULL, 0));
    /* its own session may add deltas over it */
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.esc, &one, 4, NULL, 0, NULL, 0));
    CHECK_EQ(-4, value(s, r.t, r.esc));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errSuccess, JetRollback(s2, 0));
    CHECK_EQ(-4, value(s2, t2, r.esc));
    CHECK_EQ(1, value(s2, t2, r.plain));

    /* delete on zero: the record goes once the delta that zeroes it commits */
    seek(s, r.t, 2);
    CHECK_EQ(1, value(s, r.t, r.doz));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.doz, &minus9, 4, NULL, 0, NULL, 0));
    {
        int plus8 = 8;
        CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.doz, &plus8, 4, NULL, 0, NULL, 0));
    }
    CHECK_EQ(0, value(s, r.t, r.doz));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errRecordNotFound, JetMakeKey(s, r.t, &(int){2}, 4, JET_bitNewKey) == 0 ? JetSeek(s, r.t, JET_bitSeekEQ) : -1);
    /* JET_bitColumnFinalize behaves as delete-on-zero in today's ESE; a
       rolled-back delta to zero deletes nothing */
    seek(s, r.t, 3);
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.fin, &(int){-1}, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetRollback(s, 0));
    seek(s, r.t, 3);
    CHECK_EQ(1, value(s, r.t, r.fin));
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    CHECK(JET_errSuccess, JetEscrowUpdate(s, r.t, r.fin, &(int){-1}, 4, NULL, 0, NULL, 0));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    CHECK(JET_errRecordNotFound, JetMakeKey(s, r.t, &(int){3}, 4, JET_bitNewKey) == 0 ? JetSeek(s, r.t, JET_bitSeekEQ) : -1);
    /* record 1 is unaffected */
    seek(s, r.t, 1);
    CHECK_EQ(-4, value(s, r.t, r.esc));

    CHECK(JET_errSuccess, JetCloseTable(s2, t2));
    CHECK(JET_errSuccess, JetEndSession(s2, 0));
    CHECK(JET_errSuccess, JetCloseTable(s, r.t));
    env_stop(&e);
    return 0;
}
