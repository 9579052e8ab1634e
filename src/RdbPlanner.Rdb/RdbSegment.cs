namespace RdbPlanner.Rdb;

/// <summary>
/// Records of a snapshot read by one reader of several: from <see cref="Start"/> (0: the header; else the first byte of
/// a key record, its expiry or LRU/LFU opcodes included) up to the first key record that starts at or after
/// <see cref="StopAt"/>, or the EOF opcode. Parsed by <see cref="RdbParser.ParseSegment"/> with the header's magic and
/// version and the database selected at its start, which the readers before it found.
/// </summary>
public readonly record struct RdbSegment(long Start, long StopAt, string Magic, int Version, int Database);

/// <summary>
/// Where a segment ended, and what the next one starts with. <see cref="Crc64"/> covers the segment's bytes from its
/// start, <see cref="CrcLength"/> of them: up to <see cref="Offset"/>, or at the EOF opcode through that byte, where
/// <see cref="StoredChecksum"/> is the trailer's (0 when the version has none) and <see cref="FileBytes"/> the size
/// of the whole snapshot.
/// </summary>
public readonly record struct RdbSegmentEnd(long Offset, int Database, ulong Crc64, long CrcLength, bool AtEof, ulong StoredChecksum, long FileBytes);

/// <summary>
/// Where a snapshot is cut into segments: at the first key record that starts at or after each multiple of
/// <see cref="Bytes"/>. A function of the file alone, so every reader cuts a file the same way, however many threads
/// share the work, and a reader that starts at a multiple can look for the cut on its own.
/// </summary>
public readonly record struct RdbSegmentation(long Bytes)
{
    /// <summary>32 MiB: a 325 MB snapshot makes ten segments, few enough that merging them costs under 1 % of the run.</summary>
    public static RdbSegmentation Default { get; } = new(32L << 20);

    /// <summary>The multiple after <paramref name="offset"/>: from there a key record starts the next segment.</summary>
    public long NextCut(long offset) => Bytes <= 0 || offset > long.MaxValue - 2 * Bytes ? long.MaxValue : (offset / Bytes + 1) * Bytes;
}
