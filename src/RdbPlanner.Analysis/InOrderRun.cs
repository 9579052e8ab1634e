using System.Runtime.ExceptionServices;

namespace RdbPlanner.Analysis;

/// <summary>
/// Runs <c>work(i)</c> for i = 0 … count − 1 on up to <c>parallel</c> threads and hands each result to <c>fold</c> in
/// index order, one at a time, as soon as it and every result before it are done. An index starts only while fewer than
/// <see cref="Window"/> finished results wait for an earlier one, so what is held stays bounded however many items there
/// are. The first failure in index order (thrown by work or by fold) stops new items from starting and is rethrown by
/// <see cref="Run"/> once the running ones have ended; failures of later items are then dropped, as they would have been
/// had the items run one after another. The count may be an upper bound: <see cref="EndAt"/>, from fold, ends the run
/// at the item found to be the last (a file's segments past its EOF opcode).
/// </summary>
internal sealed class InOrderRun<T>(int count, int parallel, Func<int, T> work, Action<int, T> fold, string threadName = "rdbplanner file",
    int window = 0)
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Slot> _done = [];
    private int _count = count;
    private int _next;
    private int _folded;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Items that may be started ahead of the oldest unfolded one: the constructor's window, else twice the threads.</summary>
    public int Window { get; } = window > 0 ? window : 2 * Math.Max(1, parallel);

    /// <summary>
    /// Ends the run after the first <paramref name="count"/> items (if it had more): later ones do not start, and the
    /// results of any already running are dropped. Callable from any thread, and from fold.
    /// </summary>
    public void EndAt(int count)
    {
        lock (_gate)
        {
            _count = Math.Min(_count, Math.Max(0, count));
            Monitor.PulseAll(_gate);
        }
    }

    public void Run()
    {
        int helpers = Math.Min(Math.Max(1, parallel), _count) - 1;
        var threads = new Thread[helpers];
        for (int t = 0; t < helpers; t++)
        {
            threads[t] = new Thread(Work) { IsBackground = true, Name = threadName + " " + (t + 2) };
            threads[t].Start();
        }
        Work();
        foreach (var thread in threads) thread.Join();
        _failure?.Throw();
    }

    private void Work()
    {
        while (true)
        {
            int i;
            lock (_gate)
            {
                while (_failure is null && _next < _count && _next >= _folded + Window) Monitor.Wait(_gate);
                if (_failure is not null || _next >= _count) return;
                i = _next++;
            }
            Slot slot;
            try
            {
                slot = new Slot(work(i), null);
            }
            catch (Exception e)
            {
                slot = new Slot(default, ExceptionDispatchInfo.Capture(e));
            }
            lock (_gate)
            {
                if (i < _count) _done[i] = slot;
                // Whoever completes the oldest missing item folds everything that is then ready, in order.
                while (_failure is null && _folded < _count && _done.Remove(_folded, out var ready))
                {
                    // Removed: the folded totals hold what is kept.
                    if (ready.Error is not null)
                    {
                        _failure = ready.Error;
                        break;
                    }
                    try
                    {
                        fold(_folded, ready.Value!);
                    }
                    catch (Exception e)
                    {
                        _failure = ExceptionDispatchInfo.Capture(e);
                        break;
                    }
                    _folded++;
                }
                Monitor.PulseAll(_gate);
            }
        }
    }

    private readonly record struct Slot(T? Value, ExceptionDispatchInfo? Error);
}
