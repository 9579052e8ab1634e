using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Heavy-hitter key prefixes in bounded memory: the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005)
/// with a fixed number of counters per depth. A tracked prefix's key count is never below its true count and exceeds
/// it by at most <see cref="ErrorBound"/> (the smallest counter, itself at most keys/capacity); every prefix whose true
/// count is above that bound is guaranteed to be tracked. Bytes are attributed the same way: each unit of a counter
/// carries one key's bytes, so a newcomer's over-estimate is at most the evicted entry's bytes (and a prefix that was
/// evicted and came back has left its earlier bytes with its replacement). <see cref="Merge"/> keeps these guarantees for
/// the files together. Prefixes are the key up to (not including) the d-th delimiter, for d = 1..MaxDepth.
/// Counters are kept in the paper's Stream-Summary (entries grouped in buckets of equal count, buckets in ascending
/// order), so counting a key and evicting the minimum are O(1) and allocate nothing.
/// </summary>
internal sealed class PrefixSketch
{
    /// <summary>
    /// Longest prefix counted, in bytes: a key whose d-th delimiter lies further in has no prefix at depth d (or deeper).
    /// Real prefixes are words (`user`, `session:eu`); the bound keeps each depth's arena within capacity × this × 2,
    /// where keys of up to 64 KiB could have made it 0.5 GB.
    /// </summary>
    public const int DefaultMaxPrefixBytes = 256;

    private readonly int _capacity;
    private readonly byte _delimiter;
    private readonly int _maxDepth;
    private readonly int _maxPrefixBytes;
    private readonly Level[] _levels;

    public PrefixSketch(int capacity, byte delimiter, int maxDepth, int maxPrefixBytes = DefaultMaxPrefixBytes)
    {
        _capacity = Math.Max(16, capacity);
        _delimiter = delimiter;
        _maxDepth = Math.Clamp(maxDepth, 1, 3);
        _maxPrefixBytes = Math.Max(1, maxPrefixBytes);
        _levels = new Level[_maxDepth];
        for (int i = 0; i < _maxDepth; i++) _levels[i] = new Level(_capacity);
    }

    public byte Delimiter => _delimiter;

    public int MaxDepth => _maxDepth;

    /// <summary>Largest possible over-count of any reported prefix, over all depths.</summary>
    public long ErrorBound
    {
        get
        {
            long bound = 0;
            foreach (var level in _levels) bound = Math.Max(bound, level.MinCount);
            return bound;
        }
    }

    public void Add(ReadOnlySpan<byte> key, long bytes) => Add(key, DelimiterMask.Of(key, _delimiter), bytes);

    /// <param name="key">the key</param>
    /// <param name="delimiters"><see cref="DelimiterMask.Of(ReadOnlySpan{byte}, byte)"/> of the key and <see cref="Delimiter"/>:
    /// every delimiter among the first 64 bytes; a longer key's later ones are searched for as needed</param>
    /// <param name="bytes">the key's bytes under the source model</param>
    public void Add(ReadOnlySpan<byte> key, ulong delimiters, long bytes)
    {
        // The prefixes are nested, so one hash state over the key's leading 8-byte words serves every depth.
        var hasher = new PrefixHasher();
        int from = 0;
        for (int depth = 0; depth < _maxDepth; depth++)
        {
            int end;
            if (delimiters != 0)
            {
                end = BitOperations.TrailingZeroCount(delimiters);
                delimiters &= delimiters - 1;
            }
            else
            {
                // Only as far as a prefix may reach: its delimiter at index _maxPrefixBytes at most.
                int start = Math.Max(from, DelimiterMask.Span), limit = Math.Min(key.Length, _maxPrefixBytes + 1);
                if (start >= limit) return;
                int rel = key[start..limit].IndexOf(_delimiter);
                if (rel < 0) return;
                end = start + rel;
            }
            if (end > _maxPrefixBytes) return;
            _levels[depth].Add(key[..end], hasher.Hash(key, end), 1, bytes);
            from = end + 1;
        }
    }

