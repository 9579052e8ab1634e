using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Analysis;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// The prefix sketch's per-key path as the analyzer drives it (default 4096 counters × 3 depths, ':' delimiter): 100k keys per
/// invocation in the shapes of the bench snapshot, where ids make almost every depth-2/3 prefix new, so nearly every key evicts
/// a minimum. One sketch lives across invocations, so after warm-up this measures the steady state (full tables, arena settled),
/// which must allocate nothing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class PrefixSketchBench : IThroughputBenchmark
{
    private const int KeyCount = 100_000;

    private byte[][] _keys = [];
    private long[] _bytes = [];
    private PrefixSketch _sketch = null!;

    public long BytesPerOperation => 0;

    public long ItemsPerOperation => KeyCount;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string[] pages = ["home", "cart", "search", "product", "checkout", "help"];
        _keys = new byte[KeyCount][];
        _bytes = new long[KeyCount];
        for (int i = 0; i < KeyCount; i++)
        {
            // Ids drawn from a range much larger than the capacity, as in a real snapshot; a few hot literal prefixes.
            int id = random.Next(1, 2_000_000);
            string key = random.Next(100) switch
            {
                < 30 => $"user:{id}:profile",
                < 40 => $"user:{id}:cart",
                < 60 => $"session:{random.NextInt64():x16}{random.NextInt64():x16}",
                < 80 => $"cache:page:{id}",
                < 88 => $"cache:{pages[random.Next(pages.Length)]}:{id}",
                < 95 => $"counter:{pages[random.Next(pages.Length)]}:{id % 1000}",
                _ => $"queue:{id % 64}",
            };
            _keys[i] = Encoding.ASCII.GetBytes(key);
            _bytes[i] = 48 + random.Next(400);
        }
        _sketch = new PrefixSketch(AnalysisOptions.Default.PrefixCapacity, AnalysisOptions.Default.PrefixDelimiter, AnalysisOptions.Default.PrefixDepth);
    }

    [Benchmark]
    public long Add()
    {
        byte[][] keys = _keys;
        long[] bytes = _bytes;
        for (int i = 0; i < keys.Length; i++)
        {
            _sketch.Add(keys[i], bytes[i]);
        }
        return _sketch.ErrorBound;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ThroughputColumn.MegaItemsPerSecond);
    }
}
