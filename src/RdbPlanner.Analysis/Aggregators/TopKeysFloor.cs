namespace RdbPlanner.Analysis;

/// <summary>
/// The N-th largest of the key sizes added so far, -1 until there are N: kept on the parsing thread from the keys whose
/// size it knows (collections; plain strings are costed later, on the aggregating side). A <see cref="TopKeys"/> list of
/// N fed with those keys and any others has a threshold at least as high, so a key whose size cannot exceed this floor
/// will never enter it, and what only the top keys report of it (the largest element) need not be measured.
/// </summary>
internal sealed class TopKeysFloor(int capacity)
{
    private readonly int _capacity = Math.Max(1, capacity);
    private readonly PriorityQueue<long, long> _largest = new(Math.Max(1, capacity)); // the N largest, smallest first

    /// <summary>-1 until N sizes came, then the smallest of the N largest.</summary>
    public long Value { get; private set; } = -1;

    /// <summary>Adds one key's size; true when <see cref="Value"/> changed.</summary>
    public bool Add(long bytes)
    {
        if (_largest.Count < _capacity)
        {
            _largest.Enqueue(bytes, bytes);
            if (_largest.Count < _capacity) return false;
        }
        else
        {
            if (bytes <= Value) return false;
            _largest.EnqueueDequeue(bytes, bytes);
        }
        Value = _largest.Peek();
        return true;
    }
}