    /// <summary>Empties the sketch, as new.</summary>
    public void Clear()
    {
        foreach (var level in _levels) level.Clear();
    }

    public void Merge(PrefixSketch other)
    {
        for (int i = 0; i < _maxDepth && i < other._maxDepth; i++) _levels[i].Merge(other._levels[i]);
    }

    public List<PrefixStat> Top(int perDepth)
    {
        var result = new List<PrefixStat>();
        for (int d = 0; d < _maxDepth; d++)
        {
            foreach (var e in _levels[d].Entries().OrderByDescending(e => e.Bytes).ThenBy(e => e.Text, StringComparer.Ordinal).Take(perDepth))
            {
                result.Add(new PrefixStat(e.Text, d + 1, e.Count, e.Bytes));
            }
        }
        return result;
    }

    /// <summary>Throws when a depth's links, bucket order or hash table are inconsistent (for tests).</summary>
    internal void Validate()
    {
        foreach (var level in _levels) level.Validate();
    }

    /// <summary>
    /// Multiply-rotate over 8-byte words (only in-memory lookups depend on it, never output order). The state covers whole
    /// words from the key's start, so the hash of a longer prefix of the same key continues from it.
    /// </summary>
    private struct PrefixHasher
    {
        private const ulong K = 0x9E3779B97F4A7C15UL;
        private ulong _state;
        private int _hashed; // bytes folded into _state, a multiple of 8

        /// <summary>Hash of <c>key[..end]</c>; calls on one instance must not shrink <paramref name="end"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Hash(ReadOnlySpan<byte> key, int end)
        {
            while (end - _hashed >= 8)
            {
                _state = BitOperations.RotateLeft((_state ^ BinaryPrimitives.ReadUInt64LittleEndian(key[_hashed..])) * K, 29);
                _hashed += 8;
            }
            int n = end - _hashed;
            ulong tail;
            if (key.Length - _hashed >= 8)
            {
                // The key goes on past the prefix (at least its delimiter follows), so one load and a mask get the tail.
                tail = BinaryPrimitives.ReadUInt64LittleEndian(key[_hashed..]) & ((1UL << (8 * n)) - 1);
            }
            else
            {
                tail = 0;
                for (int i = 0; i < n; i++) tail |= (ulong)key[_hashed + i] << (8 * i);
            }
            // The length in the top byte (a tail has at most 7 bytes) tells "ab" from "ab\0".
            ulong h = (_state ^ tail ^ ((ulong)end << 56)) * K;
            return (uint)(h ^ (h >> 32));
        }
    }

    /// <summary>
    /// One depth. Prefix bytes live in a byte arena and are found through an open-addressing (linear probing) table that
    /// holds each entry's hash beside its index, so a probe for a new prefix touches no entry. Counts live in the
    /// Stream-Summary: a doubly linked list of buckets in ascending count order, each holding its entries in a circular
    /// doubly linked list, oldest first. A unit increment moves an entry to the next bucket (or makes one, or bumps its own
    /// bucket when alone in it); eviction takes the oldest entry of the first bucket, so among equal minimum counters the
    /// one that has gone longest without a hit goes. Entries, buckets (at most one per distinct count, so at most capacity,
    /// recycled through a free list) and links are preallocated arrays: counting and evicting allocate nothing. Keys such as
    /// user:&lt;id&gt; make every depth-2 prefix new, so the eviction path is the hot one.
    /// </summary>
    private sealed class Level
    {
        private const int None = -1;

        private readonly int _capacity;
        private readonly ulong[] _table;   // (hash << 32) | (entry index + 1); 0 = empty. Power-of-two size, at most a quarter full.
        private readonly int _mask;
        private readonly Entry[] _entries;
        private readonly Bucket[] _buckets;
        private int _freeBucket;           // free list through Bucket.Next
        private int _minBucket = None;     // first bucket: the smallest count
        private byte[] _arena = new byte[4096];
        private byte[]? _spare;
        private int _arenaUsed;
        private int _count;

