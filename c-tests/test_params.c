/*
 * System parameters: defaults, ranges, types, global versus per-instance
 * scope, "may not change after init", string outputs (A and W, short
 * buffers), path completion, and the special parameters.
 */
#include <unistd.h>

#include "harness.h"

static JET_API_PTR get_int(JET_INSTANCE inst, JET_SESID ses, unsigned long id)
{
    JET_API_PTR v = 0xdeadbeef;
    CHECK(JET_errSuccess, JetGetSystemParameter(inst, ses, id, &v, NULL, 0));
    return v;
}

static void test_defaults(void)
{
    char s[512];
    CHECK_EQ(16, get_int(0, 0, JET_paramMaxSessions));
    CHECK_EQ(300, get_int(0, 0, JET_paramMaxOpenTables));
    CHECK_EQ(1024, get_int(0, 0, JET_paramMaxCursors));
    CHECK_EQ(64, get_int(0, 0, JET_paramMaxVerPages));
    CHECK_EQ(20, get_int(0, 0, JET_paramMaxTemporaryTables));
    CHECK_EQ(5120, get_int(0, 0, JET_paramLogFileSize));
    CHECK_EQ(126, get_int(0, 0, JET_paramLogBuffers));
    CHECK_EQ(0, get_int(0, 0, JET_paramCircularLog));
    CHECK_EQ(256, get_int(0, 0, JET_paramDbExtensionSize));
    CHECK_EQ(4096, get_int(0, 0, JET_paramDatabasePageSize));
    CHECK_EQ(16, get_int(0, 0, JET_paramMaxInstances));
    CHECK_EQ(1, get_int(0, 0, JET_paramEnableAdvanced));
    CHECK_EQ(JET_OnlineDefragAll, get_int(0, 0, JET_paramEnableOnlineDefrag));
    CHECK_EQ(JET_coltypMax, get_int(0, 0, JET_paramMaxColtyp));
    CHECK_EQ(JET_cbKeyMost4KBytePage, get_int(0, 0, JET_paramKeyMost));
    CHECK_EQ(4014, get_int(0, 0, JET_paramLVChunkSizeMost));
    CHECK_EQ(1, get_int(0, 0, JET_paramConfiguration));
    CHECK_EQ(0, get_int(0, 0, JET_paramEnableFileCache));
    CHECK_EQ(JET_bitESE98FileNames | JET_bitEightDotThreeSoftCompat, get_int(0, 0, JET_paramLegacyFileNames));
    CHECK_EQ(20971520, get_int(0, 0, JET_paramCheckpointDepthMax));

    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramSystemPath, NULL, s, sizeof(s)));
    CHECK_STR("./", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramLogFilePath, NULL, s, sizeof(s)));
    CHECK_STR("./", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramTempPath, NULL, s, sizeof(s)));
    CHECK_STR("tmp.edb", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, s, sizeof(s)));
    CHECK_STR("edb", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramRecovery, NULL, s, sizeof(s)));
    CHECK_STR("on", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramEventSource, NULL, s, sizeof(s)));
    CHECK_STR("", s);
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramTableClass3Name, NULL, s, sizeof(s)));
    CHECK_STR("TableClass3", s);
}

static void test_ids_and_ranges(void)
{
    JET_API_PTR v = 0;
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, 185, 1, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramMaxValueInvalid, 1, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, 100000, 1, NULL));
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramMaxValueInvalid, &v, NULL, 0));

    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 63, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 32769, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 32768, NULL));
    CHECK_EQ(32768, get_int(0, 0, JET_paramLogFileSize));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 5120, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramMaxVerPages, 0, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramEventLoggingLevel, 101, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLRUKPolicy, 3, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramEnableOnlineDefrag, 0x10000, NULL));

    /* booleans are stored as 0 or 1 */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramCircularLog, 5, NULL));
    CHECK_EQ(1, get_int(0, 0, JET_paramCircularLog));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramCircularLog, 0, NULL));

    /* block sizes are powers of two in range */
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 6000, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 2048, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 65536, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK_EQ(8192, get_int(0, 0, JET_paramDatabasePageSize));
    CHECK_EQ(JET_cbKeyMost8KBytePage, get_int(0, 0, JET_paramKeyMost));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 4096, NULL));

    /* read-only and computed parameters */
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramMaxColtyp, 19, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramKeyMost, 255, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLVChunkSizeMost, 100, NULL));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramErrorToString, 0, NULL));

    /* strings are length checked */
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "ab"));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "abcd"));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "xyz"));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "edb"));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramTableClass1Name, 0, ""));
    /* text that is not UTF-8 does not convert */
    CHECK(JET_errUnicodeTranslationFail, JetSetSystemParameter(NULL, 0, JET_paramEventSource, 0, "\xff\xfe"));
}

