namespace RdbPlanner.Rdb;

/// <summary>How much of a compact blob's items (pairs, or a quicklist node's elements) a value sink needs.</summary>
public enum RdbItemDetail : byte
{
    /// <summary>An event per item (<see cref="IRdbValueSink.Element"/>, <see cref="IRdbValueSink.Pair"/>, <see cref="IRdbValueSink.ZSetEntry"/>).</summary>
    Items,

    /// <summary>One summary: how many items and the longest, from a walk of every entry.</summary>
    Summary,

    /// <summary>
    /// One summary with the header's count only, longest lengths -1: the entries are not walked and a listpack stored
    /// LZF-compressed is not decompressed (its LZF stream is still checked whole: <c>Lzf.Scan</c>). As a server loads it
    /// without sanitize-dump-payload, the entries' own structure goes unchecked; a Strict reader walks anyway.
    /// </summary>
    Count,
}
