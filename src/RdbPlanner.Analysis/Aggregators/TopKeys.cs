namespace RdbPlanner.Analysis;

/// <summary>
/// The N biggest keys by estimated bytes, in bounded memory: a min-heap of N entries. A key's text is only
/// materialised when it enters the heap, so after warm-up almost no key allocates.
/// </summary>
internal sealed class TopKeys
{
    private readonly int _capacity;
    private readonly PriorityQueue<TopKey, (long Bytes, long Order)> _heap;
    private long _order;
    private long _threshold = -1; // cached Threshold: Wants runs for every key, the heap only changes on Offer

    public TopKeys(int capacity)
    {
        _capacity = Math.Max(0, capacity);
        _heap = new PriorityQueue<TopKey, (long, long)>(_capacity + 1);
    }

    /// <summary>Bytes of the smallest key currently kept, or -1 when not full yet: callers skip work below it.</summary>
    public long Threshold => _threshold;

    public bool Wants(long bytes) => _capacity > 0 && bytes > _threshold;

    public void Offer(long bytes, Func<TopKey> create)
    {
        if (!Wants(bytes)) return;
        // Later keys of equal size rank below earlier ones: ties keep file order, so output is reproducible.
        _heap.Enqueue(create(), (bytes, -(_order++)));
        if (_heap.Count > _capacity) _heap.Dequeue();
        UpdateThreshold();
    }

    private void UpdateThreshold() =>
        _threshold = _heap.Count < _capacity ? -1 : _heap.TryPeek(out _, out var p) ? p.Bytes : -1;

    /// <summary>
    /// Adds the keys of a later part of the input (a later file or segment). They are taken in their own order, so
    /// ties at the threshold keep the order the keys came in, as if they had been offered one after another here.
    /// </summary>
    public void Merge(TopKeys other)
    {
        foreach (var (item, priority) in other._heap.UnorderedItems.OrderByDescending(x => x.Priority.Order))
        {
            if (!Wants(priority.Bytes)) continue;
            _heap.Enqueue(item, (priority.Bytes, -(_order++)));
            if (_heap.Count > _capacity) _heap.Dequeue();
            UpdateThreshold();
        }
    }

    public List<TopKey> ToList()
    {
        var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
        list.Sort((a, b) => b.Bytes != a.Bytes ? b.Bytes.CompareTo(a.Bytes) : string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>Printable form of a binary key: valid UTF-8 without control characters as is, else \xNN escapes.</summary>
    public static string Printable(ReadOnlySpan<byte> key) => KeyText.Escape(key);
}
