using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>
/// What every model needs to know about one value, gathered in a single pass over its events. Holds no per-element
/// data: sums, maxima and flags only, so a key of any size costs the same memory.
/// </summary>
internal sealed class ValueFacts
{
    public long KeyLength;
    public bool HasTtl;
    public RdbValueType Type;
    public RdbObjectKind Kind;

    public long Count;
    public long MaxLength;
    public bool AllIntegers;
    public long MinInteger;
    public long MaxInteger;

    /// <summary>Listpack bytes rebuilt from the elements (7 + Σ entries); zsets with 7.2+ score text.</summary>
    public long ListpackBytes;
    /// <summary>As <see cref="ListpackBytes"/> with Redis 7.0's score text (%.17g).</summary>
    public long ListpackBytes70;
    /// <summary>Σ S(len) of every element (fields and values for hashes, members for sets/zsets), Redis sds rules.</summary>
    public long SdsRedis;
    /// <summary>The same with Valkey's sds header rules.</summary>
    public long SdsValkey;
    /// <summary>Σ Valkey 8.1 hash entries (value embedded when small).</summary>
    public long HashEntries81;
    /// <summary>Σ Valkey 9.1 hash entries: as 8.1, with an 8-byte prefix for a field that has a TTL.</summary>
    public long HashEntries91;
    /// <summary>Σ Valkey 9.1 skiplist nodes, each holding its member (expected over the node levels).</summary>
    public double ZsetNodes91;

    public bool HasBlob;
    public RdbBlobKind BlobKind;
    public long BlobBytes;

    public RdbScalar StringValue;

    // Quicklists as stored (types 14, 18): nodes are kept as they are.
    public long StoredNodes;
    public long StoredPackedNodes;
    public long StoredNodeAlloc;
    public long StoredLastPackedBytes;
    public RdbQuicklistContainer NodeContainer;
    public long NodeBlobBytes;
    public long NodeListpackBytes;
    public long NodeElements;
    public bool NodeOpen;

    // Plain lists (types 1, 10) pushed element by element.
    public QuicklistFill Fill;
    public QuicklistFill Fill70;

    public long StreamNodes;
    public long StreamListpackAlloc;
    public long StreamGroups;
    public long StreamConsumers;
    public long StreamPelEntries;
    public long StreamConsumerPelEntries;
    public long StreamConsumerNamesRedis;
    public long StreamConsumerNamesValkey;
    public long StreamGroupNameBytes;
    public long StreamLength;
    public long StreamEntries;
    /// <summary>Node bytes of the listpack-index rax and of all PEL raxes (<see cref="Layout.RaxLayout"/>).</summary>
    public double StreamIndexRaxBytes;
    public double StreamPelRaxBytes;
    /// <summary>Groups rax (by group name), the open group's consumers rax, and the closed consumers raxes' bytes.</summary>
    public Layout.NameRax StreamGroupNames;
    /// <summary>Node bytes of the groups rax (set when the stream ends: from the names when the file gave them all).</summary>
    public long StreamGroupRaxBytes;
    public Layout.NameRax StreamOpenConsumerNames;
    public long StreamConsumerRaxBytes;

    public long ModuleBytes;

    // The kind of the value reset last: list and stream fields are only written while such a value is read, so they
    // need clearing only after one (most keys are strings; clearing ~40 unused fields per key was measurable).
    private RdbObjectKind _lastValueKind;

    public ValueFacts()
    {
        ResetList();
        ResetStream();
    }

    public void Reset(RdbValueType type)
    {
        var previous = _lastValueKind;
        Type = type;
        Kind = type.Kind();
        _lastValueKind = Kind;
        Count = 0;
        MaxLength = 0;
        AllIntegers = true;
        MinInteger = 0;
        MaxInteger = 0;
        ListpackBytes = Listpack.Overhead;
        ListpackBytes70 = Listpack.Overhead;
        SdsRedis = 0;
        SdsValkey = 0;
        HashEntries81 = 0;
        HashEntries91 = 0;
        ZsetNodes91 = 0;
        HasBlob = false;
        BlobBytes = 0;
        StringValue = default;
        ModuleBytes = 0;
        if (previous == RdbObjectKind.List) ResetList();
        else if (previous == RdbObjectKind.Stream) ResetStream();
    }

    private void ResetList()
    {
        StoredNodes = 0;
        StoredPackedNodes = 0;
        StoredNodeAlloc = 0;
        StoredLastPackedBytes = 0;
        NodeOpen = false;
        Fill.Reset(redis70: false);
        Fill70.Reset(redis70: true);
    }

    private void ResetStream()
    {
        StreamNodes = 0;
        StreamListpackAlloc = 0;
        StreamGroups = 0;
        StreamConsumers = 0;
        StreamPelEntries = 0;
        StreamConsumerPelEntries = 0;
        StreamConsumerNamesRedis = 0;
        StreamConsumerNamesValkey = 0;
        StreamGroupNameBytes = 0;
        StreamLength = 0;
        StreamEntries = 0;
        StreamIndexRaxBytes = 0;
        StreamPelRaxBytes = 0;
        StreamGroupNames = default;
        StreamGroupRaxBytes = 0;
        StreamOpenConsumerNames = default;
        StreamConsumerRaxBytes = 0;
    }

    public bool IsPlainList => Type is RdbValueType.List or RdbValueType.ListZiplist;
}
