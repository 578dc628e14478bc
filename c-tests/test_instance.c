/*
 * Instances: legacy single-instance mode and multi-instance mode, create,
 * init, term, names and limits, instance information, and the process-level
 * calls (version, thread stats, crash dump, error info).
 */
#include "harness.h"

static void test_nothing_before_an_instance(void)
{
    JET_SESID s = 0;
    /* no instance: an instance-less call has nothing to address */
    CHECK(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));
    CHECK(JET_errInvalidParameter, JetTerm(0));
    CHECK(JET_errInvalidParameter, JetStopService());
    CHECK(JET_errNotInitialized, JetEndExternalBackup());
}

static void test_legacy_mode(void)
{
    JET_SESID s = 0;
    JET_INSTANCE other = 0;
    unsigned long v = 0;

    CHECK(JET_errSuccess, JetInit(NULL));
    /* the implicit instance is reached through instance 0 */
    CHECK(JET_errSuccess, JetBeginSession(0, &s, "user", "password"));
    CHECK_TRUE(s != 0 && s != JET_sesidNil);
    CHECK(JET_errSuccess, JetGetVersion(s, (uint32_t *)&v));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    /* one instance only, and no named instances */
    CHECK(JET_errAlreadyInitialized, JetInit(NULL));
    CHECK(JET_errRunningInOneInstanceMode, JetCreateInstance(&other, "x"));
    CHECK(JET_errRunningInOneInstanceMode, JetEnableMultiInstance(NULL, 0, NULL));
    CHECK(JET_errSuccess, JetTerm(0));
    /* after the last instance the mode is free again */
    CHECK(JET_errSuccess, JetCreateInstance(&other, "x"));
    harness_own_paths(other);
    CHECK(JET_errSuccess, JetTerm(other));
}

static void test_legacy_mode_with_handle(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;

    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK_TRUE(inst != 0 && inst != JET_instanceNil);
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetBeginSession(0, &s, NULL, NULL));
    /* JetTerm ends the sessions still open */
    CHECK(JET_errSuccess, JetTerm(inst));
    CHECK(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK(JET_errInvalidInstance, JetTerm(inst));
}

static void test_multi_mode(void)
{
    JET_INSTANCE a = 0, b = 0, c = 0;
    JET_SESID s = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&a, "alpha"));
    harness_own_paths(a);
    CHECK_TRUE(a != 0 && a != JET_instanceNil);
    CHECK(JET_errInstanceNameInUse, JetCreateInstance(&b, "alpha"));
    CHECK_TRUE(b == JET_instanceNil);
    CHECK(JET_errSuccess, JetCreateInstance2(&b, "beta", "Beta display", 0));
    harness_own_paths(b);
    CHECK(JET_errInvalidParameter, JetCreateInstance(NULL, "gamma"));

    /* instance-less calls refuse multi-instance mode */
    CHECK(JET_errRunningInMultiInstanceMode, JetInit(NULL));
    CHECK(JET_errRunningInMultiInstanceMode, JetStopService());
    CHECK(JET_errRunningInMultiInstanceMode, JetStopBackup());
    CHECK(JET_errRunningInMultiInstanceMode, JetEndExternalBackup());
    CHECK(JET_errRunningInMultiInstanceMode, JetBeginExternalBackup(0));
    CHECK(JET_errRunningInMultiInstanceMode, JetTruncateLog());

    /* a created instance is not initialized */
    CHECK(JET_errNotInitialized, JetBeginSession(b, &s, NULL, NULL));
    CHECK(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));

    CHECK(JET_errSuccess, JetInit(&a));
    CHECK(JET_errAlreadyInitialized, JetInit(&a));
    CHECK(JET_errSuccess, JetBeginSession(a, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetEndSession(s, 0));

    /* JetInit with an empty handle makes another (unnamed) instance */
    c = 0;
    CHECK(JET_errSuccess, JetInit(&c));
    CHECK_TRUE(c != 0 && c != JET_instanceNil && c != a && c != b);
    CHECK(JET_errSuccess, JetTerm(c));

    /* a never-initialized instance is simply freed */
    CHECK(JET_errSuccess, JetTerm(b));
    CHECK(JET_errInvalidInstance, JetTerm(b));
    CHECK(JET_errSuccess, JetTerm2(a, JET_bitTermComplete));
    CHECK(JET_errInvalidInstance, JetTerm(a));
}

