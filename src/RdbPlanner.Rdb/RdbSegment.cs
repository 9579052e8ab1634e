namespace RdbPlanner.Rdb;

/// <summary>
/// A point where a snapshot can be cut into independently parsed segments: the first byte of a key record (its expiry
/// or LRU/LFU opcodes, if any, else its type byte), with the database selected there. <see cref="AtEof"/>: the EOF
/// opcode, where the last segment ends.
/// </summary>
public readonly record struct RdbCut(long Offset, int Database, bool AtEof);

/// <summary>
/// A run of whole records, from <see cref="Start"/> (0: the header, else a <see cref="RdbCut"/>) up to
/// <see cref="End"/> (the next cut; <see cref="long.MaxValue"/>: wherever the records end, the EOF opcode or a
/// failure). Parsed by <see cref="RdbParser.ParseSegment"/> with the header's magic and version and the database
/// selected at its start.
/// </summary>
public readonly record struct RdbSegment(long Start, long End, string Magic, int Version, int Database);

/// <summary>
/// Where a snapshot is cut: at the first key record that starts <see cref="Bytes"/> or more after the previous cut (the
/// first cut counts from offset 0). A function of the file alone, so every reader cuts a file the same way, however
/// many threads share the work.
/// </summary>
public readonly record struct RdbSegmentation(long Bytes)
{
    /// <summary>32 MiB: a 325 MB snapshot makes ten segments, few enough that merging them costs under 1 % of the run.</summary>
    public static RdbSegmentation Default { get; } = new(32L << 20);

    /// <summary>The offset from which the next key record starts a new segment.</summary>
    public long NextCut(long cut) => Bytes <= 0 || cut > long.MaxValue - Bytes ? long.MaxValue : cut + Bytes;
}
