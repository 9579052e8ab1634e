using RdbPlanner.Memory.Layout;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>Rax node sizes worked out by hand from rax.c's layout (header 4 B, edge bytes, padding, pointers).</summary>
public class RaxLayoutTests
{
    private const AllocatorKind Q8 = AllocatorKind.JemallocQ8;
    private const AllocatorKind Q16 = AllocatorKind.JemallocQ16;

    [Theory]
    [InlineData(0, false, false, 8)]   // empty head
    [InlineData(0, false, true, 16)]   // key node with value pointer
    [InlineData(16, true, false, 32)]  // 16 bytes, no padding, one child
    [InlineData(3, false, false, 32)]  // 3 bytes + 1 padding + 3 children
    [InlineData(9, true, false, 24)]   // 9 bytes + 3 padding + one child
    public void NodeBytes_FollowsRaxLayout(int size, bool compressed, bool value, int expected) =>
        Assert.Equal(expected, RaxLayout.NodeBytes(size, compressed, value));

    [Fact]
    public void EmptyAndSingleKeyTrees()
    {
        Assert.Equal(8, RaxLayout.TreeBytes(0, 1_700_000_000_000, 0, 1, Q8));
        Assert.Equal(48, RaxLayout.TreeBytes(1, 1_700_000_000_000, 0, 1, Q8));
        Assert.Equal(48, RaxLayout.TreeBytes(1, 1_700_000_000_000, 0, 1, Q16));
    }

    [Fact]
    public void TwoKeysSplitAtTheirFirstDifferentByte()
    {
        // IDs 255-0 and 256-0 differ first in byte 6: compressed prefix (6 B) 24, branch of 2 24, then per key a
        // compressed 9-byte tail 24 and its key node 16.
        Assert.Equal(24 + 24 + 2 * (24 + 16), RaxLayout.TreeBytes(2, 256, 0, 1, Q8));
        Assert.Equal(32 + 32 + 2 * (32 + 16), RaxLayout.TreeBytes(2, 256, 0, 1, Q16));
    }

    [Fact]
    public void MatchesTheDebian70Measurement()
    {
        // 100 streams × 20 listpack nodes of 100 entries 1 ms apart on redis 7.0.15 (q16) used 807 B per stream more
        // than the former fitted 8 + 20 × 25.7 B; the walked tree should account for that growth within 1%.
        double measured = 8 + 20 * 25.7 + 806.96;
        double model = RaxLayout.TreeBytes(20, 1_700_000_002_000, 0, 100, Q16);
        Assert.InRange(model / measured, 0.99, 1.01);
    }

    [Fact]
    public void LargeTreesScaleFromABoundedWalk()
    {
        double walked = RaxLayout.TreeBytes(RaxLayout.SimulatedKeys, 1_700_000_000_000, 0, 25, Q8);
        Assert.Equal(walked * 1000, RaxLayout.TreeBytes(1000L * RaxLayout.SimulatedKeys, 1_700_000_000_000, 0, 25, Q8), 6);
        // Huge counts (an untrusted length) do not allocate or loop by the count.
        Assert.True(RaxLayout.TreeBytes(long.MaxValue / 1024, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, Q8) > 0);
    }

    [Fact]
    public void NameRaxes()
    {
        var one = default(NameRax);
        one.Add(7, Q8);
        Assert.Equal(24 + 16, one.Bytes(Q8)); // "workers": compressed 7 bytes + key node
        var two = one;
        two.Add(5, Q8);
        Assert.Equal(24 + (24 + 16) + (16 + 16), two.Bytes(Q8)); // branch of 2, tails of 6 and 4 bytes
        Assert.Equal(8, default(NameRax).Bytes(Q8));
    }