static void test_unnamed_instances_share_a_name(void)
{
    JET_INSTANCE a = 0, b = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&a, NULL));
    harness_own_paths(a);
    CHECK(JET_errInstanceNameInUse, JetCreateInstance(&b, NULL));
    CHECK(JET_errSuccess, JetTerm(a));
}

static void test_max_instances(void)
{
    JET_INSTANCE i[3] = {0, 0, 0};
    JET_API_PTR v = 0;

    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramMaxInstances, &v, NULL, 0));
    CHECK_EQ(16, v);
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 0, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 2, NULL));
    CHECK(JET_errSuccess, JetCreateInstance(&i[0], "one"));
    /* global and fixed once the process is in multi-instance mode */
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 3, NULL));
    CHECK(JET_errSuccess, JetCreateInstance(&i[1], "two"));
    CHECK(JET_errTooManyInstances, JetCreateInstance(&i[2], "three"));
    CHECK(JET_errSuccess, JetTerm(i[0]));
    CHECK(JET_errSuccess, JetTerm(i[1]));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 16, NULL));
}

static void test_instance_info(void)
{
    JET_INSTANCE a = 0, b = 0;
    unsigned long n = 99;
    JET_INSTANCE_INFO_A *info = (JET_INSTANCE_INFO_A *)1;
    JET_INSTANCE_INFO_W *winfo = NULL;

    CHECK(JET_errSuccess, JetGetInstanceInfo((uint32_t *)&n, &info));
    CHECK_EQ(0, n);
    CHECK_TRUE(info == NULL);

    CHECK(JET_errSuccess, JetCreateInstance(&a, "first"));
    harness_own_paths(a);
    CHECK(JET_errSuccess, JetCreateInstance(&b, "second"));
    harness_own_paths(b);
    CHECK(JET_errSuccess, JetInit(&b));
    CHECK(JET_errSuccess, JetGetInstanceInfo((uint32_t *)&n, &info));
    CHECK_EQ(2, n);
    if (n == 2 && info != NULL) {
        CHECK_TRUE(info[0].hInstanceId == a);
        CHECK_STR("first", info[0].szInstanceName);
        CHECK_EQ(0, info[0].cDatabases);
        CHECK_TRUE(info[1].hInstanceId == b);
        CHECK_STR("second", info[1].szInstanceName);
    }
    CHECK(JET_errSuccess, JetFreeBuffer((char *)info));
    CHECK(JET_errSuccess, JetGetInstanceInfoW((uint32_t *)&n, &winfo));
    CHECK_EQ(2, n);
    if (n == 2 && winfo != NULL) {
        CHECK_TRUE(winfo[1].szInstanceName[0] == 's' && winfo[1].szInstanceName[6] == 0);
    }
    CHECK(JET_errSuccess, JetFreeBuffer((char *)winfo));
    CHECK(JET_errSuccess, JetFreeBuffer(NULL));
    CHECK(JET_errInvalidParameter, JetGetInstanceInfo(NULL, &info));
    CHECK(JET_errInvalidParameter, JetGetInstanceInfo((uint32_t *)&n, NULL));
    CHECK(JET_errSuccess, JetTerm(a));
    CHECK(JET_errSuccess, JetTerm(b));
}

