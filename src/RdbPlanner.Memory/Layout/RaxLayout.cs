using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RdbPlanner.Memory.Layout;

/// <summary>
/// Bytes of the radix tree (rax.c of redis 7.0.15 / 7.2.4) holding 16-byte stream IDs (big-endian ms, seq): the stream's
/// listpack index and the consumer-group / consumer PELs. The tree for a sorted key set is the canonical compressed
/// trie that raxInsert builds: a node is a 4-byte header (iskey, isnull, iscompr, size:29), its `size` edge bytes,
/// padding to pointer alignment (raxPadding: header + bytes become a multiple of 8), then one child pointer when
/// compressed or `size` pointers when not, then the value pointer when it holds a non-NULL key. Each node is its own
/// zmalloc, so each is rounded by J(). A 16-byte key ends on a 16-byte empty key node (header, padding, value).
/// <see cref="TreeBytes"/> is the fallback for a tree whose IDs were not all given (the reader gives them; see
/// <see cref="RaxTreeSizer"/>): keys laid out as <c>count</c> IDs <c>stepMs</c> apart ending at <c>lastMs</c>; only the
/// last <see cref="SimulatedKeys"/> are walked and the result scaled, keeping it bounded.
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
/// The exact node bytes of a rax of 16-byte IDs that arrive in ascending order, as a snapshot lists a stream's node IDs
/// and each pending-entries list: the same canonical tree as <see cref="RaxLayout.TreeBytes"/> walks, for the real
/// keys instead of laid-out ones (PEL rax bytes per key move by 10 % between IDs 1 and 100 ms apart). One pass, bounded
/// state: each key's longest common prefix with the one before decides the tree (the lcp-interval tree of sorted keys).
/// A branch node sits at every position where adjacent keys first differ; it has one child per adjacent pair of its keys
/// that first differs there, plus one. A stack holds the branch nodes on the path to the newest key (at most 16, one per
/// position); a node is sized when a key leaves its range, by then knowing its parent, hence the compressed edge above
/// it. A key's own node chain hangs below the deepest branch node around it. Keys out of order or not 16 bytes long make
/// the result unusable (<see cref="Exact"/> false), so callers fall back to the laid-out estimate.
/// </summary>
public struct RaxTreeSizer(AllocatorKind kind)
{
    private readonly AllocatorKind _kind = kind;
    private ulong _prevHigh, _prevLow;
    private int _prevLeftLcp;
    private int _depth;
    private Positions _positions;
    private Pairs _pairs;
    private long _bytes;

    /// <summary>Keys added.</summary>
    public long Count { get; private set; }

    /// <summary>False once a key was not 16 bytes or not above the one before: <see cref="Bytes"/> then means nothing.</summary>
    public bool Exact { get; private set; } = true;

    public void Add(ReadOnlySpan<byte> id)
    {
        if (!Exact) return;
        if (id.Length != RaxLayout.KeyBytes)
        {
            Exact = false;
            return;
        }
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(id), low = BinaryPrimitives.ReadUInt64BigEndian(id[8..]);
        if (Count == 0)
        {
            _prevLeftLcp = -1;
        }
        else
        {
            if (high < _prevHigh || high == _prevHigh && low <= _prevLow)
            {
                Exact = false;
                return;
            }
            int lcp = high != _prevHigh ? BitOperations.LeadingZeroCount(high ^ _prevHigh) / 8 : 8 + BitOperations.LeadingZeroCount(low ^ _prevLow) / 8;
            // The previous key's branch node is the deeper of the positions where it parts from its two neighbours.
            AddKeyChain(Math.Max(_prevLeftLcp, lcp) + 1);
            CloseDeeperThan(lcp);
            if (_depth > 0 && _positions[_depth - 1] == lcp) _pairs[_depth - 1]++;
            else Push(lcp);
            _prevLeftLcp = lcp;
        }
        _prevHigh = high;
        _prevLow = low;
        Count++;
    }

    /// <summary>Node bytes (after the allocator's rounding) of the tree of the keys added so far, the empty head node for none.</summary>
    public readonly long Bytes()
    {
        if (Count == 0) return Jemalloc.Size(RaxLayout.NodeBytes(0, false, false), _kind);
        var done = this;
        done.AddKeyChain(_prevLeftLcp + 1);
        done.CloseDeeperThan(-1);
        return done._bytes;
    }

    /// <summary>A key's nodes below its branch node: the compressed rest of its 16 bytes (if any) and its key node.</summary>
    private void AddKeyChain(int from)
    {
        if (from < RaxLayout.KeyBytes) _bytes += Jemalloc.Size(RaxLayout.NodeBytes(RaxLayout.KeyBytes - from, true, false), _kind);
        _bytes += Jemalloc.Size(RaxLayout.NodeBytes(0, false, true), _kind);
    }

    /// <summary>Sizes and pops the branch nodes at positions deeper than <paramref name="position"/> (-1: all).</summary>
    private void CloseDeeperThan(int position)
    {
        while (_depth > 0 && _positions[_depth - 1] > position)
        {
            _depth--;
            int at = _positions[_depth];
            // Its parent: the next node down if that is popped too, else the node at `position` (kept or pushed next).
            int parent = _depth > 0 && _positions[_depth - 1] > position ? _positions[_depth - 1] : position;
            _bytes += Jemalloc.Size(RaxLayout.NodeBytes(_pairs[_depth] + 1, false, false), _kind);
            if (at > parent + 1) _bytes += Jemalloc.Size(RaxLayout.NodeBytes(at - parent - 1, true, false), _kind);
        }
    }

    private void Push(int position)
    {
        _positions[_depth] = position;
        _pairs[_depth] = 1;
        _depth++;
    }

