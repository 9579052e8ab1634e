using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>
/// Counts key records and ignores everything else, without allocating: the visitor for measuring the reader alone
/// (allocation tests, parse benchmarks). <see cref="CountingVisitor"/> keeps per-db/type tallies instead.
/// </summary>
public sealed class KeyCountingVisitor : NoOpVisitor
{
    public long Keys { get; private set; }

    public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Keys++;
        return this;
    }
}