        public Level(int capacity)
        {
            _capacity = capacity;
            // A quarter full rather than half: with a delete and an insert per eviction, the shorter probe and shift runs
            // cut the eviction path by about a third (measured on snapshot-shaped keys), for 128 KB of table per 4096 counters.
            _table = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 4)];
            _mask = _table.Length - 1;
            _entries = new Entry[capacity];
            _buckets = new Bucket[capacity];
            for (int b = 0; b < capacity; b++) _buckets[b].Next = b + 1 < capacity ? b + 1 : None;
        }

        public long MinCount => _count < _capacity ? 0 : _buckets[_minBucket].Count;

        /// <summary>
        /// Back to the state of a new level, keeping the arrays (1.2 MB for three levels, freshly faulted in each time
        /// otherwise) and the arena as grown: where the prefix bytes sit never shows in what is counted, and a fresh 4 KiB
        /// arena regrown by doubling to a few hundred KiB per level left about 1.5 MB of garbage per cleared sketch.
        /// </summary>
        public void Clear()
        {
            Array.Clear(_table);
            Array.Clear(_entries);
            Array.Clear(_buckets);
            for (int b = 0; b < _capacity; b++) _buckets[b].Next = b + 1 < _capacity ? b + 1 : None;
            _freeBucket = 0;
            _minBucket = None;
            _arenaUsed = 0;
            _count = 0;
        }

        public void Add(ReadOnlySpan<byte> prefix, uint hash, long count, long bytes)
        {
            int i = Find(prefix, hash, out int slot);
            if (i >= 0)
            {
                ref var found = ref _entries[i];
                found.Bytes += bytes;
                ref var own = ref _buckets[found.Bucket];
                long target = own.Count + count;
                // Inline fast path for a heavy prefix alone at its count: the bucket itself moves up, still in order.
                if (found.Next == i && (own.Next == None || _buckets[own.Next].Count > target)) own.Count = target;
                else Raise(i, target);
                return;
            }
            if (_count < _capacity)
            {
                AddNew(prefix, hash, slot, count, bytes);
                return;
            }
            // Replace the minimum: the newcomer inherits its count and bytes (the Space-Saving over-estimate).
            ref readonly var min = ref _buckets[_minBucket];
            ReplaceMinimum(prefix, hash, min.Count + count, _entries[min.Head].Bytes + bytes);
        }

        /// <summary>
        /// Combines another depth's summary into this one so that the guarantees hold for the two streams together: the
        /// combine step of Cafaro, Pulimeno and Tempesta's parallel Space-Saving (2016), after Agarwal et al.'s mergeable
        /// summaries (2012). A prefix absent from one side may have occurred there up to that side's minimum counter times
        /// (0 when it is not full), so it is credited that minimum, with that counter's bytes; then the capacity largest
        /// counters are kept. Every combined counter is at least the sum of the two minimums, so the new minimum still bounds
        /// both each over-estimate and the true count of every prefix left out, and the kept counters sum to at most the
        /// keys of both streams. (Feeding the other side's entries through Add, as before, could leave out a prefix above
        /// the new bound and over-count by more than it.)
        /// </summary>
        public void Merge(Level other)
        {
            long min = MinCount, otherMin = other.MinCount;
            // The bytes that go with a minimum counter: those of the entry that would be evicted next.
            long minBytes = min > 0 ? _entries[_buckets[_minBucket].Head].Bytes : 0;
            long otherMinBytes = otherMin > 0 ? other._entries[other._buckets[other._minBucket].Head].Bytes : 0;
            int before = _count;
            var matched = new bool[before];
            var onlyOther = new List<int>();
            for (int j = 0; j < other._count; j++)
            {
                ref readonly var o = ref other._entries[j];
                int i = Find(other._arena.AsSpan(o.Offset, o.Length), o.Hash, out _);
                if (i < 0)
                {
                    onlyOther.Add(j);
                    continue;
                }
                matched[i] = true;
                _entries[i].Bytes += o.Bytes;
                Raise(i, _buckets[_entries[i].Bucket].Count + other._buckets[o.Bucket].Count);
            }
            for (int i = 0; i < before && otherMin > 0; i++)
            {
                if (matched[i]) continue;
                _entries[i].Bytes += otherMinBytes;
                Raise(i, _buckets[_entries[i].Bucket].Count + otherMin);
            }
            foreach (int j in onlyOther)
            {
                ref readonly var o = ref other._entries[j];
                var prefix = other._arena.AsSpan(o.Offset, o.Length);
                long count = other._buckets[o.Bucket].Count + min;
                if (_count < _capacity) AddNew(prefix, o.Hash, FreeSlot(o.Hash), count, o.Bytes + minBytes);
                else if (count > _buckets[_minBucket].Count) ReplaceMinimum(prefix, o.Hash, count, o.Bytes + minBytes);
            }
        }

        public IEnumerable<(string Text, long Count, long Bytes)> Entries()
        {
            for (int i = 0; i < _count; i++)
            {
                var e = _entries[i];
                yield return (KeyText.Escape(_arena.AsSpan(e.Offset, e.Length)), _buckets[e.Bucket].Count, e.Bytes);
            }
        }

        public void Validate()
        {
            void Require(bool condition, string what)
            {
                if (!condition) throw new InvalidOperationException("PrefixSketch level: " + what);
            }
            int linked = 0, buckets = 0;
            long previous = long.MinValue;
            for (int b = _minBucket, before = None; b != None; before = b, b = _buckets[b].Next)
            {
                ref readonly var bucket = ref _buckets[b];
                Require(++buckets <= _capacity, "bucket list longer than the pool");
                Require(bucket.Prev == before, $"bucket {b} back link");
                Require(bucket.Count > previous && bucket.Count > 0, $"bucket {b} count {bucket.Count} not ascending after {previous}");
                previous = bucket.Count;
                int i = bucket.Head, members = 0;
                do
                {
                    Require(++members <= _count, $"bucket {b} list does not close");
                    Require(_entries[i].Bucket == b, $"entry {i} in bucket {b} names bucket {_entries[i].Bucket}");
                    Require(_entries[_entries[i].Next].Prev == i, $"entry {i} next/prev");
                    i = _entries[i].Next;
                }
                while (i != bucket.Head);
                linked += members;
            }
            Require(linked == _count, $"{linked} entries linked, {_count} stored");
            int free = 0;
            for (int b = _freeBucket; b != None; b = _buckets[b].Next) Require(++free <= _capacity, "free list does not end");
            Require(buckets + free == _capacity, $"{buckets} buckets in use + {free} free != {_capacity}");
            int slots = 0;
            for (int s = 0; s < _table.Length; s++)
            {
                if (_table[s] == 0) continue;
                slots++;
                int i = (int)(uint)_table[s] - 1;
                Require(i < _count && (uint)(_table[s] >> 32) == _entries[i].Hash, $"slot {s} names entry {i} with another hash");
                // Linear probing needs no empty slot between an entry's home and its slot.
                for (int p = (int)_entries[i].Hash & _mask; p != s; p = (p + 1) & _mask) Require(_table[p] != 0, $"entry {i} cut off from its home");
            }
            Require(slots == _count, $"{slots} table slots for {_count} entries");
        }

        /// <summary>The entry holding <paramref name="prefix"/>, or -1 with <paramref name="slot"/> the empty slot ending its probe.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Find(ReadOnlySpan<byte> prefix, uint hash, out int slot)
        {
            slot = (int)hash & _mask;
            ulong tag = (ulong)hash << 32;
            while (true)
            {
                ulong stored = _table[slot];
                if (stored == 0) return -1;
                if ((stored & 0xFFFF_FFFF_0000_0000UL) == tag)
                {
                    int i = (int)(uint)stored - 1;
                    ref readonly var e = ref _entries[i];
                    if (ShortSpans.Equal(_arena.AsSpan(e.Offset, e.Length), prefix)) return i;
                }
                slot = (slot + 1) & _mask;
            }
        }

        private int FreeSlot(uint hash)
        {
            int slot = (int)hash & _mask;
            while (_table[slot] != 0) slot = (slot + 1) & _mask;
            return slot;
        }

        private void AddNew(ReadOnlySpan<byte> prefix, uint hash, int slot, long count, long bytes)
        {
            int i = _count++;
            ref var e = ref _entries[i];
            e.Bytes = bytes;
            Store(ref e, prefix, hash);
            _table[slot] = ((ulong)hash << 32) | (uint)(i + 1);
            Insert(i, count);
        }

        /// <summary>Gives the oldest minimum entry to <paramref name="prefix"/> with the given count (≥ the minimum) and bytes.</summary>
        private void ReplaceMinimum(ReadOnlySpan<byte> prefix, uint hash, long count, long bytes)
        {
            int victim = _buckets[_minBucket].Head;
            ref var v = ref _entries[victim];
            // The next evictions take the entries after this one in the minimum bucket: ask for the next victim's table
            // line (its entry arrived on the previous eviction's hint) and for the entry after it. Hints only.
            int next = v.Next;
            if (next != victim)
            {
                ref readonly var n = ref _entries[next];
                CacheHint.Prefetch(ref _table[(int)n.Hash & _mask]);
                CacheHint.Prefetch(ref _entries[n.Next]);
            }
            RemoveFromTable(victim, v.Hash);
            v.Bytes = bytes;
            Store(ref v, prefix, hash);
            // The removal may have shifted entries into the probe path, so find the free slot again.
            _table[FreeSlot(hash)] = ((ulong)hash << 32) | (uint)(victim + 1);
            Raise(victim, count);
        }

        /// <summary>
        /// Moves entry <paramref name="i"/> (linked in a bucket) to count <paramref name="target"/> ≥ its count, walking the
        /// buckets forward from its own: one step for a unit increment, at most the number of buckets for a merge.
        /// </summary>
        private void Raise(int i, long target)
        {
            ref var e = ref _entries[i];
            int b = e.Bucket;
            ref var own = ref _buckets[b];
            if (own.Count == target) return;
            int p = b; // the last bucket whose count is ≤ target
            for (int n = own.Next; n != None && _buckets[n].Count <= target; n = _buckets[n].Next) p = n;
            bool alone = e.Next == i;
            if (p == b)
            {
                // No bucket in (count, target]: an entry alone keeps its bucket, which stays in order.
                if (alone)
                {
                    own.Count = target;
                    return;
                }
                Detach(i, ref own);
                NewBucketAfter(b, target, i);
                return;
            }
            if (alone) FreeBucket(b);
            else Detach(i, ref own);
            if (_buckets[p].Count == target) Append(p, i);
            else NewBucketAfter(p, target, i);
        }

        /// <summary>Links the new entry <paramref name="i"/> into the bucket of <paramref name="count"/>, walking from the first.</summary>
        private void Insert(int i, long count)
        {
            int p = None;
            for (int n = _minBucket; n != None && _buckets[n].Count <= count; n = _buckets[n].Next) p = n;
            if (p != None && _buckets[p].Count == count) Append(p, i);
            else NewBucketAfter(p, count, i);
        }

        /// <summary>Unlinks entry <paramref name="i"/> from its bucket, which keeps at least one other entry.</summary>
        private void Detach(int i, ref Bucket bucket)
        {
            ref var e = ref _entries[i];
            _entries[e.Prev].Next = e.Next;
            _entries[e.Next].Prev = e.Prev;
            if (bucket.Head == i) bucket.Head = e.Next;
        }

        /// <summary>Links entry <paramref name="i"/> as the newest (tail) of bucket <paramref name="b"/>.</summary>
        private void Append(int b, int i)
        {
            ref var e = ref _entries[i];
            int head = _buckets[b].Head;
            int tail = _entries[head].Prev;
            e.Prev = tail;
            e.Next = head;
            e.Bucket = b;
            _entries[tail].Next = i;
            _entries[head].Prev = i;
        }

        /// <summary>Takes a bucket from the free list for <paramref name="count"/>, holding only entry <paramref name="i"/>, after <paramref name="prev"/> (None: first).</summary>
        private void NewBucketAfter(int prev, long count, int i)
        {
            int b = _freeBucket;
            ref var bucket = ref _buckets[b];
            _freeBucket = bucket.Next;
            bucket.Count = count;
            bucket.Head = i;
            bucket.Prev = prev;
            bucket.Next = prev == None ? _minBucket : _buckets[prev].Next;
            if (bucket.Next != None) _buckets[bucket.Next].Prev = b;
            if (prev == None) _minBucket = b;
            else _buckets[prev].Next = b;
            ref var e = ref _entries[i];
            e.Prev = i;
            e.Next = i;
            e.Bucket = b;
        }

        private void FreeBucket(int b)
        {
            ref var bucket = ref _buckets[b];
            if (bucket.Prev == None) _minBucket = bucket.Next;
            else _buckets[bucket.Prev].Next = bucket.Next;
            if (bucket.Next != None) _buckets[bucket.Next].Prev = bucket.Prev;
            bucket.Next = _freeBucket;
            _freeBucket = b;
        }

        /// <summary>Puts the prefix bytes in the entry's arena room, or in new room at the arena's end when they do not fit.</summary>
        private void Store(ref Entry e, ReadOnlySpan<byte> prefix, uint hash)
        {
            e.Hash = hash;
            if (prefix.Length > e.Room)
            {
                // The entry's old bytes are not kept: Grow must neither copy them (a new entry's length with an offset
                // and room of 0 read past a 4 KiB arena) nor count its old room as live.
                e.Length = 0;
                e.Room = 0;
                if (_arenaUsed + prefix.Length > _arena.Length) Grow(prefix.Length);
                e.Offset = _arenaUsed;
                e.Room = prefix.Length;
                _arenaUsed += prefix.Length;
            }
            e.Length = prefix.Length;
            ShortSpans.Copy(prefix, _arena.AsSpan(e.Offset));
        }

        /// <summary>Compacts the arena to the live entries' rooms when that frees enough, else doubles it.</summary>
        private void Grow(int needed)
        {
            long live = 0;
            for (int i = 0; i < _count; i++) live += _entries[i].Room;
            long size = _arena.Length;
            while (size < 2 * (live + needed)) size *= 2;
            // Compaction alternates between two buffers of one size, so a steady stream of evictions allocates nothing.
            var fresh = _spare is not null && _spare.Length == size ? _spare : new byte[size];
            int used = 0;
            for (int i = 0; i < _count; i++)
            {
                ref var e = ref _entries[i];
                _arena.AsSpan(e.Offset, e.Length).CopyTo(fresh.AsSpan(used));
                e.Offset = used;
                used += e.Room;
            }
            _spare = fresh.Length == _arena.Length ? _arena : null;
            _arena = fresh;
            _arenaUsed = used;
        }

        /// <summary>Linear-probing delete with backward shift (no tombstones, so probe chains stay short).</summary>
        private void RemoveFromTable(int idx, uint hash)
        {
            int slot = (int)hash & _mask;
            while ((uint)_table[slot] != (uint)(idx + 1)) slot = (slot + 1) & _mask;
            int hole = slot;
            int next = (hole + 1) & _mask;
            while (_table[next] != 0)
            {
                int home = (int)(_table[next] >> 32) & _mask;
                // Move the entry back when its home is not in (hole, next] cyclically.
                bool between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
                if (!between)
                {
                    _table[hole] = _table[next];
                    hole = next;
                }
                next = (next + 1) & _mask;
            }
            _table[hole] = 0;
        }

        private struct Entry
        {
            public long Bytes;
            public int Offset;
            public int Length;
            public int Room;
            public uint Hash;
            public int Bucket;
            public int Prev;   // circular list of the bucket's entries
            public int Next;
        }

        private struct Bucket
        {
            public long Count;
            public int Head;   // oldest entry; its Prev is the newest
            public int Prev;   // neighbours in ascending count order
            public int Next;   // or the next free bucket
        }
    }
}