static void test_outputs(void)
{
    char s[8];
    WCHAR w[8];
    JET_API_PTR v = 0;

    /* integer parameters need plParam, string parameters need a buffer */
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramMaxSessions, NULL, s, sizeof(s)));
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramBaseName, &v, NULL, 8));
    CHECK(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramBaseName, &v, s, 0));

    /* A: the value and its terminator must fit; if not the buffer is untouched */
    memset(s, 'Q', sizeof(s));
    CHECK(JET_errBufferTooSmall, JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, s, 3));
    CHECK_TRUE(s[0] == 'Q' && s[2] == 'Q');
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, s, 4));
    CHECK_STR("edb", s);

    /* W: cbMax counts bytes; a short buffer gets what fits, NUL-terminated */
    memset(w, 0x55, sizeof(w));
    CHECK(JET_errBufferTooSmall, JetGetSystemParameterW(0, 0, JET_paramBaseName, NULL, w, 6));
    CHECK_TRUE(w[0] == 'e' && w[1] == 'd' && w[2] == 0);
    CHECK(JET_errSuccess, JetGetSystemParameterW(0, 0, JET_paramBaseName, NULL, w, 8));
    CHECK_TRUE(w[0] == 'e' && w[1] == 'd' && w[2] == 'b' && w[3] == 0);
    CHECK(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramBaseName, NULL, w, 1));

    /* W set, A get */
    {
        const WCHAR name[] = {'w', 'i', 'd', 'e', 0};
        char back[16];
        CHECK(JET_errSuccess, JetSetSystemParameterW(NULL, 0, JET_paramEventSource, 0, name));
        CHECK(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramEventSource, NULL, back, sizeof(back)));
        CHECK_STR("wide", back);
        CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramEventSource, 0, ""));
    }

    /* JET_paramErrorToString reads the error from *plParam */
    {
        JET_API_PTR e = 0;
        char text[128];
        *(JET_ERR *)&e = JET_errInvalidParameter;
        CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramErrorToString, &e, text, sizeof(text)));
        CHECK_STR("JET_errInvalidParameter", text);
        CHECK(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramErrorToString, NULL, text, sizeof(text)));
    }

    /* JET_paramUnicodeIndexDefault uses plParam as a JET_UNICODEINDEX and cbMax as its size */
    {
        JET_UNICODEINDEX ui;
        JET_UNICODEINDEX mine = {0x0407, 0x1};
        memset(&ui, 0, sizeof(ui));
        CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, NULL, sizeof(ui)));
        CHECK_EQ(1033, ui.lcid);
        CHECK_EQ(0x30401, ui.dwMapFlags);
        CHECK(JET_errBufferTooSmall, JetGetSystemParameter(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, NULL, 4));
        CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&mine, NULL));
        CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, NULL, sizeof(ui)));
        CHECK_EQ(0x0407, ui.lcid);
        CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramUnicodeIndexDefault, 0, NULL));
        CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, NULL, sizeof(ui)));
        CHECK_EQ(1033, ui.lcid);
    }
}

