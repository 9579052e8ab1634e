namespace RdbPlanner.Benchmarks;

/// <summary>
/// A benchmark that knows how much one invocation processes, for <see cref="ThroughputColumn"/>. Both values must follow from
/// the [Params] alone (no [GlobalSetup]): the column creates a fresh instance in the host process to ask.
/// </summary>
public interface IThroughputBenchmark
{
    /// <summary>Input bytes one benchmark invocation reads.</summary>
    long BytesPerOperation { get; }

    /// <summary>Items (keys, entries) one invocation handles; 0 when the notion does not apply.</summary>
    long ItemsPerOperation { get; }
}
