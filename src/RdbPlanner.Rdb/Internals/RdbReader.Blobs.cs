using System.Buffers.Binary;
using System.Globalization;

namespace RdbPlanner.Rdb;

// Values stored as compact blobs, and quicklists of them (memory-model.md §8.3, §8.4).
internal sealed partial class RdbReader
{
    /// <summary>Pairs/triplets of a compact blob being reassembled into sink events.</summary>
    private struct EntryGroup
    {
        public RdbScalar First;
        public RdbScalar Second;
        public int Filled;
    }

    /// <summary>How many blob entries make one reported item: 1 (list, set), 2 (hash, zset) or 3 (hash with TTLs).</summary>
    private static int GroupSize(RdbValueType type) => type switch
    {
        RdbValueType.HashZiplist or RdbValueType.HashListpack or RdbValueType.HashZipmap
            or RdbValueType.ZSetZiplist or RdbValueType.ZSetListpack => 2,
        RdbValueType.HashListpackEx or RdbValueType.HashListpackExPreGa => 3,
        _ => 1,
    };

    private static long Declared(long entries, int group) => entries < 0 ? -1 : entries / group;

    private void EmitEntry(RdbValueType type, int group, ref EntryGroup g, in RdbCompactEntry e, IRdbValueSink sink, long offset)
    {
        if (group == 1)
        {
            sink.Element(e.ToScalar());
            return;
        }
        if (g.Filled == 0)
        {
            g.First = e.ToScalar();
            g.Filled = 1;
            return;
        }
        if (group == 2)
        {
            if (type is RdbValueType.ZSetZiplist or RdbValueType.ZSetListpack)
                sink.ZSetEntry(g.First, ScoreOf(e, offset));
            else
                sink.Pair(g.First, e.ToScalar(), -1);
            g.Filled = 0;
            return;
        }
        if (g.Filled == 1)
        {
            g.Second = e.ToScalar();
            g.Filled = 2;
            return;
        }
        // Third of a field/value/TTL triplet: absolute Unix ms, 0 = no TTL (t_hash.c HASH_LP_NO_TTL, redis 7.4.1).
        if (!e.TryGetInteger(out long ttl))
            RdbThrow.Format(offset, "hash field TTL in a listpack is not an integer");
        sink.Pair(g.First, g.Second, ttl == 0 ? -1 : ttl);
        g.Filled = 0;
    }

