using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Rdb;

namespace RdbPlanner.Benchmarks;

/// <summary>Hash-tag and first-delimiter scans per kernel over the key sets (4096 keys per invocation).</summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ByteScanBench : IThroughputBenchmark
{
    private IByteScanKernel _kernel = null!;
    private byte[][] _keys = [];

    public static IEnumerable<string> Kernels => ByteScanKernels.Available.Select(k => k.Name);

    public static IEnumerable<string> KeySets => BenchKeys.Names;

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "";

    [ParamsSource(nameof(KeySets))]
    public string Keys { get; set; } = "";

    public long BytesPerOperation => BenchKeys.TotalBytes(Keys);

    public long ItemsPerOperation => BenchKeys.Count;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = ByteScanKernels.Get(Kernel);
        _keys = BenchKeys.Get(Keys);
    }

    [Benchmark]
    public int HashTag()
    {
        int sum = 0;
        foreach (byte[] key in _keys)
        {
            if (_kernel.TryFindHashTag(key, out int start, out int length))
            {
                sum += start + length;
            }
        }
        return sum;
    }

    /// <summary>Every ':' in every key, as a prefix breakdown walks segments.</summary>
    [Benchmark]
    public int Delimiters()
    {
        int count = 0;
        foreach (byte[] key in _keys)
        {
            ReadOnlySpan<byte> rest = key;
            for (int at; (at = _kernel.IndexOf(rest, (byte)':')) >= 0; rest = rest[(at + 1)..])
            {
                count++;
            }
        }
        return count;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(
            ThroughputColumn.MegabytesPerSecond, ThroughputColumn.MegaItemsPerSecond, new KernelRatioColumn(nameof(Kernel), "ByteScanScalar"));
    }
}