static void test_term_grbits(void)
{
    JET_INSTANCE a = 0;
    JET_SESID s = 0;

    CHECK(JET_errSuccess, JetCreateInstance(&a, "dirty"));
    harness_own_paths(a);
    CHECK(JET_errSuccess, JetInit(&a));
    CHECK(JET_errSuccess, JetBeginSession(a, &s, NULL, NULL));
    /* a dirty termination still terminates, and says so */
    CHECK(JET_errDirtyShutdown, JetTerm2(a, JET_bitTermDirty));
    CHECK(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK(JET_errInvalidInstance, JetTerm(a));

    CHECK(JET_errSuccess, JetCreateInstance(&a, "rst"));
    harness_own_paths(a);
    {
        JET_RSTINFO_A rst;
        memset(&rst, 0, sizeof(rst));
        rst.cbStruct = 7;
        CHECK(JET_errInvalidParameter, JetInit3(&a, &rst, 0));
        rst.cbStruct = sizeof(rst);
        CHECK(JET_errSuccess, JetInit3(&a, &rst, 0));
    }
    CHECK(JET_errSuccess, JetTerm2(a, JET_bitTermAbrupt));
}

static void test_process_calls(void)
{
    JET_INSTANCE a = 0;
    JET_SESID s = 0;
    unsigned int version = 0;
    JET_THREADSTATS2 stats;
    JET_ERRINFOBASIC_W info;
    JET_ERR err = JET_errOutOfMemory;

    CHECK(JET_errInvalidGrbit, JetConfigureProcessForCrashDump(0));
    CHECK(JET_errInvalidGrbit, JetConfigureProcessForCrashDump(0x100));
    CHECK(JET_errSuccess, JetConfigureProcessForCrashDump(JET_bitDumpMinimum));

    CHECK(JET_errInvalidParameter, JetGetThreadStats(NULL, sizeof(stats)));
    CHECK(JET_errBufferTooSmall, JetGetThreadStats(&stats, sizeof(JET_THREADSTATS) - 1));
    memset(&stats, 0xff, sizeof(stats));
    CHECK(JET_errSuccess, JetGetThreadStats(&stats, sizeof(stats)));
    CHECK_EQ(sizeof(JET_THREADSTATS2), stats.cbStruct);
    CHECK_EQ(0, stats.cPageRead);
    CHECK(JET_errSuccess, JetGetThreadStats(&stats, sizeof(JET_THREADSTATS)));
    CHECK_EQ(sizeof(JET_THREADSTATS), stats.cbStruct);

    CHECK(JET_errSuccess, JetGetErrorInfoW(&err, &info, sizeof(info), JET_ErrorInfoSpecificErr, 0));
    CHECK_EQ(JET_errOutOfMemory, info.errValue);
    CHECK_EQ(JET_errcatMemory, info.errcatMostSpecific);
    CHECK_EQ(JET_errcatError, info.rgCategoricalHierarchy[0]);
    CHECK_EQ(JET_errcatOperation, info.rgCategoricalHierarchy[1]);
    CHECK_EQ(JET_errcatResource, info.rgCategoricalHierarchy[2]);
    CHECK_EQ(JET_errcatMemory, info.rgCategoricalHierarchy[3]);
    CHECK_EQ(sizeof(info), info.cbStruct);
    CHECK(JET_errInvalidBufferSize, JetGetErrorInfoW(&err, &info, sizeof(info) - 1, JET_ErrorInfoSpecificErr, 0));
    CHECK(JET_errInvalidParameter, JetGetErrorInfoW(NULL, &info, sizeof(info), JET_ErrorInfoSpecificErr, 0));
    CHECK(JET_errInvalidParameter, JetGetErrorInfoW(&err, &info, sizeof(info), 7, 0));
    CHECK(JET_errInvalidParameter, JetGetErrorInfoW(&err, &info, sizeof(info), JET_ErrorInfoSpecificErr, 1));

    CHECK(JET_errSuccess, JetCreateInstance(&a, "proc"));
    harness_own_paths(a);
    CHECK(JET_errSuccess, JetInit(&a));
    CHECK(JET_errSuccess, JetBeginSession(a, &s, NULL, NULL));
    CHECK(JET_errSuccess, JetGetVersion(s, &version));
    CHECK_EQ(10, version >> 28);
    CHECK(JET_errInvalidParameter, JetGetVersion(s, NULL));
    CHECK(JET_wrnNoIdleActivity, JetIdle(s, 0));
    {
        JET_SIGNATURE sig;
        CHECK(JET_errInvalidParameter, JetGetInstanceMiscInfo(a, &sig, sizeof(sig), 99));
        /* ESE and its documentation: JET_errBufferTooSmall */
        CHECK(JET_errBufferTooSmall, JetGetInstanceMiscInfo(a, &sig, sizeof(sig) - 1, JET_InstanceMiscInfoLogSignature));
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(a));
}

int main(void)
{
    test_nothing_before_an_instance();
    test_legacy_mode();
    test_legacy_mode_with_handle();
    test_multi_mode();
    test_unnamed_instances_share_a_name();
    test_max_instances();
    test_instance_info();
    test_term_grbits();
    test_process_calls();
    return 0;
}