static void test_paths(void)
{
    char cwd[256], expect[512], s[512];
    CHECK_TRUE(getcwd(cwd, sizeof(cwd)) != NULL);

    /* folders are made absolute and end with exactly one '/' */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "sys"));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramSystemPath, NULL, s, sizeof(s)));
    snprintf(expect, sizeof(expect), "%s/sys/", cwd);
    CHECK_STR(expect, s);
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "/tmp/esent-logs"));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramLogFilePath, NULL, s, sizeof(s)));
    CHECK_STR("/tmp/esent-logs/", s);
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "/tmp/a/../b//c/"));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramLogFilePath, NULL, s, sizeof(s)));
    CHECK_STR("/tmp/b/c/", s);
    CHECK(JET_errInvalidPath, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, ""));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, NULL));

    /* a file parameter keeps a bare name, and completes anything with a directory */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "scratch.edb"));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramTempPath, NULL, s, sizeof(s)));
    CHECK_STR("scratch.edb", s);
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "tmp/t.edb"));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramTempPath, NULL, s, sizeof(s)));
    snprintf(expect, sizeof(expect), "%s/tmp/t.edb", cwd);
    CHECK_STR(expect, s);

    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "."));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "."));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "tmp.edb"));
}

static void test_advanced_and_configuration(void)
{
    /* advanced parameters are silently ignored while JET_paramEnableAdvanced is off */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramEnableAdvanced, 0, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 100, NULL));
    CHECK_EQ(16, get_int(0, 0, JET_paramMaxSessions));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramEnableAdvanced, 1, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 100, NULL));
    CHECK_EQ(100, get_int(0, 0, JET_paramMaxSessions));

    /* the legacy small configuration, and back to the default one (which resets everything) */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramConfiguration, 0, NULL));
    CHECK_EQ(0, get_int(0, 0, JET_paramConfiguration));
    CHECK_EQ(64, get_int(0, 0, JET_paramLogFileSize));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramConfiguration, 1, NULL));
    CHECK_EQ(1, get_int(0, 0, JET_paramConfiguration));
    CHECK_EQ(5120, get_int(0, 0, JET_paramLogFileSize));
    CHECK_EQ(16, get_int(0, 0, JET_paramMaxSessions));
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramConfiguration, 0x800, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramConfiguration, JET_configDefault | JET_configLowDiskFootprint, NULL));
    CHECK_EQ(1, get_int(0, 0, JET_paramCircularLog));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramConfiguration, 1, NULL));
    CHECK_EQ(0, get_int(0, 0, JET_paramCircularLog));

    /* commit default: only the commit grbits */
    CHECK(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramCommitDefault, 0x4, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_EQ(JET_bitCommitLazyFlush, get_int(0, 0, JET_paramCommitDefault));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramCommitDefault, 0, NULL));

    CHECK(JET_errInvalidGrbit, JetSetSystemParameter(NULL, 0, JET_paramEnableShrinkDatabase, JET_bitShrinkDatabaseRealtime, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramEnableShrinkDatabase, JET_bitShrinkDatabaseOn | JET_bitShrinkDatabaseRealtime, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramEnableShrinkDatabase, 0, NULL));
}

