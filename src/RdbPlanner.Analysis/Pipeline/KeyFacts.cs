using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

internal enum KeyFactsEvent : byte
{
    Key,
    ResizeDb,
    SlotInfo,
    /// <summary>The time TTLs are measured from (in <see cref="KeyFacts.ExpireAtMs"/>), sent before the first key and again if it changes.</summary>
    ReferenceTime,
    /// <summary>The records before it end a segment of the file (<see cref="RdbSegmentation"/>): its prefixes are folded.</summary>
    SegmentEnd,
}

/// <summary>
/// What the aggregators need of one record, complete once its value has been read: the key's facts from the reader,
/// every model's costs and the source model's element facts, and the expiry verdict. Records travel in file order
/// from the parsing thread to the aggregating one (<see cref="AggregationPipe"/>); sizing hints travel the same way,
/// so they reach the dataset in order too, as does the time TTLs are measured from. Kept small (120 bytes): every
/// byte is written on one core and read on the other, and a 330-byte record per key made the handover cost what it
/// saved.
/// </summary>
internal struct KeyFacts
{
    public long ExpireAtMs;
    /// <summary>The key's length in the file (the bytes handed over may be a prefix of a very long key).</summary>
    public long KeyLength;
    /// <summary>Source model: elements, or the key count of a sizing hint.</summary>
    public long Elements;
    /// <summary>Source model: largest element (a plain string's value length), or the expire count of a sizing hint.</summary>
    public long LargestElement;
    /// <summary>
    /// Every model's costs of the key. A plain string's are left to the aggregates (<see cref="KeyAggregates"/>), from
    /// <see cref="KeyLength"/>, the TTL and the value below: a lookup in the string-cost cache, often a cache miss, that
    /// the parsing thread, the busier of the two, need not wait for.
    /// </summary>
    public KeyCosts Costs;
    /// <summary>A plain string's value as an integer, when <see cref="ValueIsInteger"/> (its length is <see cref="LargestElement"/>).</summary>
    public long ValueInteger;
    /// <summary>Module name of a module value (<see cref="ModuleNames"/>), else 0. No references here: see ModuleNames.</summary>
    public int ModuleId;
    /// <summary>The key's db, or the db or slot a sizing hint is about.</summary>
    public int Database;
    // Where the key's bytes are in the batch (pipelined).
    public int KeyOffset;
    public int KeyBytes;
    public RdbValueType Type;
    public KeyFactsEvent Event;
    /// <summary>The key's TTL had passed at the snapshot's time (AUX ctime): the server would not load it.</summary>
    public bool ExpiredAtSnapshot;
    public bool ValueIsInteger;
    /// <summary>A key longer than the bytes handed over: its slot + 1, computed over the whole key by the reader; else 0.</summary>
    public ushort FullKeySlotPlusOne;

    public readonly RdbObjectKind Kind => Type.Kind();
    public readonly bool HasExpiry => ExpireAtMs >= 0;
    public readonly int HintTarget => Database;
    public readonly long HintKeys => Elements;
    public readonly long HintExpires => LargestElement;
}
