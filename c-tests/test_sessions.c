/*
 * Sessions: begin, duplicate, end, the session limit, session contexts across
 * threads, session parameters, and sessions used on several threads.
 */
#include <pthread.h>

#include "harness.h"

static JET_INSTANCE inst;

static void test_begin_end(void)
{
    JET_SESID s = 0, d = 0;

    CHECK(JET_errInvalidParameter, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, "", ""));
    CHECK(JET_errSuccess, JetDupSession(s, &d));
    CHECK_TRUE(d != s && d != 0);
    CHECK(JET_errInvalidParameter, JetDupSession(s, NULL));
    CHECK(JET_errSuccess, JetEndSession(d, 0));
    /* an ended session is gone for good */
    CHECK(JET_errInvalidSesid, JetEndSession(d, 0));
    CHECK(JET_errInvalidSesid, JetDupSession(d, &d));
    /* JET_bitForceSessionClosed is reserved and has no effect */
    CHECK(JET_errSuccess, JetEndSession(s, 0x1 /* JET_bitForceSessionClosed: reserved, no effect */));
    {
        const WCHAR user[] = {'u', 0};
        CHECK(JET_errSuccess, JetBeginSessionW(inst, &s, user, user));
        CHECK(JET_errSuccess, JetEndSession(s, 0));
    }
    /* without a transaction there is nothing to roll back */
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
}

static void test_session_limit(void)
{
    JET_INSTANCE small = 0;
    JET_SESID s[3] = {0, 0, 0};

    CHECK(JET_errSuccess, JetCreateInstance(&small, "small"));
    harness_own_paths(small);
    CHECK(JET_errSuccess, JetSetSystemParameter(&small, 0, JET_paramMaxSessions, 2, NULL));
    CHECK(JET_errSuccess, JetInit(&small));
    CHECK(JET_errSuccess, JetBeginSession(small, &s[0], NULL, NULL));
    CHECK(JET_errSuccess, JetDupSession(s[0], &s[1]));
    CHECK(JET_errOutOfSessions, JetBeginSession(small, &s[2], NULL, NULL));
    CHECK(JET_errOutOfSessions, JetDupSession(s[0], &s[2]));
    CHECK(JET_errSuccess, JetEndSession(s[1], 0));
    CHECK(JET_errSuccess, JetBeginSession(small, &s[2], NULL, NULL));
    CHECK(JET_errSuccess, JetTerm(small));
}

struct ctx_args {
    JET_SESID session;
    JET_ERR end;
    JET_ERR reset;
    JET_ERR set;
};

static void *other_thread(void *p)
{
    struct ctx_args *a = p;
    a->reset = JetResetSessionContext(a->session);
    a->end = JetEndSession(a->session, 0);
    a->set = JetSetSessionContext(a->session, 0x5678);
    return NULL;
}

