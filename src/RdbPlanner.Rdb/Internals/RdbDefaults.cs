namespace RdbPlanner.Rdb;

internal static class RdbDefaults
{
#if DEBUG
    // Tiny on purpose: every test run in Debug exercises the refill and grow paths (style-anchors §1.7).
    public const int BufferSize = 64;
#else
    public const int BufferSize = 1 << 20;
#endif

    /// <summary>Zeroed bytes kept after the valid data so vector loads may run past the end.</summary>
    public const int Padding = 64;

    public const long MaxElementLength = 512L << 20;   // proto-max-bulk-len default of Redis/Valkey
    public const long MaxCollectionElements = 1L << 32;

    /// <summary>
    /// Database numbers accepted: 0 to this − 1. Servers load only numbers below their `databases` setting (default 16);
    /// each database costs its own tables in every model, so a crafted file of a million SELECTDBs would otherwise cost
    /// about 0.7 GB.
    /// </summary>
    public const int MaxDatabases = 16384;
    public const int InlineKeyLimit = 64 << 10;

    /// <summary>Bytes of an AUX key or value passed to the visitor; the rest is skipped (no engine writes longer ones).</summary>
    public const int AuxPrefixLimit = 64 << 10;

    /// <summary>
    /// Largest expansion liblzf allows: a 3-byte back reference yields at most 264 bytes (lzf_d.c), so a compressed
    /// run of n bytes can never decode to more than 88·n bytes.
    /// </summary>
    public const int LzfMaxRatio = 88;
}