static void test_scopes(void)
{
    JET_INSTANCE a = 0, b = 0;
    JET_SESID s = 0;
    JET_API_PTR v = 0;
    char text[16];

    /* a non-global value set before an instance exists is what new instances start with */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramDbExtensionSize, 32, NULL));
    CHECK(JET_errSuccess, JetCreateInstance(&a, "a"));
    CHECK(JET_errSuccess, JetCreateInstance(&b, "b"));
    CHECK_EQ(32, get_int(a, 0, JET_paramDbExtensionSize));

    /* per instance */
    CHECK(JET_errSuccess, JetSetSystemParameter(&a, 0, JET_paramLogFileSize, 1024, NULL));
    CHECK_EQ(1024, get_int(a, 0, JET_paramLogFileSize));
    CHECK_EQ(5120, get_int(b, 0, JET_paramLogFileSize));
    CHECK_EQ(5120, get_int(0, 0, JET_paramLogFileSize));
    CHECK(JET_errSuccess, JetSetSystemParameter(&b, 0, JET_paramBaseName, 0, "bbb"));
    CHECK(JET_errSuccess, JetGetSystemParameter(b, 0, JET_paramBaseName, NULL, text, sizeof(text)));
    CHECK_STR("bbb", text);
    CHECK(JET_errSuccess, JetGetSystemParameter(a, 0, JET_paramBaseName, NULL, text, sizeof(text)));
    CHECK_STR("edb", text);

    /* global parameters are one value, and fixed once the process has instances */
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&b, 0, JET_paramEnableFileCache, 1, NULL));
    /* setting the value in effect is always allowed */
    CHECK(JET_errSuccess, JetSetSystemParameter(&a, 0, JET_paramDatabasePageSize, 4096, NULL));
    /* global but not fixed: visible through every instance */
    CHECK(JET_errSuccess, JetSetSystemParameter(&a, 0, JET_paramCacheSizeMax, 5000, NULL));
    CHECK_EQ(5000, get_int(b, 0, JET_paramCacheSizeMax));
    CHECK_EQ(5000, get_int(0, 0, JET_paramCacheSizeMax));

    /* after JetInit, parameters fixed at instance init are refused on that instance only */
    CHECK(JET_errSuccess, JetInit(&a));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramLogFileSize, 2048, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(&a, 0, JET_paramLogFileSize, 1024, NULL));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, "abc"));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramSystemPath, 0, "x"));
    CHECK(JET_errSuccess, JetSetSystemParameter(&b, 0, JET_paramLogFileSize, 2048, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(&a, 0, JET_paramDbExtensionSize, 64, NULL));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramConfiguration, 1, NULL));

    /* a session names its instance */
    CHECK(JET_errSuccess, JetBeginSession(a, &s, NULL, NULL));
    CHECK_EQ(1024, get_int(0, s, JET_paramLogFileSize));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, s, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_EQ(JET_bitCommitLazyFlush, get_int(0, s, JET_paramCommitDefault));
    {
        unsigned int g = 0;
        unsigned long cb = 0;
        CHECK(JET_errSuccess, JetGetSessionParameter(s, JET_sesparamCommitDefault, &g, sizeof(g), (uint32_t *)&cb));
        CHECK_EQ(JET_bitCommitLazyFlush, g);
    }
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errInvalidSesid, JetGetSystemParameter(0, s, JET_paramLogFileSize, &v, NULL, 0));

    CHECK(JET_errSuccess, JetTerm(a));
    CHECK(JET_errInvalidInstance, JetGetSystemParameter(a, 0, JET_paramLogFileSize, &v, NULL, 0));
    CHECK(JET_errInvalidInstance, JetSetSystemParameter(&a, 0, JET_paramLogFileSize, 1024, NULL));
    CHECK(JET_errSuccess, JetTerm(b));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramDbExtensionSize, 256, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramCacheSizeMax, 2000000000, NULL));
}

static void test_legacy_scope(void)
{
    JET_API_PTR v = 0;
    /* before JetInit: global values, which the implicit instance starts with */
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 128, NULL));
    CHECK(JET_errSuccess, JetInit(NULL));
    /* in legacy mode instance-less calls address the implicit instance ... */
    CHECK_EQ(128, get_int(0, 0, JET_paramLogFileSize));
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 256, NULL));
    /* ... and global parameters are fixed */
    CHECK(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramDbExtensionSize, 16, NULL));
    CHECK(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramDbExtensionSize, &v, NULL, 0));
    CHECK_EQ(16, v);
    CHECK(JET_errSuccess, JetTerm(0));
    /* the implicit instance had its own copy */
    CHECK_EQ(128, get_int(0, 0, JET_paramLogFileSize));
    CHECK_EQ(256, get_int(0, 0, JET_paramDbExtensionSize));
    CHECK(JET_errSuccess, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 5120, NULL));
}