    [Fact]
    public void Sizer_MatchesTheRecursiveTree_OnRandomSortedIds()
    {
        var rng = new Random(20261128);
        for (int round = 0; round < 400; round++)
        {
            // Shapes: IDs close together (a busy stream), far apart, with varying sequence numbers, or random bytes.
            int count = round < 20 ? round : rng.Next(2, 3000);
            int shape = round % 4;
            var keys = new SortedSet<(ulong Ms, ulong Seq)>();
            ulong ms = 1_700_000_000_000UL + (ulong)rng.Next(1 << 20);
            while (keys.Count < count)
            {
                switch (shape)
                {
                    case 0: ms += (ulong)rng.Next(0, 3); keys.Add((ms, (ulong)rng.Next(4))); break;
                    case 1: ms += (ulong)rng.Next(1, 200_000); keys.Add((ms, 0)); break;
                    case 2: keys.Add((ms + (ulong)rng.Next(50), (ulong)rng.NextInt64())); break;
                    default: keys.Add(((ulong)rng.NextInt64() * 2, (ulong)rng.NextInt64())); break;
                }
            }
            var ids = keys.Select(Id).ToList();
            foreach (var kind in new[] { Q8, Q16 })
            {
                var sizer = new RaxTreeSizer(kind);
                foreach (var id in ids) sizer.Add(id);
                Assert.True(sizer.Exact);
                Assert.Equal(ids.Count, sizer.Count);
                Assert.Equal(ReferenceTree(ids, kind), sizer.Bytes());
            }
        }
    }

    [Fact]
    public void Sizer_MatchesTreeBytes_ForLaidOutIds()
    {
        foreach (var (count, step) in new[] { (1, 1UL), (2, 1UL), (300, 1UL), (2048, 25UL), (700, 100UL), (40, 100_000UL) })
        {
            var sizer = new RaxTreeSizer(Q8);
            ulong last = 1_700_000_000_000UL;
            for (int i = count - 1; i >= 0; i--) sizer.Add(Id((last - (ulong)i * step, 7)));
            Assert.Equal(RaxLayout.TreeBytes(count, last, 7, step, Q8), sizer.Bytes());
        }
    }

    [Fact]
    public void Sizer_GivesUpOnIdsOutOfOrderOrOfAnotherLength()
    {
        var sizer = new RaxTreeSizer(Q8);
        sizer.Add(Id((5, 0)));
        sizer.Add(Id((5, 0)));
        Assert.False(sizer.Exact);
        var shorter = new RaxTreeSizer(Q8);
        shorter.Add(new byte[15]);
        Assert.False(shorter.Exact);
        var descending = new RaxTreeSizer(Q8);
        descending.Add(Id((9, 0)));
        descending.Add(Id((8, 5)));
        Assert.False(descending.Exact);
        Assert.Equal(8, new RaxTreeSizer(Q8).Bytes()); // no keys: the empty head node
    }

