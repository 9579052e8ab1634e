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
        _current = new Batch(batchRecords);
        _made = 1;
        _consumer = new Thread(Consume) { IsBackground = true, Name = "rdbplanner aggregation" };
        _consumer.Start();
    }

    /// <summary>Reserves the next record and copies the key's bytes next to it; fill the record before the next call.</summary>
    public ref KeyFacts Next(ReadOnlySpan<byte> key)
    {
        var batch = _current;
        if (batch.Count == _batchRecords || batch.KeyBytes + key.Length > batch.Keys.Length && batch.Count > 0)
        {
            Send();
            batch = _current;
        }
        if (batch.KeyBytes + key.Length > batch.Keys.Length)
        {
            // Only an empty batch grows: one key longer than the arena (bounded by the reader's InlineKeyLimit).
            batch.Keys = new byte[Math.Max(key.Length, batch.Keys.Length * 2)];
        }
        ref var facts = ref batch.Records[batch.Count++];
        facts.KeyOffset = batch.KeyBytes;
        facts.KeyBytes = key.Length;
        ShortSpans.Copy(key, batch.Keys.AsSpan(batch.KeyBytes));
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
            _current = new Batch(_batchRecords);
            _made++;
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

    /// <summary>Sends what is left, waits until every record is aggregated and (when asked) rethrows an aggregation failure. Idempotent.</summary>
    public void Complete(bool rethrow)
    {
        if (!_completed)
        {
            _completed = true;
            if (_current.Count > 0) _filled.Add(_current);
            _filled.Add(null);
            _consumer.Join();
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
                    var keys = batch.Keys;
                    for (int i = 0; i < batch.Count; i++)
                    {
                        ref var facts = ref batch.Records[i];
                        _target!.Apply(ref facts, keys.AsSpan(facts.KeyOffset, facts.KeyBytes));
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

    private sealed class Batch(int records)
    {
        public readonly KeyFacts[] Records = new KeyFacts[records];
        public byte[] Keys = new byte[records * KeyArenaBytesPerRecord];
        public int Count;
        public int KeyBytes;
    }
}