static void test_every_public_param_reads(void)
{
    /* every public id reads back as an integer or a string (or, for the two
       special ones, as documented) */
    static const unsigned long ids[] = {
        JET_paramSystemPath, JET_paramTempPath, JET_paramLogFilePath, JET_paramBaseName, JET_paramEventSource,
        JET_paramMaxSessions, JET_paramMaxOpenTables, JET_paramPreferredMaxOpenTables, JET_paramMaxCursors,
        JET_paramMaxVerPages, JET_paramMaxTemporaryTables, JET_paramLogFileSize, JET_paramLogBuffers,
        JET_paramWaitLogFlush, JET_paramLogCheckpointPeriod, JET_paramLogWaitingUserMax, JET_paramCommitDefault,
        JET_paramCircularLog, JET_paramDbExtensionSize, JET_paramPageTempDBMin, JET_paramPageFragment,
        JET_paramBatchIOBufferMax, JET_paramCacheSizeMax, JET_paramCheckpointDepthMax, JET_paramLRUKCorrInterval,
        JET_paramLRUKHistoryMax, JET_paramLRUKPolicy, JET_paramLRUKTimeout, JET_paramLRUKTrxCorrInterval,
        JET_paramOutstandingIOMax, JET_paramStartFlushThreshold, JET_paramStopFlushThreshold, JET_paramRecovery,
        JET_paramEnableOnlineDefrag, JET_paramCacheSize, JET_paramCheckFormatWhenOpenFail,
        JET_paramEnableIndexChecking, JET_paramEnableTempTableVersioning, JET_paramIgnoreLogVersion,
        JET_paramDeleteOldLogs, JET_paramEventSourceKey, JET_paramNoInformationEvent, JET_paramEventLoggingLevel,
        JET_paramDeleteOutOfRangeLogs, JET_paramAccessDeniedRetryPeriod, JET_paramEnableIndexCleanup,
        JET_paramCacheSizeMin, JET_paramPreferredVerPages, JET_paramDatabasePageSize, JET_paramDisableCallbacks,
        JET_paramLogFileCreateAsynch, JET_paramZeroDatabaseDuringBackup, JET_paramRuntimeCallback,
        JET_paramCleanupMismatchedLogFiles, JET_paramRecordUpgradeDirtyLevel, JET_paramGlobalMinVerPages,
        JET_paramOSSnapshotTimeout, JET_paramExceptionAction, JET_paramEventLogCache, JET_paramCreatePathIfNotExist,
        JET_paramPageHintCacheSize, JET_paramOneDatabasePerSession, JET_paramMaxInstances,
        JET_paramVersionStoreTaskQueueMax, JET_paramDisablePerfmon, JET_paramIndexTuplesLengthMin,
        JET_paramIndexTuplesLengthMax, JET_paramIndexTuplesToIndexMax, JET_paramAlternateDatabaseRecoveryPath,
        JET_paramCachedClosedTables, JET_paramEnableFileCache, JET_paramEnableViewCache, JET_paramVerPageSize,
        JET_paramConfiguration, JET_paramEnableAdvanced, JET_paramMaxColtyp, JET_paramIndexTupleIncrement,
        JET_paramIndexTupleStart, JET_paramKeyMost, JET_paramCheckpointIOMax, JET_paramLegacyFileNames,
        JET_paramTableClass1Name, JET_paramTableClass15Name, JET_paramIOPriority, JET_paramWaypointLatency,
        JET_paramEnablePersistedCallbacks, JET_paramDefragmentSequentialBTrees,
        JET_paramDefragmentSequentialBTreesDensityCheckFrequency, JET_paramIOThrottlingTimeQuanta,
        JET_paramLVChunkSizeMost, JET_paramMaxCoalesceReadSize, JET_paramMaxCoalesceWriteSize,
        JET_paramMaxCoalesceReadGapSize, JET_paramMaxCoalesceWriteGapSize, JET_paramEnableDBScanInRecovery,
        JET_paramDbScanThrottle, JET_paramDbScanIntervalMinSec, JET_paramDbScanIntervalMaxSec,
        JET_paramCachePriority, JET_paramMaxTransactionSize, JET_paramPrereadIOMax,
        JET_paramEnableDBScanSerialization, JET_paramHungIOThreshold, JET_paramHungIOActions,
        JET_paramMinDataForXpress, JET_paramEnableShrinkDatabase, JET_paramProcessFriendlyName,
        JET_paramDurableCommitCallback, JET_paramEnableSqm, JET_paramConfigStoreSpec,
        JET_paramEnableBlockCacheDetach,
    };
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        JET_API_PTR v = 0;
        char s[512];
        JET_ERR e = JetGetSystemParameter(0, 0, ids[i], &v, s, sizeof(s));
        if (e != JET_errSuccess) {
            printf("     param %lu\n", ids[i]);
        }
        CHECK(JET_errSuccess, e);
    }
}

int main(void)
{
    test_defaults();
    test_ids_and_ranges();
    test_outputs();
    test_paths();
    test_advanced_and_configuration();
    test_scopes();
    test_legacy_scope();
    test_every_public_param_reads();
    return 0;
}
