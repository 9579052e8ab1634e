using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RdbPlanner.Analysis;

/// <summary>
/// Heavy-hitter key prefixes in bounded memory: the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005)
/// with a fixed number of counters per depth. A tracked prefix's key count is never below its true count and exceeds
/// it by at most <see cref="ErrorBound"/> (the smallest counter, itself at most keys/capacity); every prefix whose true
/// count is above that bound is guaranteed to be tracked. Bytes are attributed the same way (over-estimate ≤ the
/// evicted entry's bytes). Prefixes are the key up to (not including) the d-th delimiter, for d = 1..MaxDepth.
/// </summary>
internal sealed class PrefixSketch
{
    private readonly int _capacity;
    private readonly byte _delimiter;
    private readonly int _maxDepth;
    private readonly Level[] _levels;

    public PrefixSketch(int capacity, byte delimiter, int maxDepth)
    {
        _capacity = Math.Max(16, capacity);
        _delimiter = delimiter;
        _maxDepth = Math.Clamp(maxDepth, 1, 3);
        _levels = new Level[_maxDepth];
        for (int i = 0; i < _maxDepth; i++) _levels[i] = new Level(_capacity);
    }

    public byte Delimiter => _delimiter;

    public int MaxDepth => _maxDepth;

    /// <summary>Largest possible over-count of any reported prefix, over all depths.</summary>
    public long ErrorBound => _levels.Max(l => l.MinCount);

    public void Add(ReadOnlySpan<byte> key, long bytes)
    {
        int from = 0;
        for (int depth = 0; depth < _maxDepth; depth++)
        {
            int rel = key[from..].IndexOf(_delimiter);
            if (rel < 0) return;
            int end = from + rel;
            _levels[depth].Add(key[..end], 1, bytes);
            from = end + 1;
            if (from >= key.Length) return;
        }
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

    /// <summary>
    /// One depth. Prefix bytes live in a byte arena and are found through an open-addressing (linear probing) table of
    /// entry indices, so counting and evicting allocate nothing; text is only made in <see cref="Entries"/>. Keys such as
    /// user:&lt;id&gt; make every depth-2 prefix new, so the eviction path is the hot one.
    /// </summary>
    private sealed class Level
    {
        private readonly int _capacity;
        private readonly int[] _table;     // entry index + 1; 0 = empty. Power-of-two size, at most half full.
        private readonly int _mask;
        private readonly Entry[] _entries;
        private readonly int[] _heap;      // min-heap of entry indices by Count
        private readonly int[] _heapPos;   // entry index → heap position
        private byte[] _arena = new byte[4096];
        private byte[]? _spare;
        private int _arenaUsed;
        private int _count;

        public Level(int capacity)
        {
            _capacity = capacity;
            _table = new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
            _mask = _table.Length - 1;
            _entries = new Entry[capacity];
            _heap = new int[capacity];
            _heapPos = new int[capacity];
        }

        public long MinCount => _count < _capacity ? 0 : _entries[_heap[0]].Count;

        public void Add(ReadOnlySpan<byte> prefix, long count, long bytes)
        {
            uint hash = Hash(prefix);
            int slot = (int)hash & _mask;
            while (true)
            {
                int stored = _table[slot];
                if (stored == 0) break;
                ref var found = ref _entries[stored - 1];
                if (found.Hash == hash && _arena.AsSpan(found.Offset, found.Length).SequenceEqual(prefix))
                {
                    found.Count += count;
                    found.Bytes += bytes;
                    SiftDown(_heapPos[stored - 1]);
                    return;
                }
                slot = (slot + 1) & _mask;
            }
            int idx;
            if (_count < _capacity)
            {
                idx = _count++;
                _entries[idx] = new Entry { Count = count, Bytes = bytes };
                Store(ref _entries[idx], prefix, hash);
                _table[slot] = idx + 1;
                _heap[idx] = idx;
                _heapPos[idx] = idx;
                SiftUp(idx);
                return;
            }
            // Replace the minimum: the newcomer inherits its count (the Space-Saving over-estimate).
            idx = _heap[0];
            ref var e = ref _entries[idx];
            RemoveFromTable(idx, e.Hash);
            e.Count += count;
            e.Bytes += bytes;
            Store(ref e, prefix, hash);
            // The removal may have shifted entries into the probe path, so find the free slot again.
            slot = (int)hash & _mask;
            while (_table[slot] != 0) slot = (slot + 1) & _mask;
            _table[slot] = idx + 1;
            SiftDown(0);
        }

        public void Merge(Level other)
        {
            for (int i = 0; i < other._count; i++)
            {
                ref readonly var e = ref other._entries[i];
                Add(other._arena.AsSpan(e.Offset, e.Length), e.Count, e.Bytes);
            }
        }

        public IEnumerable<(string Text, long Count, long Bytes)> Entries()
        {
            for (int i = 0; i < _count; i++)
            {
                var e = _entries[i];
                yield return (KeyText.Escape(_arena.AsSpan(e.Offset, e.Length)), e.Count, e.Bytes);
            }
        }

        /// <summary>Puts the prefix bytes in the entry's arena room, or in new room at the arena's end when they do not fit.</summary>
        private void Store(ref Entry e, ReadOnlySpan<byte> prefix, uint hash)
        {
            e.Hash = hash;
            e.Length = prefix.Length;
            if (prefix.Length > e.Room)
            {
                if (_arenaUsed + prefix.Length > _arena.Length) Grow(prefix.Length);
                e.Offset = _arenaUsed;
                e.Room = prefix.Length;
                _arenaUsed += prefix.Length;
            }
            prefix.CopyTo(_arena.AsSpan(e.Offset));
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
            while (_table[slot] != idx + 1) slot = (slot + 1) & _mask;
            int hole = slot;
            int next = (hole + 1) & _mask;
            while (_table[next] != 0)
            {
                int home = (int)_entries[_table[next] - 1].Hash & _mask;
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(ReadOnlySpan<byte> data)
        {
            // Multiply-rotate over 8-byte words; only in-memory lookups depend on it, never output order.
            const ulong k = 0x9E3779B97F4A7C15UL;
            ulong h = (ulong)data.Length * k;
            while (data.Length >= 8)
            {
                h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(data)) * k, 29);
                data = data[8..];
            }
            ulong tail = 0;
            for (int i = 0; i < data.Length; i++) tail |= (ulong)data[i] << (8 * i);
            h = (h ^ tail) * k;
            return (uint)(h ^ (h >> 32));
        }

        private void SiftUp(int pos)
        {
            while (pos > 0)
            {
                int parent = (pos - 1) / 2;
                if (_entries[_heap[parent]].Count <= _entries[_heap[pos]].Count) break;
                Swap(pos, parent);
                pos = parent;
            }
        }

        private void SiftDown(int pos)
        {
            while (true)
            {
                int l = 2 * pos + 1, r = l + 1, smallest = pos;
                if (l < _count && _entries[_heap[l]].Count < _entries[_heap[smallest]].Count) smallest = l;
                if (r < _count && _entries[_heap[r]].Count < _entries[_heap[smallest]].Count) smallest = r;
                if (smallest == pos) return;
                Swap(pos, smallest);
                pos = smallest;
            }
        }

        private void Swap(int a, int b)
        {
            (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
            _heapPos[_heap[a]] = a;
            _heapPos[_heap[b]] = b;
        }

        private struct Entry
        {
            public long Count;
            public long Bytes;
            public int Offset;
            public int Length;
            public int Room;
            public uint Hash;
        }
    }
}