static void test_contexts(void)
{
    JET_SESID s = 0;
    pthread_t t;
    struct ctx_args a;

    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errInvalidParameter, JetSetSessionContext(s, 0));
    CHECK(JET_errInvalidParameter, JetSetSessionContext(s, (JET_API_PTR)-1));
    CHECK(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK(JET_errSuccess, JetSetSessionContext(s, 0x1234));
    CHECK(JET_errSessionContextAlreadySet, JetSetSessionContext(s, 0x1234));
    /* a session whose context is set is in use: it cannot end */
    CHECK(JET_errSessionInUse, JetEndSession(s, 0));

    /* another thread: may not reset this thread's context, may not end the session */
    a.session = s;
    pthread_create(&t, NULL, other_thread, &a);
    pthread_join(t, NULL);
    CHECK(JET_errSessionContextNotSetByThisThread, a.reset);
    CHECK(JET_errSessionInUse, a.end);
    CHECK(JET_errSessionContextAlreadySet, a.set);

    CHECK(JET_errSuccess, JetResetSessionContext(s));
    CHECK(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
}

static void test_session_parameters(void)
{
    JET_SESID s = 0;
    unsigned int g = 0;
    unsigned long cb = 0;
    unsigned char ctx[8] = {1, 2, 3, 4, 5, 6, 7, 8}, back[16];
    int level = -1;

    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    g = JET_bitCommitLazyFlush;
    CHECK(JET_errSuccess, JetSetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g)));
    CHECK(JET_errInvalidBufferSize, JetSetSessionParameter(s, JET_sesparamCommitDefault, &g, 3));
    CHECK(JET_errInvalidParameter, JetSetSessionParameter(s, JET_sesparamCommitDefault, NULL, 4));
    g = 0;
    CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g), (uint32_t *)&cb));
    CHECK_EQ(JET_bitCommitLazyFlush, g);
    CHECK_EQ(4, cb);
    /* integer parameters want their exact size; only the size may be asked for */
    CHECK(JET_errInvalidBufferSize, JetGetSessionParameter(s, JET_sesparamCommitDefault, back, 8, NULL));
    cb = 0;
    CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamCommitDefault, NULL, 0, (uint32_t *)&cb));
    CHECK_EQ(4, cb);
    CHECK(JET_errInvalidParameter, JetGetSessionParameter(s, JET_sesparamCommitDefault, NULL, 0, NULL));

    CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof(level), NULL));
    CHECK_EQ(0, level);
    CHECK(JET_errFeatureNotAvailable, JetSetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof(level)));

    CHECK(JET_errSuccess, JetSetSessionParameter(s, JET_sesparamOperationContext, ctx, sizeof(ctx)));
    CHECK(JET_errInvalidBufferSize, JetSetSessionParameter(s, JET_sesparamOperationContext, ctx, 4));
    memset(back, 0, sizeof(back));
    CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamOperationContext, back, sizeof(back), (uint32_t *)&cb));
    CHECK_EQ(8, cb);
    CHECK_TRUE(memcmp(back, ctx, 8) == 0);
    CHECK(JET_errInvalidBufferSize, JetGetSessionParameter(s, JET_sesparamOperationContext, back, 7, NULL));

    g = 77;
    CHECK(JET_errSuccess, JetSetSessionParameter(s, JET_sesparamCorrelationID, &g, sizeof(g)));
    g = 0;
    CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamCorrelationID, &g, sizeof(g), NULL));
    CHECK_EQ(77, g);

    CHECK(JET_errInvalidSesparamId, JetSetSessionParameter(s, 4200, &g, sizeof(g)));
    CHECK(JET_errInvalidSesparamId, JetGetSessionParameter(s, 1, &g, sizeof(g), NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errInvalidSesid, JetGetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g), NULL));
}

/* several threads, each with its own session, all at once */
struct worker {
    int rounds;
    int failures;
};

static void *own_session(void *p)
{
    struct worker *w = p;
    JET_SESID s = 0;
    unsigned int v = 0;
    if (JetBeginSession(inst, &s, NULL, NULL) != JET_errSuccess) {
        w->failures++;
        return NULL;
    }
    for (int i = 0; i < w->rounds; i++) {
        if (JetGetVersion(s, &v) != JET_errSuccess) w->failures++;
        if (JetSetSessionContext(s, (JET_API_PTR)(i + 1)) != JET_errSuccess) w->failures++;
        if (JetResetSessionContext(s) != JET_errSuccess) w->failures++;
        if (JetIdle(s, 0) != JET_wrnNoIdleActivity) w->failures++;
    }
    if (JetEndSession(s, 0) != JET_errSuccess) w->failures++;
    return NULL;
}

/* two threads sharing one session: each call either runs or is refused as a
   sharing violation, never anything else */
struct sharer {
    JET_SESID session;
    int rounds;
    int ok;
    int refused;
    int other;
};

static void *share_session(void *p)
{
    struct sharer *w = p;
    unsigned int v = 0;
    for (int i = 0; i < w->rounds; i++) {
        JET_ERR e = JetGetVersion(w->session, &v);
        if (e == JET_errSuccess) w->ok++;
        else if (e == JET_errSessionSharingViolation) w->refused++;
        else w->other++;
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[8];
    struct worker w[8];
    struct sharer sh[2];
    JET_SESID s = 0;

    for (int i = 0; i < 8; i++) {
        w[i].rounds = 500;
        w[i].failures = 0;
        pthread_create(&t[i], NULL, own_session, &w[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(0, w[i].failures);
    }

    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    for (int i = 0; i < 2; i++) {
        sh[i].session = s;
        sh[i].rounds = 20000;
        sh[i].ok = sh[i].refused = sh[i].other = 0;
        pthread_create(&t[i], NULL, share_session, &sh[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(0, sh[i].other);
        CHECK_EQ(sh[i].rounds, sh[i].ok + sh[i].refused);
    }
    /* a call is only refused while another one runs (and succeeds) */
    CHECK_TRUE(sh[0].ok + sh[1].ok > 0);
    /* the session is free again afterwards */
    CHECK(JET_errSuccess, JetEndSession(s, 0));
}

int main(void)
{
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "sessions"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 64, NULL));
    CHECK(JET_errSuccess, JetInit(&inst));
    test_begin_end();
    test_session_limit();
    test_contexts();
    test_session_parameters();
    test_threads();
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
