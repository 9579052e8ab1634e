namespace RdbPlanner.Memory.Layout;

/// <summary>
/// Bytes of the radix tree (rax.c of redis 7.0.15 / 7.2.4) holding 16-byte stream IDs (big-endian ms, seq): the stream's
/// listpack index and the consumer-group / consumer PELs. The tree for a sorted key set is the canonical compressed
/// trie that raxInsert builds: a node is a 4-byte header (iskey, isnull, iscompr, size:29), its `size` edge bytes,
/// padding to pointer alignment (raxPadding: header + bytes become a multiple of 8), then one child pointer when
/// compressed or `size` pointers when not, then the value pointer when it holds a non-NULL key. Each node is its own
/// zmalloc, so each is rounded by J(). A 16-byte key ends on a 16-byte empty key node (header, padding, value).
/// The file does not give the IDs, so keys are laid out as <c>count</c> IDs <c>stepMs</c> apart ending at
/// <c>lastMs</c>; only the last <see cref="SimulatedKeys"/> are walked and the result scaled, keeping it bounded.
/// </summary>
public static class RaxLayout
{
    public const int KeyBytes = 16;
    /// <summary>Keys walked at most per tree; larger trees are scaled from this many (the per-key cost is then stable).</summary>
    public const int SimulatedKeys = 2048;

    /// <summary>raxNodeCurrentLength for a node with <paramref name="size"/> edge bytes.</summary>
    public static int NodeBytes(int size, bool compressed, bool hasValue)
    {
        int padding = (8 - ((size + 4) % 8)) & 7;
        return 4 + size + padding + (compressed ? 8 : 8 * size) + (hasValue ? 8 : 0);
    }

    /// <summary>
    /// Node bytes (after J()) of a rax holding <paramref name="count"/> IDs, excluding the rax struct. An empty rax is
    /// its empty head node.
    /// </summary>
    public static double TreeBytes(long count, ulong lastMs, ulong seq, ulong stepMs, AllocatorKind kind)
    {
        if (count <= 0) return Jemalloc.Size(NodeBytes(0, false, false), kind);
        int n = (int)Math.Min(count, SimulatedKeys);
        if (stepMs == 0) stepMs = 1;
        ulong span = (ulong)(n - 1) * stepMs;
        var keys = new KeyRange(lastMs >= span ? lastMs - span : 0, seq, stepMs);
        double bytes = Subtree(keys, 0, n, 0, kind);
        return count == n ? bytes : bytes * count / n;
    }

    private readonly struct KeyRange(ulong firstMs, ulong seq, ulong stepMs)
    {
        public byte At(int index, int position)
        {
            ulong word = position < 8 ? firstMs + (ulong)index * stepMs : seq;
            return (byte)(word >> (56 - 8 * (position & 7)));
        }
    }

    // Keys [lo, hi) all share bytes [0, depth); returns the node whose edges start at `depth` plus all below it.
    private static long Subtree(KeyRange keys, int lo, int hi, int depth, AllocatorKind kind)
    {
        long leaf = Jemalloc.Size(NodeBytes(0, false, true), kind);
        if (depth == KeyBytes) return leaf;
        if (hi - lo == 1) return Jemalloc.Size(NodeBytes(KeyBytes - depth, true, false), kind) + leaf;
        // Sorted keys: the common prefix of the range is that of its first and last key.
        int common = depth;
        while (common < KeyBytes && keys.At(lo, common) == keys.At(hi - 1, common)) common++;
        long bytes = 0;
        if (common > depth) bytes += Jemalloc.Size(NodeBytes(common - depth, true, false), kind);
        int children = 0;
        for (int start = lo; start < hi;)
        {
            byte b = keys.At(start, common);
            int end = start + 1;
            while (end < hi && keys.At(end, common) == b) end++;
            bytes += Subtree(keys, start, end, common + 1, kind);
            children++;
            start = end;
        }
        return bytes + Jemalloc.Size(NodeBytes(children, false, false), kind);
    }
}

/// <summary>
/// A rax keyed by names (a stream's consumer groups, a group's consumers). Only name lengths are known, so the names
/// are assumed to differ in their first byte: one branch node over the first bytes, then per name a compressed node
/// of the rest and its key node; a single name is one compressed node and its key node.
/// </summary>
public struct NameRax
{
    public long Count;
    private long _tails;
    private long _single;

    public void Add(long nameLength, AllocatorKind kind)
    {
        long leaf = Jemalloc.Size(RaxLayout.NodeBytes(0, false, true), kind);
        if (Count == 0) _single = Jemalloc.Size(RaxLayout.NodeBytes((int)Math.Min(nameLength, int.MaxValue / 2), true, false), kind) + leaf;
        _tails += (nameLength > 1 ? Jemalloc.Size(RaxLayout.NodeBytes((int)Math.Min(nameLength - 1, int.MaxValue / 2), true, false), kind) : 0) + leaf;
        Count++;
    }

    /// <summary>Node bytes (the empty head node when no name was added).</summary>
    public readonly long Bytes(AllocatorKind kind) => Count switch
    {
        0 => Jemalloc.Size(RaxLayout.NodeBytes(0, false, false), kind),
        1 => _single,
        _ => Jemalloc.Size(RaxLayout.NodeBytes((int)Math.Min(Count, 256), false, false), kind) + _tails,
    };
}
