namespace RdbPlanner.Memory.Layout;

/// <summary>
/// quicklist layout (memory-model.md §2.8, quicklist.c of redis 7.0.15 / 7.2.4): 40-byte quicklist and
/// 40-byte nodes, each node owning an exact-size listpack. With list-max-listpack-size −2 an element is appended to
/// the tail node while node bytes + element length + 8 ≤ 8192.
/// </summary>
public static class Quicklist
{
    public const int StructBytes = 40;
    public const int NodeBytes = 40;

    /// <summary>Node size limit for the default list-max-listpack-size −2.</summary>
    public const int NodeSizeLimit = 8192;

    /// <summary>SIZE_ESTIMATE_OVERHEAD in _quicklistNodeAllowInsert.</summary>
    public const int SizeEstimateOverhead = 8;

    public static bool AllowsInsert(long nodeBytes, long elementLength) =>
        nodeBytes + elementLength + SizeEstimateOverhead <= NodeSizeLimit;

    /// <summary>
    /// Whether an element gets its own PLAIN node. Redis 7.2+ and Valkey: larger than the node size limit
    /// (quicklist.c isLargeElement with a negative fill); Redis 7.0: only at packed_threshold (1 GB).
    /// </summary>
    public static bool IsLargeElement(long length, bool redis70) =>
        redis70 ? length >= 1L << 30 : length > NodeSizeLimit;
}

/// <summary>Simulates pushing elements one by one onto a quicklist's tail (RDB types 1 and 10).</summary>
public struct QuicklistFill
{
    public bool Redis70;
    public long Nodes;
    public long PackedNodes;
    /// <summary>Σ J(node buffer) of the closed nodes.</summary>
    public long ClosedNodeAllocBytes;
    /// <summary>Listpack bytes of the open tail node (0 when there is none or it is PLAIN).</summary>
    public long TailBytes;
    private bool _tailOpen;

    public void Reset(bool redis70)
    {
        this = default;
        Redis70 = redis70;
    }

    public void Push(long elementLength, long entryBytes, AllocatorKind kind)
    {
        if (Quicklist.IsLargeElement(elementLength, Redis70))
        {
            Close(kind);
            Nodes++;
            ClosedNodeAllocBytes += Jemalloc.Size(elementLength, kind);
            return;
        }
        if (!_tailOpen || !Quicklist.AllowsInsert(TailBytes, elementLength))
        {
            Close(kind);
            Nodes++;
            PackedNodes++;
            _tailOpen = true;
            TailBytes = Listpack.Overhead;
        }
        TailBytes += entryBytes;
    }

    private void Close(AllocatorKind kind)
    {
        if (_tailOpen) ClosedNodeAllocBytes += Jemalloc.Size(TailBytes, kind);
        _tailOpen = false;
    }

    /// <summary>Σ J(node buffer) over all nodes, the open one included.</summary>
    public readonly long NodeAllocBytes(AllocatorKind kind) =>
        ClosedNodeAllocBytes + (_tailOpen ? Jemalloc.Size(TailBytes, kind) : 0);

    /// <summary>True when the list is one packed node the engine may turn into a LISTPACK-encoded list.</summary>
    public readonly bool SinglePackedNode => Nodes == 1 && PackedNodes == 1 && TailBytes <= Quicklist.NodeSizeLimit;
}
