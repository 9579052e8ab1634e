using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace RdbPlanner.Analysis;

/// <summary>
/// Hands finished records from the parsing thread to one aggregating thread in batches, so a single file uses two
/// cores: parsing and estimating collections on one; plain strings' costs, slot hashing, prefixes, top keys, totals and
/// the per-key observer on the other. Batches are recycled (at most <see cref="BatchCount"/> of <see cref="BatchRecords"/> records, 2.9 MiB each
/// with their key bytes, made as needed), so memory is bounded and steady state allocates nothing; order is kept, so
/// the aggregates equal a single-threaded run's. Batches are large because every handover can wake a thread, and on
/// the project's VM a wake-up costs tens of microseconds: on the bench RDB, native binary, 1,024-record batches (of the
/// earlier 330-byte records) took 0.74-0.79 s against 0.65-0.69 s inline, 16,384-record ones 0.54-0.58 s against
/// 0.65-0.70 s (bench/results/amd-epyc/summary.md, fifth session).
/// The aggregates are built on the aggregating thread, from its own allocation context, so what that thread writes for
/// every key sits apart from what the parsing thread writes: built on the parsing thread, between that thread's own
/// objects, they shared cache lines with them, and each key's writes on one core stalled the other (false sharing;
/// perf: a third of <see cref="Next"/>'s samples on one load, 40 % of DatasetEstimator.AddKey's on one increment).
/// </summary>
internal sealed class AggregationPipe
{
    public const int BatchRecords = 16384;
    public const int BatchCount = 4;
    /// <summary>Key bytes per batch record, on average, before a batch is sent early (gen_bench keys average ~20).</summary>
    private const int KeyArenaBytesPerRecord = 64;

    private readonly Func<KeyAggregates> _create;
    private KeyAggregates? _target;
    private readonly BlockingCollection<Batch> _free = new(BatchCount);
    private readonly BlockingCollection<Batch?> _filled = new(BatchCount + 1);
    private readonly Thread _consumer;
    private Batch _current;
    private readonly List<Batch> _batches = new(BatchCount);
    private int _made;
    private ExceptionDispatchInfo? _error;
    private bool _completed;

    private readonly int _batchRecords;

    /// <param name="create">builds the aggregates; runs on the aggregating thread (see the class remarks)</param>
    public AggregationPipe(Func<KeyAggregates> create, int batchRecords = BatchRecords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRecords, 1);
        _create = create;
        _batchRecords = batchRecords;
        _current = NewBatch();
        _consumer = new Thread(Consume) { IsBackground = true, Name = "rdbplanner aggregation" };
        _consumer.Start();
    }

    /// <summary>Reserves the next record and copies the key's bytes next to it; fill the record before the next call.</summary>
    public ref KeyFacts Next(ReadOnlySpan<byte> key)
    {
        var batch = _current;
        if (batch.Count == _batchRecords || batch.KeyBytes + key.Length > batch.KeyCapacity && batch.Count > 0)
        {
            Send();
            batch = _current;
        }
        // Only an empty batch grows: one key longer than the arena (bounded by the reader's InlineKeyLimit).
        if (batch.KeyBytes + key.Length > batch.KeyCapacity) batch.GrowKeys(key.Length);
        ref var facts = ref batch.Record(batch.Count++);
        facts.KeyOffset = batch.KeyBytes;
        facts.KeyBytes = key.Length;
        ShortSpans.Copy(key, batch.KeySpace(batch.KeyBytes));
        batch.KeyBytes += key.Length;
        return ref facts;
    }

    private void Send()
    {
        _filled.Add(_current);
        if (_free.TryTake(out var free))
        {
            _current = free;
        }
        else if (_made < BatchCount)
        {
            _current = NewBatch();
        }
        else
        {
            _current = _free.Take();
        }
    }

    /// <summary>The aggregates, once <see cref="Complete"/> has returned (its thread's join publishes them).</summary>
    public KeyAggregates Target => _completed && _target is not null
        ? _target
        : throw new InvalidOperationException("the aggregates are read before the pipe completed, or failed to build");

    /// <summary>Aggregation failed (<see cref="Complete"/> with rethrow throws why).</summary>
    public bool Failed => _error is not null;

    /// <summary>Sends what is left, waits until every record is aggregated and (when asked) rethrows an aggregation failure. Idempotent.</summary>
    public void Complete(bool rethrow)
    {
        if (!_completed)
        {
            _completed = true;
            if (_current.Count > 0) _filled.Add(_current);
            _filled.Add(null);
            _consumer.Join();
            // Nothing reads a batch after the consumer ends: their unmanaged memory goes now, not at finalization.
            foreach (var batch in _batches) batch.Dispose();
        }
        if (rethrow) _error?.Throw();
    }

    private void Consume()
    {
        try
        {
            _target = _create();
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        while (true)
        {
            var batch = _filled.Take();
            if (batch is null) return;
            if (_error is null)
            {
                try
                {
                    for (int i = 0; i < batch.Count; i++)
                    {
                        ref var facts = ref batch.Record(i);
                        _target!.Apply(ref facts, batch.Key(facts.KeyOffset, facts.KeyBytes));
                    }
                }
                catch (Exception e)
                {
                    // Keep taking batches so the parsing thread never blocks; Complete rethrows on its thread.
                    _error = ExceptionDispatchInfo.Capture(e);
                }
            }
            batch.Count = 0;
            batch.KeyBytes = 0;
            _free.Add(batch);
        }
    }

    private Batch NewBatch()
    {
        var batch = new Batch(_batchRecords);
        _batches.Add(batch);
        _made++;
        return batch;
    }

    /// <summary>
    /// Records and key bytes in one unmanaged block (<see cref="LargePageBlock"/>): on the project's VM the first touch
    /// of each 4 KiB page of managed arrays cost the parsing thread about 14 µs, 3,250 times a run.
    /// </summary>
    private sealed unsafe class Batch : IDisposable
    {
        private readonly LargePageBlock _memory;
        private readonly KeyFacts* _records;
        private byte* _keys;
        private byte[]? _grownKeys; // a managed arena, once a single key outgrew the block's

        public Batch(int records)
        {
            nuint recordBytes = (nuint)records * (nuint)sizeof(KeyFacts);
            nuint keyBytes = (nuint)records * KeyArenaBytesPerRecord;
            _memory = LargePageBlock.Allocate(recordBytes + keyBytes);
            _records = (KeyFacts*)_memory.Start;
            _keys = _memory.Start + recordBytes;
            KeyCapacity = (int)keyBytes;
        }

        public int Count;
        public int KeyBytes;
        public int KeyCapacity { get; private set; }

        public ref KeyFacts Record(int index) => ref _records[index];

        public Span<byte> KeySpace(int offset) => _grownKeys is not null
            ? _grownKeys.AsSpan(offset)
            : new Span<byte>(_keys + offset, KeyCapacity - offset);

        public ReadOnlySpan<byte> Key(int offset, int length) => _grownKeys is not null
            ? _grownKeys.AsSpan(offset, length)
            : new ReadOnlySpan<byte>(_keys + offset, length);

        public void GrowKeys(int needed)
        {
            _grownKeys = new byte[Math.Max(needed, KeyCapacity * 2)];
            _keys = null;
            KeyCapacity = _grownKeys.Length;
        }

        public void Dispose() => _memory.Dispose();
    }
}
