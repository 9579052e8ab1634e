namespace RdbPlanner.Analysis;

/// <summary>
/// The N-th largest of the key sizes added so far, -1 until there are N: kept on the parsing thread from the keys whose
/// size it knows (collections; plain strings are costed later, on the aggregating side). A <see cref="TopKeys"/> list of
/// N fed with those keys and any others has a threshold at least as high, so a key whose size cannot exceed this floor
/// will never enter it, and what only the top keys report of it (the largest element) need not be measured.
/// </summary>
internal sealed class TopKeysFloor
{
    private readonly long[] _heap; // min-heap of the N largest sizes so far
    private int _count;

    public TopKeysFloor(int capacity) => _heap = new long[Math.Max(1, capacity)];

    public long Value => _count < _heap.Length ? -1 : _heap[0];

    /// <summary>Adds one key's size; true when <see cref="Value"/> changed.</summary>
    public bool Add(long bytes)
    {
        if (_count < _heap.Length)
        {
            int i = _count++;
            while (i > 0 && _heap[(i - 1) / 2] > bytes)
            {
                _heap[i] = _heap[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            _heap[i] = bytes;
            return _count == _heap.Length;
        }
        if (bytes <= _heap[0]) return false;
        SiftDown(bytes);
        return true;
    }

    /// <summary>Replaces the smallest with <paramref name="bytes"/>, moved down to its place.</summary>
    private void SiftDown(long bytes)
    {
        int i = 0, n = _heap.Length;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && _heap[child + 1] < _heap[child]) child++;
            if (_heap[child] >= bytes) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = bytes;
    }
}