    /// <summary>Scores in ziplists/listpacks are integers or decimal text (t_zset.c zzlGetScore uses strtod).</summary>
    private double ScoreOf(in RdbCompactEntry e, long offset)
    {
        if (e.IsInteger) return e.Integer;
        if (TryParseShortDecimal(e.String, out double fast)) return fast;
        if (double.TryParse(e.String, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
        var s = e.String;
        if (s.SequenceEqual("inf"u8) || s.SequenceEqual("+inf"u8)) return double.PositiveInfinity;
        if (s.SequenceEqual("-inf"u8)) return double.NegativeInfinity;
        if (_strict) RdbThrow.Format(offset, $"zset score of {s.Length} bytes is not a number");
        return 0; // what strtod yields for text that is not a number
    }

    private static readonly double[] s_powersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, // the largest powers of ten a double holds exactly
    ];

    /// <summary>
    /// Fast path for the scores engines write into listpacks ("0.5", "-12.25": shortest round-trip text). With at most
    /// 15 significant digits the mantissa and 10^k are exact doubles, so one IEEE division is correctly rounded
    /// (Clinger's fast path, up to 10^22) and equals what double.Parse returns. Anything else falls back to double.TryParse.
    /// </summary>
    internal static bool TryParseShortDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] == (byte)'-') { negative = true; i = 1; }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        bool seen = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == (byte)'.')
            {
                if (fraction >= 0) return false;
                fraction = 0;
                continue;
            }
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            if ((mantissa != 0 || d != 0) && ++digits > 15) return false; // leading zeros are not significant
            mantissa = mantissa * 10 + d;
            if (fraction >= 0 && ++fraction >= s_powersOf10.Length) return false;
            seen = true;
        }
        if (!seen || fraction == 0) return false;
        double v = fraction > 0 ? mantissa / s_powersOf10[fraction] : mantissa;
        value = negative ? -v : v;
        return true;
    }

    private static void CheckGroupComplete(in EntryGroup g, int group, long offset, string what)
    {
        if (g.Filled != 0)
            RdbThrow.Format(offset, $"{what} has an incomplete item: its entry count is not a multiple of {group}");
    }

    private void ReadListpackValue(RdbValueType type, IRdbValueSink sink)
    {
        var blob = TakeBlob("listpack");
        var detail = RdbItemDetail.Items;
        if (GroupSize(type) == 2 && !ChecksDuplicates(type) && TryPeekListpackCount(in blob, out int entries) && entries % 2 == 0)
        {
            long declaredPairs = entries / 2;
            detail = sink.PairDetail(type, declaredPairs, blob.Length);
            if (detail == RdbItemDetail.Count)
            {
                CheckUnopenedListpack(in blob);
                BeginCompact(type, RdbBlobKind.Listpack, blob.Length, blob.Offset, declaredPairs, "listpack element count", sink);
                sink.PairSummary(declaredPairs, -1, -1);
                return;
            }
        }
        var lp = Open(blob);
        var walker = new RdbListpackWalker(lp, blob.Offset, _strict, blob.Compressed);
        EmitCompact(ref walker, type, RdbBlobKind.Listpack, lp.Length, blob.Offset, "listpack", "listpack element count", detail, sink);
    }

    private void ReadZiplistValue(RdbValueType type, IRdbValueSink sink)
    {
        var zl = ReadBlob("ziplist", out long offset, out bool compressed);
        var walker = new RdbZiplistWalker(zl, offset, _strict, compressed);
        long entries = walker.DeclaredCount;
        var detail = GroupSize(type) == 2 && !ChecksDuplicates(type) && entries >= 0 && entries % 2 == 0
            ? sink.PairDetail(type, entries / 2, zl.Length)
            : RdbItemDetail.Items;
        EmitCompact(ref walker, type, RdbBlobKind.Ziplist, zl.Length, offset, "ziplist", "ziplist element count", detail, sink);
    }

    /// <summary>
    /// A listpack's header count without opening it: an LZF blob's first tokens decoded (<see cref="Lzf.Peek"/>). False
    /// when the header does not know the count or the stored bytes do not yield a header; opening the blob then
    /// reports what is wrong.
    /// </summary>
    private static bool TryPeekListpackCount(in StoredBlob blob, out int count)
    {
        count = 0;
        Span<byte> head = stackalloc byte[RdbListpackWalker.HeaderSize];
        if (blob.Compressed)
        {
            if (Lzf.Peek(blob.Stored, blob.Length, head) != head.Length) return false;
        }
        else
        {
            if (blob.Stored.Length < head.Length) return false;
            blob.Stored[..head.Length].CopyTo(head);
        }
        count = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
        return count != RdbListpackWalker.UnknownCount;
    }

    /// <summary>
    /// What can be checked of a listpack taken by its header count (<see cref="RdbItemDetail.Count"/>): the whole LZF stream
    /// (every error decompressing it would raise), the size and total in the header, and an uncompressed blob's terminator.
    /// </summary>
    private static void CheckUnopenedListpack(in StoredBlob blob)
    {
        if (!blob.Compressed)
        {
            _ = new RdbListpackWalker(blob.Stored, blob.Offset, strict: false);
            return;
        }
        Span<byte> head = stackalloc byte[RdbListpackWalker.HeaderSize];
        CheckLzfResult(blob.Offset, Lzf.Scan(blob.Stored, blob.Length, head), blob.Length);
        RdbListpackWalker.CheckHeader(head, blob.Length, blob.Offset, compressed: true);
    }

    /// <summary>One loop for listpack and ziplist values; the JIT specialises it per walker struct.</summary>
    private void EmitCompact<TWalker>(ref TWalker walker, RdbValueType type, RdbBlobKind kind, int bytes, long offset, string what, string countName, RdbItemDetail detail, IRdbValueSink sink)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        int group = GroupSize(type);
        BeginCompact(type, kind, bytes, offset, Declared(walker.DeclaredCount, group), countName, sink);
        if (ChecksDuplicates(type))
        {
            WalkChecked(ref walker, type, group, sink, offset, what);
            return;
        }
        if (group == 1)
        {
            // The common case gets a tight loop (sets and lists).
            while (walker.Next(out var e)) sink.Element(e.ToScalar());
            CheckBlobElements(offset, walker.Count, countName);
            return;
        }
        long declaredPairs = Declared(walker.DeclaredCount, group);
        if (detail == RdbItemDetail.Count)
        {
            // An opened blob (a ziplist, or a listpack whose header the peek could not read) the sink takes by its count.
            sink.PairSummary(declaredPairs, -1, -1);
            return;
        }
        if (detail == RdbItemDetail.Summary)
        {
            // The sink decided on the header's count; should the entries not match it, walk again the usual way.
            if (TrySummarizePairs(walker, declaredPairs, sink)) return;
        }
        var g = default(EntryGroup);
        while (walker.Next(out var e)) EmitEntry(type, group, ref g, e, sink, offset);
        CheckGroupComplete(g, group, offset, what);
        CheckBlobElements(offset, walker.Count / group, countName);
    }

    private void BeginCompact(RdbValueType type, RdbBlobKind kind, int bytes, long offset, long declared, string countName, IRdbValueSink sink)
    {
        CheckBlobElements(offset, declared, countName);
        sink.BeginValue(type, declared);
        sink.Blob(kind, bytes, 0);
    }

    /// <summary>
    /// The pairs of a blob as one <see cref="IRdbValueSink.PairSummary"/>: the same walk as the per-pair path without a
    /// call and two scalars per pair, nor parsing scores (only the Strict walk, never summarized, rejects a bad one).
    /// False, and nothing reported, when the entries are not exactly the <paramref name="declaredPairs"/> pairs.
    /// </summary>
    /// <remarks>The walker comes by value: on a mismatch the caller walks again from the start with its own.</remarks>
    private static bool TrySummarizePairs<TWalker>(TWalker walker, long declaredPairs, IRdbValueSink sink)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        long entries = 0, longestFirst = 0, longestSecond = 0;
        while (walker.NextTextLength(out long length))
        {
            if ((entries & 1) == 0)
            {
                if (length > longestFirst) longestFirst = length;
            }
            else if (length > longestSecond)
            {
                longestSecond = length;
            }
            entries++;
        }
        if (entries != 2 * declaredPairs) return false;
        sink.PairSummary(declaredPairs, longestFirst, longestSecond);
        return true;
    }

    private void ReadIntsetValue(RdbValueType type, IRdbValueSink sink)
    {
        var blob = ReadBlob("intset", out long offset, out bool compressed);
        var intset = new RdbIntsetWalker(blob, offset, _strict, compressed);
        CheckBlobElements(offset, intset.Count, "intset element count");
        sink.BeginValue(type, intset.Count);
        sink.Blob(RdbBlobKind.Intset, blob.Length, intset.Width);
        for (int i = 0; i < intset.Count; i++) sink.Element(RdbScalar.FromInteger(intset[i]));
    }

    private void ReadZipmapValue(RdbValueType type, IRdbValueSink sink)
    {
        var blob = ReadBlob("zipmap", out long offset, out bool compressed);
        var walker = new RdbZipmapWalker(blob, offset, compressed);
        CheckBlobElements(offset, walker.DeclaredCount, "zipmap pair count");
        sink.BeginValue(type, walker.DeclaredCount);
        sink.Blob(RdbBlobKind.Zipmap, blob.Length, 0);
        long pairs = 0;
        var seen = _strict ? BeginDuplicateCheck() : null;
        while (walker.Next(out var key, out var value))
        {
            if (seen is not null) CheckUnique(seen, key, offset, pairs, "zipmap");
            sink.Pair(RdbScalar.FromText(key), RdbScalar.FromText(value), -1);
            pairs++;
        }
        CheckBlobElements(offset, pairs, "zipmap pair count");
    }

    /// <summary>
    /// Type 14: len(nodes), each a ziplist string. Type 18: len(nodes), each len(container: 1 PLAIN, 2 PACKED) and a
    /// string holding one raw element or a listpack (rdb.c, redis 7.2.4). BeginValue carries the node count.
    /// </summary>
    private void ReadQuicklist(RdbValueType type, IRdbValueSink sink)
    {
        long nodes = ReadCount("quicklist node count", 2);
        sink.BeginValue(type, nodes);
        long elements = 0;
        for (long n = 0; n < nodes; n++)
        {
            if (type == RdbValueType.ListQuicklist)
            {
                var zl = ReadBlob("quicklist ziplist node", out long offset, out bool compressed);
                var walker = new RdbZiplistWalker(zl, offset, _strict, compressed);
                EmitNode(ref walker, RdbQuicklistContainer.Ziplist, zl.Length, offset, ref elements, sink);
                continue;
            }

            long at = Position;
            ulong container = ReadLength();
            if (container == (ulong)RdbQuicklistContainer.Plain)
            {
                var element = ReadScalar();
                CheckBlobElements(at, ++elements, "quicklist element count");
                sink.QuicklistNode(RdbQuicklistContainer.Plain, element.Length, 1);
                sink.Element(element);
            }
            else if (container == (ulong)RdbQuicklistContainer.Packed)
            {
                var blob = TakeBlob("quicklist listpack node");
                if (TryPeekListpackCount(in blob, out int count))
                {
                    // Counted from the header: the node is opened only if the sink wants more than the count.
                    var detail = BeginNode(RdbQuicklistContainer.Packed, blob.Length, count, countKnown: true, blob.Offset, ref elements, sink);
                    if (detail == RdbItemDetail.Count)
                    {
                        CheckUnopenedListpack(in blob);
                        sink.NodeElementSummary(count, -1);
                        continue;
                    }
                    var opened = new RdbListpackWalker(Open(blob), blob.Offset, _strict, blob.Compressed);
                    EmitNodeElements(ref opened, detail, sink);
                    continue;
                }
                var walker = new RdbListpackWalker(Open(blob), blob.Offset, _strict, blob.Compressed);
                EmitNode(ref walker, RdbQuicklistContainer.Packed, blob.Length, blob.Offset, ref elements, sink);
            }
            else
            {
                RdbThrow.Format(at, $"invalid quicklist container {container} (expected 1 PLAIN or 2 PACKED)");
            }
        }
    }

    /// <summary>One packed quicklist node (ziplist or listpack): counted first so the running total is checked, then emitted.</summary>
    private void EmitNode<TWalker>(ref TWalker walker, RdbQuicklistContainer container, int bytes, long offset, ref long elements, IRdbValueSink sink)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        long count = CountEntries(walker);
        var detail = BeginNode(container, bytes, count, walker.DeclaredCount >= 0, offset, ref elements, sink);
        if (detail == RdbItemDetail.Count)
        {
            sink.NodeElementSummary(count, -1);
            return;
        }
        EmitNodeElements(ref walker, detail, sink);
    }

    /// <summary>
    /// Adds a packed node's <paramref name="count"/> to the list's, reports the node and asks the sink how much of its
    /// elements it wants: a count only where the header knew it and the reader is not Strict (which checks every entry).
    /// </summary>
    private RdbItemDetail BeginNode(RdbQuicklistContainer container, int bytes, long count, bool countKnown, long offset, ref long elements, IRdbValueSink sink)
    {
        elements += count;
        CheckBlobElements(offset, elements, "quicklist element count");
        sink.QuicklistNode(container, bytes, count);
        var detail = sink.NodeDetail(container, bytes);
        return detail == RdbItemDetail.Count && (_strict || !countKnown) ? RdbItemDetail.Summary : detail;
    }

    /// <summary>A packed node's elements, each or (<see cref="RdbItemDetail.Summary"/>) as their number and longest.</summary>
    private static void EmitNodeElements<TWalker>(ref TWalker walker, RdbItemDetail detail, IRdbValueSink sink)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        if (detail == RdbItemDetail.Items)
        {
            while (walker.Next(out var e)) sink.Element(e.ToScalar());
            return;
        }
        long walked = 0, longest = 0;
        while (walker.NextTextLength(out long length))
        {
            walked++;
            if (length > longest) longest = length;
        }
        sink.NodeElementSummary(walked, longest);
    }

    /// <summary>The Strict walk of a listpack or ziplist: as the loops above, plus the duplicate check of each item's first entry.</summary>
    private void WalkChecked<TWalker>(ref TWalker walker, RdbValueType type, int group, IRdbValueSink sink, long offset, string what)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        var seen = BeginDuplicateCheck();
        var g = default(EntryGroup);
        long index = 0;
        while (walker.Next(out var e))
        {
            if (index % group == 0) CheckUnique(seen, e, offset, index, what);
            index++;
            EmitEntry(type, group, ref g, e, sink, offset);
        }
        CheckGroupComplete(g, group, offset, what);
        CheckBlobElements(offset, index / group, what + " element count");
    }

    /// <summary>
    /// Elements of a compact blob (or a quicklist so far) against MaxCollectionElements, which counted encodings check
    /// up front (FINDINGS F4). -1 (unknown) passes; the walked count is checked after the walk.
    /// </summary>
    private void CheckBlobElements(long offset, long elements, string what)
    {
        if (elements > _options.MaxCollectionElements)
            RdbThrow.Limit(offset, nameof(RdbReaderOptions.MaxCollectionElements), elements, _options.MaxCollectionElements, what);
    }

    /// <summary>The header's count, or a walk of a copy when the header says "unknown" (the caller's walker does not move).</summary>
    private static long CountEntries<TWalker>(TWalker walker)
        where TWalker : struct, ICompactWalker, allows ref struct
    {
        if (walker.DeclaredCount >= 0) return walker.DeclaredCount;
        while (walker.Next(out _)) { }
        return walker.Count;
    }
}
