using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Rdb;

namespace RdbPlanner.Benchmarks;

/// <summary>CRC16 slot hashing per kernel over the key set (4096 keys per invocation), and the full RedisSlot.Of (tag scan + CRC16).</summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class Crc16Bench : IThroughputBenchmark
{
    private ICrc16Kernel _kernel = null!;
    private byte[][] _keys = [];

    public static IEnumerable<string> Kernels => Crc16Kernels.Available.Select(k => k.Name);

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "";

    [ParamsSource(nameof(KeySets))]
    public string Keys { get; set; } = "";

    public static IEnumerable<string> KeySets => BenchKeys.Names;

    public long BytesPerOperation => BenchKeys.TotalBytes(Keys);

    public long ItemsPerOperation => BenchKeys.Count;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = Crc16Kernels.Get(Kernel);
        _keys = BenchKeys.Get(Keys);
    }

    [Benchmark]
    public int Crc16()
    {
        int sum = 0;
        foreach (byte[] key in _keys)
        {
            sum += _kernel.Compute(key);
        }
        return sum;
    }

    /// <summary>The facade as the analyzer calls it (best kernels); same for every Kernel value.</summary>
    [Benchmark]
    public int SlotOf()
    {
        int sum = 0;
        foreach (byte[] key in _keys)
        {
            sum += RedisSlot.Of(key);
        }
        return sum;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(
            ThroughputColumn.MegabytesPerSecond, ThroughputColumn.MegaItemsPerSecond, new KernelRatioColumn(nameof(Kernel), "Crc16Table1"));
    }
}
