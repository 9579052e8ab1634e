namespace RdbPlanner.Rdb;

/// <summary>Options of <see cref="RdbParser"/>. Limits protect against hostile lengths; defaults suit any real snapshot.</summary>
public sealed record RdbReaderOptions
{
    public static RdbReaderOptions Default { get; } = new();

    /// <summary>Compare the CRC64 trailer; a mismatch throws (after <see cref="IRdbVisitor.End"/> reported it).</summary>
    public bool VerifyChecksum { get; init; } = true;

    /// <summary>Largest string or blob accepted, in bytes (default 512 MiB, Redis's proto-max-bulk-len).</summary>
    public long MaxElementLength { get; init; } = RdbDefaults.MaxElementLength;

    /// <summary>Largest element count accepted for one collection, stream node list, PEL or consumer list (default 2^32).</summary>
    public long MaxCollectionElements { get; init; } = RdbDefaults.MaxCollectionElements;

    /// <summary>Database numbers accepted are 0 to this − 1 (default 16384; servers default to 16 databases).</summary>
    public int MaxDatabases { get; init; } = RdbDefaults.MaxDatabases;

    /// <summary>Deep validation of embedded blobs: back-lengths, prevlens, header counts, intset order, stream counts.</summary>
    public bool Strict { get; init; }

    /// <summary>Read size and initial buffer size in bytes. Small values (1..64) force the refill paths in tests.</summary>
    public int BufferSize { get; init; } = RdbDefaults.BufferSize;

    /// <summary>Keys longer than this are passed to the visitor as a prefix (with the full length in the key info).</summary>
    public int InlineKeyLimit { get; init; } = RdbDefaults.InlineKeyLimit;
}
