using System.Runtime.InteropServices;
using System.Text;

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

    /// <summary>One depth: counters keyed by the prefix's bytes (held as a Latin-1 string so lookups need no allocation).</summary>
    private sealed class Level
    {
        private readonly int _capacity;
        private readonly Dictionary<string, int> _index;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly Entry[] _entries;
        private readonly int[] _heap;      // min-heap of entry indices by Count
        private readonly int[] _heapPos;   // entry index → heap position
        private int _count;

        public Level(int capacity)
        {
            _capacity = capacity;
            _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
            _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            _entries = new Entry[capacity];
            _heap = new int[capacity];
            _heapPos = new int[capacity];
        }

        public long MinCount => _count < _capacity ? 0 : _entries[_heap[0]].Count;

        public void Add(ReadOnlySpan<byte> prefix, long count, long bytes)
        {
            Span<char> chars = prefix.Length <= 256 ? stackalloc char[prefix.Length] : new char[prefix.Length];
            Encoding.Latin1.GetChars(prefix, chars);
            if (_lookup.TryGetValue(chars, out int idx))
            {
                _entries[idx].Count += count;
                _entries[idx].Bytes += bytes;
                SiftDown(_heapPos[idx]);
                return;
            }
            if (_count < _capacity)
            {
                idx = _count++;
                _entries[idx] = new Entry(new string(chars), count, bytes);
                _index[_entries[idx].Key] = idx;
                _heap[idx] = idx;
                _heapPos[idx] = idx;
                SiftUp(idx);
                return;
            }
            // Replace the minimum: the newcomer inherits its count (the Space-Saving over-estimate).
            idx = _heap[0];
            ref var e = ref _entries[idx];
            _index.Remove(e.Key);
            e = new Entry(new string(chars), e.Count + count, e.Bytes + bytes);
            _index[e.Key] = idx;
            SiftDown(0);
        }

        public void Merge(Level other)
        {
            foreach (var e in other.Entries())
            {
                var bytes = Encoding.Latin1.GetBytes(e.Key);
                Add(bytes, e.Count, e.Bytes);
            }
        }

        public IEnumerable<(string Key, string Text, long Count, long Bytes)> Entries()
        {
            for (int i = 0; i < _count; i++)
            {
                var e = _entries[i];
                yield return (e.Key, KeyText.Escape(Encoding.Latin1.GetBytes(e.Key)), e.Count, e.Bytes);
            }
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

        [StructLayout(LayoutKind.Auto)]
        private record struct Entry(string Key, long Count, long Bytes);
    }
}
