using BenchmarkDotNet.Running;

namespace RdbPlanner.Benchmarks;

public static class Program
{
    /// <summary>
    /// With arguments: BenchmarkDotNet (e.g. <c>--filter '*Crc64Bench*' --job short</c>). Without: a plain Stopwatch loop over
    /// the bench snapshot, for profilers and quick hot-path measurements (<see cref="SnapshotProfile"/>).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length == 0)
        {
            SnapshotProfile.Run(Console.Out);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