    private static byte[] Id((ulong Ms, ulong Seq) id)
    {
        var b = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, id.Ms);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), id.Seq);
        return b;
    }

    /// <summary>The canonical compressed trie of sorted keys, recursively (as RaxLayout walks its laid-out keys).</summary>
    private static long ReferenceTree(List<byte[]> keys, AllocatorKind kind)
    {
        if (keys.Count == 0) return Jemalloc.Size(RaxLayout.NodeBytes(0, false, false), kind);
        return Subtree(keys, 0, keys.Count, 0, kind);
    }

    private static long Subtree(List<byte[]> keys, int lo, int hi, int depth, AllocatorKind kind)
    {
        long leaf = Jemalloc.Size(RaxLayout.NodeBytes(0, false, true), kind);
        if (depth == 16) return leaf;
        if (hi - lo == 1) return Jemalloc.Size(RaxLayout.NodeBytes(16 - depth, true, false), kind) + leaf;
        int common = depth;
        while (common < 16 && keys[lo][common] == keys[hi - 1][common]) common++;
        long bytes = common > depth ? Jemalloc.Size(RaxLayout.NodeBytes(common - depth, true, false), kind) : 0;
        int children = 0;
        for (int start = lo; start < hi;)
        {
            int end = start + 1;
            while (end < hi && keys[end][common] == keys[start][common]) end++;
            bytes += Subtree(keys, start, end, common + 1, kind);
            children++;
            start = end;
        }
        return bytes + Jemalloc.Size(RaxLayout.NodeBytes(children, false, false), kind);
    }

    [Fact]
    public void NameSizer_MatchesTheRecursiveTree_OnRandomSortedNames()
    {
        var rng = new Random(20261129);
        for (int round = 0; round < 600; round++)
        {
            // Small alphabets and short lengths make shared prefixes, keys that are prefixes of others, and the empty key.
            int alphabet = rng.Next(1, 5), maxLength = rng.Next(0, 12), count = rng.Next(0, round < 100 ? 6 : 200);
            var names = new SortedSet<byte[]>(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
            for (int i = 0; i < count; i++)
            {
                var name = new byte[rng.Next(0, maxLength + 1)];
                for (int j = 0; j < name.Length; j++) name[j] = (byte)('a' + rng.Next(alphabet));
                names.Add(name);
            }
            var list = names.ToList();
            foreach (var kind in new[] { Q8, Q16 })
            {
                var sizer = new NameRaxSizer(kind);
                foreach (var name in list) sizer.Add(name);
                Assert.True(sizer.Exact);
                Assert.Equal(list.Count, sizer.Count);
                Assert.Equal(ReferenceNameTree(list, kind), sizer.Bytes());
            }
        }
    }

    [Fact]
    public void NameSizer_AgreesWithTheIdSizer_OnIds()
    {
        var rng = new Random(5);
        for (int round = 0; round < 100; round++)
        {
            var ids = new SortedSet<(ulong, ulong)>();
            ulong ms = 1_700_000_000_000UL;
            int count = rng.Next(1, 400);
            while (ids.Count < count) { ms += (ulong)rng.Next(0, 40); ids.Add((ms, (ulong)rng.Next(3))); }
            var byId = new RaxTreeSizer(Q8);
            var byName = new NameRaxSizer(Q8);
            foreach (var id in ids.Select(Id))
            {
                byId.Add(id);
                byName.Add(id);
            }
            Assert.Equal(byId.Bytes(), byName.Bytes());
        }
    }

    [Fact]
    public void NameSizer_HandWorkedTrees()
    {
        // "grp:0", "grp:1": compressed "grp:" 16, branch of 2 24, two key nodes 16 (q8).
        Assert.Equal(16 + 24 + 2 * 16, Names(Q8, "grp:0", "grp:1"));
        // "a", "ab": compressed "a" 16, key node for "a" compressed "b" with a value 24, key node 16.
        Assert.Equal(16 + 24 + 16, Names(Q8, "a", "ab"));
        // One name: a compressed node of its bytes and its key node, as NameRax assumes.
        var one = default(NameRax);
        one.Add(7, Q8);
        Assert.Equal(one.Bytes(Q8), Names(Q8, "workers"));
        Assert.Equal(8, Names(Q8));
        var outOfOrder = new NameRaxSizer(Q8);
        outOfOrder.Add("b"u8);
        outOfOrder.Add("a"u8);
        Assert.False(outOfOrder.Exact);
    }

    private static long Names(AllocatorKind kind, params string[] names)
    {
        var sizer = new NameRaxSizer(kind);
        foreach (var name in names) sizer.Add(System.Text.Encoding.ASCII.GetBytes(name));
        return sizer.Bytes();
    }

    /// <summary>The canonical compressed trie of distinct byte strings, recursively: a node where a key ends or keys part.</summary>
    private static long ReferenceNameTree(List<byte[]> keys, AllocatorKind kind) =>
        keys.Count == 0 ? Jemalloc.Size(RaxLayout.NodeBytes(0, false, false), kind) : NameNode(keys, 0, kind);

    private static long NameNode(List<byte[]> keys, int depth, AllocatorKind kind)
    {
        bool isKey = keys.Any(k => k.Length == depth);
        var rest = keys.Where(k => k.Length > depth).ToList();
        if (rest.Count == 0) return Jemalloc.Size(RaxLayout.NodeBytes(0, false, isKey), kind);
        var groups = rest.GroupBy(k => k[depth]).ToList();
        if (groups.Count == 1)
        {
            // Compressed up to where the keys part or the first of them ends.
            int next = depth + 1;
            while (rest.All(k => k.Length > next) && rest.All(k => k[next] == rest[0][next])) next++;
            return Jemalloc.Size(RaxLayout.NodeBytes(next - depth, true, isKey), kind) + NameNode(rest, next, kind);
        }
        return Jemalloc.Size(RaxLayout.NodeBytes(groups.Count, false, isKey), kind) + groups.Sum(g => NameNode(g.ToList(), depth + 1, kind));
    }
}