    [InlineArray(RaxLayout.KeyBytes)]
    private struct Positions
    {
        private int _first;
    }

    [InlineArray(RaxLayout.KeyBytes)]
    private struct Pairs
    {
        private int _first;
    }
}

/// <summary>
/// A rax keyed by names (a stream's consumer groups, a group's consumers), sized from their lengths alone: the fallback
/// when the names themselves were not all given (<see cref="NameRaxSizer"/> sizes those exactly). The names are assumed
/// to differ in their first byte: one branch node over the first bytes, then per name a compressed node of the rest and
/// its key node; a single name is one compressed node and its key node.
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

/// <summary>
/// The exact node bytes of a rax keyed by names (a stream's consumer groups, a group's consumers) that arrive in the
/// tree's ascending byte order, as a snapshot lists them, each key holding a value pointer. Keys may be prefixes of one
/// another, so a key can end inside another's path. The tree is the canonical compressed trie: a node wherever a key ends
/// or keys part, and the node below each parting point; a node with one way on is compressed up to the next such point.
/// The nodes on the newest key's path stay open on a stack; when the next key parts from it at some depth, everything
/// below that depth is closed and sized (its compressed edges then end at known depths). Keys out of order make the
/// result unusable (<see cref="Exact"/> false). Memory: the previous key and one stack entry per node on its path.
/// </summary>
public sealed class NameRaxSizer(AllocatorKind kind)
{
    private readonly List<Boundary> _path = [];
    private byte[] _previous = [];
    private int _previousLength;
    private long _bytes;

    public long Count { get; private set; }

    public bool Exact { get; private set; } = true;

    /// <summary>Empties the tree, keeping its buffers.</summary>
    public void Reset()
    {
        _path.Clear();
        _previousLength = 0;
        _bytes = 0;
        Count = 0;
        Exact = true;
    }

    public void Add(ReadOnlySpan<byte> key)
    {
        if (!Exact) return;
        if (Count == 0)
        {
            _path.Add(new Boundary(0, key.Length == 0, 0));
            if (key.Length > 0) Extend(0, key.Length);
        }
        else
        {
            var previous = _previous.AsSpan(0, _previousLength);
            if (key.SequenceCompareTo(previous) <= 0)
            {
                Exact = false;
                return;
            }
            int lcp = previous.CommonPrefixLength(key);
            Part(lcp, previous.Length);
            Extend(lcp, key.Length);
        }
        if (_previous.Length < key.Length) _previous = new byte[Math.Max(key.Length, 2 * _previous.Length)];
        key.CopyTo(_previous);
        _previousLength = key.Length;
        Count++;
    }

    /// <summary>Node bytes of the tree so far (the empty head node for no keys).</summary>
    public long Bytes()
    {
        if (Count == 0) return Jemalloc.Size(RaxLayout.NodeBytes(0, false, false), kind);
        long open = 0;
        int below = -1;
        for (int i = _path.Count - 1; i >= 0; i--)
        {
            open += Size(_path[i], below);
            below = _path[i].Depth;
        }
        return _bytes + open;
    }

    /// <summary>The new key leaves the previous one's path at <paramref name="lcp"/>: the part below closes.</summary>
    private void Part(int lcp, int previousLength)
    {
        // The deepest open node at or above the parting depth.
        int b = _path.Count - 1;
        while (_path[b].Depth > lcp) b--;
        if (lcp < previousLength)
        {
            // The previous key goes on below lcp: a node at lcp (inserted when lcp is inside a compressed edge) branches,
            // and the previous key's side gets a node at lcp + 1 if the edge did not end there.
            if (_path[b].Depth < lcp) _path.Insert(++b, new Boundary(lcp, false, 1));
            if (b + 1 < _path.Count && _path[b + 1].Depth > lcp + 1) _path.Insert(b + 1, new Boundary(lcp + 1, false, 1));
        }
        CloseBelow(b);
        var parting = _path[b];
        _path[b] = parting with { Ways = parting.Ways + 1 };
    }

    /// <summary>Opens the new key's nodes below depth <paramref name="from"/> (the node there already counts its way on).</summary>
    private void Extend(int from, int length)
    {
        if (length == from) return;
        if (Count == 0 || _path[^1].Ways == 1)
        {
            if (Count == 0) _path[^1] = _path[^1] with { Ways = 1 };
            // One way on from this node: its compressed edge runs to the key's end.
            _path.Add(new Boundary(length, true, 0));
            return;
        }
        // A branch: the key's child node sits right below it, compressed on to the key's end when that is further.
        if (length == from + 1)
        {
            _path.Add(new Boundary(length, true, 0));
            return;
        }
        _path.Add(new Boundary(from + 1, false, 1));
        _path.Add(new Boundary(length, true, 0));
    }

    private void CloseBelow(int keep)
    {
        int below = -1;
        for (int i = _path.Count - 1; i > keep; i--)
        {
            _bytes += Size(_path[i], below);
            below = _path[i].Depth;
        }
        _path.RemoveRange(keep + 1, _path.Count - keep - 1);
    }

    private long Size(Boundary node, int nextDepth) => Jemalloc.Size(node.Ways switch
    {
        0 => RaxLayout.NodeBytes(0, false, node.IsKey),
        1 => RaxLayout.NodeBytes(nextDepth - node.Depth, true, node.IsKey),
        _ => RaxLayout.NodeBytes(Math.Min(node.Ways, 256), false, node.IsKey),
    }, kind);

    /// <summary>A node on the open path: its depth, whether a key ends there, and how many ways on it has.</summary>
    private readonly record struct Boundary(int Depth, bool IsKey, int Ways);
}
