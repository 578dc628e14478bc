/*
 * JetEnableMultiInstance, in a process of its own: it fixes the process-wide
 * parameters and puts the process in multi-instance mode for good.
 */
#include "harness.h"

static void test_enable_multi_instance(void)
{
    JET_SETSYSPARAM_A p[2];
    unsigned long ok = 99;

    memset(p, 0, sizeof(p));
    p[0].paramid = JET_paramEnableFileCache;
    p[0].lParam = 1;
    p[1].paramid = JET_paramBaseName;
    p[1].sz = "abc";
    CHECK(JET_errInvalidParameter, JetEnableMultiInstance(NULL, 1, (uint32_t *)&ok));
    CHECK(JET_errSuccess, JetEnableMultiInstance(p, 2, (uint32_t *)&ok));
    CHECK_EQ(2, ok);
    CHECK(JET_errSuccess, p[0].err);
    /* the same settings again: already set; different ones: a conflict */
    CHECK(JET_errSystemParamsAlreadySet, JetEnableMultiInstance(p, 1, (uint32_t *)&ok));
    CHECK_EQ(1, ok);
    p[0].lParam = 0;
    CHECK(JET_errSystemParameterConflict, JetEnableMultiInstance(p, 1, (uint32_t *)&ok));
    CHECK(JET_errSystemParameterConflict, p[0].err);
    /* multi-instance mode is on: legacy JetInit is refused */
    CHECK(JET_errRunningInMultiInstanceMode, JetInit(NULL));
}

static void test_enable_after_mode_is_set(void)
{
    JET_SETSYSPARAM_W p;
    memset(&p, 0, sizeof(p));
    p.paramid = JET_paramEnableFileCache;
    p.lParam = 1;
    /* the W variant accepts the same list */
    CHECK(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceW(&p, 1, NULL));
    p.paramid = 5000;
    CHECK(JET_errInvalidParameter, JetEnableMultiInstanceW(&p, 1, NULL));
}

int main(void)
{
    JET_SETSYSPARAM_A bad;
    unsigned long ok = 99;
    memset(&bad, 0, sizeof(bad));
    bad.paramid = JET_paramLogFileSize;
    bad.lParam = 1; /* out of range: nothing is enabled */
    CHECK(JET_errInvalidParameter, JetEnableMultiInstance(&bad, 1, (uint32_t *)&ok));
    CHECK_EQ(0, ok);
    CHECK(JET_errInvalidParameter, bad.err);
    /* still not in multi-instance mode: legacy init works */
    CHECK(JET_errSuccess, JetInit(NULL));
    CHECK(JET_errSuccess, JetTerm(0));

    test_enable_multi_instance();
    test_enable_after_mode_is_set();
    {
        JET_INSTANCE a = 0;
        CHECK(JET_errSuccess, JetCreateInstance(&a, "inherits"));
        {
            char base[8] = "";
            CHECK(JET_errSuccess, JetGetSystemParameter(a, 0, JET_paramBaseName, NULL, base, sizeof(base)));
            CHECK_STR("abc", base);
        }
        CHECK(JET_errSuccess, JetTerm(a));
    }
    /* the last instance is gone: the mode is unset again */
    CHECK(JET_errSuccess, JetInit(NULL));
    CHECK(JET_errSuccess, JetTerm(0));
    return 0;
}
