using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning.Tests;

/// <summary>Builds <see cref="DatasetSummary"/> objects by hand, with numbers a test can check with a calculator.</summary>
internal sealed class SummaryBuilder
{
    public const int Slots = 16384;

    private readonly Dictionary<EngineModel, EstimateSpec> _specs = EngineModelNames.All.ToDictionary(m => m, _ => new EstimateSpec());

    public long Keys { get; set; } = 1000;

    public Dictionary<int, long> Databases { get; } = new() { [0] = 1000 };

    public List<FileSummary> Files { get; } = [File("dump.rdb", "REDIS", 11)];

    public List<TopKey> TopKeys { get; } = [];

    public long[] SlotKeys { get; } = new long[Slots];

    public MemoryModelOptions ModelOptions { get; set; } = MemoryModelOptions.Default;

    public bool Partial { get; set; }

    public long KeysExpiredAtSnapshot { get; set; }

    public int MaxRdbVersion { get; set; } = 11;

    public List<string> Magics { get; } = ["REDIS"];

    public long HashFieldTtlKeys { get; set; }
    public long ValkeyHashFieldTtlKeys { get; set; }

    public Dictionary<string, long> ModuleKeys { get; } = [];

    public List<string> ModuleAuxNames { get; } = [];

    public long Functions { get; set; }

    public List<string> KeysOver512MB { get; } = [];

    public List<IReadOnlyList<string>> DuplicateInputs { get; } = [];

    /// <summary>Sets the same estimate for every engine model.</summary>
    public SummaryBuilder All(Action<EstimateSpec> configure)
    {
        foreach (var spec in _specs.Values) configure(spec);
        return this;
    }

    public SummaryBuilder Model(EngineModel model, Action<EstimateSpec> configure)
    {
        configure(_specs[model]);
        return this;
    }

    public static FileSummary File(string path, string magic, int version, long keys = 1000)
        => new(path, 12345, new string('a', 64), magic, version, "ok", "redis", "7.2.4", null, false, keys, 0.01);

    public DatasetSummary Build() => new()
    {
        Files = Files,
        Partial = Partial,
        PartialReason = Partial ? "truncated at offset 100" : null,
        Keys = Keys,
        KeysExpiredAtSnapshot = KeysExpiredAtSnapshot,
        Databases = Databases,
        Types = new Dictionary<string, long> { ["string"] = Keys },
        FileEncodings = new Dictionary<string, long> { ["string/string"] = Keys },
        Estimates = EngineModelNames.All.Select(m => _specs[m].Build(m)).ToList(),
        ModelOptions = ModelOptions,
        SlotKeys = SlotKeys,
        TopKeys = TopKeys,
        Prefixes = [],
        Ttl = new TtlHistogram(),
        Readiness = new ReadinessFacts
        {
            MaxRdbVersion = MaxRdbVersion,
            Magics = Magics,
            HashFieldTtlKeys = HashFieldTtlKeys,
            ValkeyHashFieldTtlKeys = ValkeyHashFieldTtlKeys,
            ModuleKeys = ModuleKeys,
            ModuleAuxNames = ModuleAuxNames,
            DatabasesWithKeys = Databases.Count(d => d.Value > 0),
            Functions = Functions,
            KeysOver512MB = KeysOver512MB,
            DuplicateInputs = DuplicateInputs,
        },
    };

    internal sealed class EstimateSpec
    {
        public long StandaloneBytes { get; set; } = 1_000_000;

        public long[] SlotBytes { get; set; } = new long[Slots];

        public long ClusterFixedBytes { get; set; }

        public long EmptyStandaloneBytes { get; set; }

        public long EmptyClusterBytes { get; set; }

        public long KeyspaceBytes { get; set; }

        public long LargestKeyBytes { get; set; }

        /// <summary>Every slot the same size.</summary>
        public EstimateSpec Uniform(long bytesPerSlot)
        {
            SlotBytes = Enumerable.Repeat(bytesPerSlot, Slots).ToArray();
            return this;
        }

        public ModelEstimate Build(EngineModel model) => new()
        {
            Model = model,
            Description = $"{model.Name()} test model",
            Assumptions = ["hand-made"],
            StandaloneBytes = StandaloneBytes,
            ClusterBytes = SlotBytes.Sum() + ClusterFixedBytes,
            EmptyStandaloneBytes = EmptyStandaloneBytes,
            EmptyClusterBytes = EmptyClusterBytes,
            SlotBytes = (long[])SlotBytes.Clone(),
            ClusterFixedBytes = ClusterFixedBytes,
            ByTypeEncoding = new Dictionary<string, IReadOnlyDictionary<string, EncodingStat>>
            {
                ["string"] = new Dictionary<string, EncodingStat> { ["raw"] = new(1000, StandaloneBytes - KeyspaceBytes) },
                ["keyspace"] = new Dictionary<string, EncodingStat> { ["tables"] = new(0, KeyspaceBytes) },
            },
            LargestKeyBytes = LargestKeyBytes,
        };
    }
}
