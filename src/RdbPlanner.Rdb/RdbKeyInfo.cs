namespace RdbPlanner.Rdb;

/// <summary>What the reader knows about a key record before its value is read.</summary>
public readonly record struct RdbKeyInfo(
    int Database,
    RdbValueType Type,
    /// <summary>Absolute expiry in Unix milliseconds, or -1 when the key has no TTL.</summary>
    long ExpireAtMs,
    /// <summary>Length of the key in bytes (the span passed with it may be a prefix when the key is huge).</summary>
    long KeyLength,
    /// <summary>Byte offset of the record's first byte (its expiry/idle/type opcode) in the decompressed input.</summary>
    long RecordOffset,
    /// <summary>LRU idle seconds from an IDLE opcode, or -1.</summary>
    long IdleSeconds,
    /// <summary>LFU counter from a FREQ opcode, or -1.</summary>
    int LfuFrequency)
{
    public RdbObjectKind Kind => Type.Kind();
    public bool HasExpiry => ExpireAtMs >= 0;

    /// <summary>
    /// The cluster slot of a key longer than the bytes passed with it (over the reader's inline limit), computed over the
    /// whole key as it streamed past; null when the key was passed whole, whose slot its bytes give.
    /// </summary>
    public int? FullKeySlot { get; init; }
}

/// <summary>Container of a quicklist node (RDB_TYPE_LIST_QUICKLIST_2 tags; type 14 nodes are ziplists).</summary>
public enum RdbQuicklistContainer : byte
{
    Ziplist = 0,   // type 14 nodes
    Plain = 1,     // QUICKLIST_NODE_CONTAINER_PLAIN: one raw element
    Packed = 2,    // QUICKLIST_NODE_CONTAINER_PACKED: a listpack
}

/// <summary>Kind of compact blob a value arrived in.</summary>
public enum RdbBlobKind : byte
{
    Listpack,
    Ziplist,
    Intset,
    Zipmap,
}

/// <summary>Which of a stream's radix trees a key belongs to (<see cref="IRdbValueSink.StreamRaxKey"/>).</summary>
public enum RdbStreamRax : byte
{
    /// <summary>The stream's own rax: a listpack node's master ID (16 bytes).</summary>
    Index,
    /// <summary>A consumer group's pending entries: an entry's ID (16 bytes).</summary>
    GroupPel,
    /// <summary>A consumer's pending entries: an entry's ID (16 bytes).</summary>
    ConsumerPel,
    /// <summary>The stream's consumer groups: a group's name.</summary>
    Groups,
    /// <summary>A group's consumers: a consumer's name.</summary>
    Consumers,
}

public enum RdbChecksumStatus : byte
{
    /// <summary>The trailer matched the CRC64 of the file.</summary>
    Ok,
    /// <summary>Version &lt; 5 (no trailer) or a zero trailer (rdbchecksum no).</summary>
    Absent,
    /// <summary>The trailer differs from the computed CRC64.</summary>
    Mismatch,
    /// <summary>Verification was switched off (--no-verify) or the file ended before its trailer.</summary>
    NotChecked,
}

/// <summary>Facts about one stream value (types 15, 19, 21), gathered without materialising it.</summary>
public struct RdbStreamFacts
{
    public long ListpackNodes;
    public long ListpackBytes;       // sum of listpack blob lengths
    public long Length;              // stream length (live entries) as stored
    public long EntriesInListpacks;  // entries counted while walking the listpacks (live + deleted)
    public long DeletedInListpacks;
    public long Groups;
    public long Consumers;
    public long GroupPelEntries;
    public long ConsumerPelEntries;
    public long GroupNameBytes;
    public long ConsumerNameBytes;
    public ulong LastIdMs;
    public ulong LastIdSeq;
}
