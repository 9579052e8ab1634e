using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Folds finished files into one dataset, in input order, as they finish. The first file's aggregates become the
/// running totals (models, top keys, prefixes); every later file is merged into them and can then be dropped, so the
/// memory held does not grow with the number of files (each file's aggregates are about 2 MB: five models' slot tables
/// and the prefix sketch; 400 shards held to the end took 0.8 GB). Input order keeps the merged sketches, and so the
/// output, the same whichever file finishes first.
/// </summary>
internal sealed class DatasetMerger(AnalysisOptions options)
{
    private FileAnalysis? _totals;
    private readonly List<FileSummary> _files = [];
    private readonly List<AnalysisException> _errors = [];
    private readonly List<string> _magics = [];
    private readonly List<string> _moduleAuxNames = [];
    private long _functions;
    private int _maxVersion;

    /// <summary>The next file in input order; <paramref name="analysis"/> must not be used by the caller afterwards.</summary>
    public void Add(FileSummary file, FileAnalysis analysis, AnalysisException? error)
    {
        _files.Add(file);
        if (error is not null) _errors.Add(error);
        if (_totals is null) _totals = analysis;
        else _totals.Aggregates.Merge(analysis.Aggregates, sameFile: false);
        _functions += analysis.Functions;
        _maxVersion = Math.Max(_maxVersion, analysis.Version);
        if (analysis.Magic.Length > 0 && !_magics.Contains(analysis.Magic)) _magics.Add(analysis.Magic);
        foreach (var name in analysis.ModuleAuxNames) ModuleNames.AddCapped(_moduleAuxNames, name);
    }

    public DatasetSummary Complete()
    {
        var totals = _totals ?? throw new InvalidOperationException("no file was merged");
        var a = totals.Aggregates;
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<RdbObjectKind>()) types[kind.Name()] = a.KindCounts[(int)kind];
        // The dataset counts the loaded keys per slot; the aggregates count the keys left out.
        var slotKeys = a.Dataset.SlotKeyCounts();
        if (a.UnloadedSlotKeys is { } unloaded)
        {
            for (int s = 0; s < slotKeys.Length; s++) slotKeys[s] += unloaded[s];
        }
        var databases = new SortedDictionary<int, long>(a.Databases);

        return new DatasetSummary
        {
            Files = _files,
            Partial = _errors.Count > 0,
            PartialReason = _errors.Count > 0 ? string.Join("; ", _errors.Select(e => e.OneLine())) : null,
            Keys = a.Keys,
            KeysWithExpiry = a.KeysWithExpiry,
            KeysExpiredAtSnapshot = a.KeysExpiredAtSnapshot,
            Databases = databases,
            Types = types,
            FileEncodings = new SortedDictionary<string, long>(a.FileEncodingCounts(), StringComparer.Ordinal),
            Estimates = EngineModelNames.All.Select(model => Estimate(totals, model)).ToList(),
            ModelOptions = options.Models,
            SlotKeys = slotKeys,
            TopKeys = a.Top.ToList(),
            Prefixes = a.Prefixes.Top(options.PrefixesReported),
            PrefixCountErrorBound = a.Prefixes.ErrorBound,
            Ttl = a.Ttl,
            Readiness = new ReadinessFacts
            {
                MaxRdbVersion = _maxVersion,
                Magics = _magics,
                HashFieldTtlKeys = a.HashFieldTtlKeys,
                ValkeyHashFieldTtlKeys = a.ValkeyHashFieldTtlKeys,
                ModuleKeys = new SortedDictionary<string, long>(a.ModuleKeys, StringComparer.Ordinal),
                ModuleAuxNames = _moduleAuxNames,
                DatabasesWithKeys = databases.Count(d => d.Value > 0),
                Functions = _functions,
                KeysOver512MB = a.KeysOver512MB,
                DuplicateInputs = DuplicateInputs(_files),
            },
        };
    }

    /// <summary>
    /// Inputs that are one snapshot given more than once (a shard's primary and replica, or a path repeated). A CRC-64
    /// the trailer verified names the content: two different snapshots share one with odds of 2^-64. Without it, the
    /// SHA-256 when computed, else the full path.
    /// </summary>
    private static List<IReadOnlyList<string>> DuplicateInputs(IReadOnlyList<FileSummary> files) =>
        files.Where(f => f.Path != "-")
            .GroupBy(f => f.Crc64 is not null ? "crc64:" + f.Crc64 : f.Sha256 is not null ? "sha256:" + f.Sha256 : "path:" + Path.GetFullPath(f.Path), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => (IReadOnlyList<string>)g.Select(f => f.Path).ToList())
            .ToList();

    private ModelEstimate Estimate(FileAnalysis totals, EngineModel model)
    {
        var dataset = totals.Aggregates.Dataset.Complete(model);
        var standaloneInfo = ModelCatalog.Describe(model, options.Models, ClusterMode.Standalone);
        var clusterInfo = ModelCatalog.Describe(model, options.Models, ClusterMode.Cluster);
        return new ModelEstimate
        {
            Model = model,
            Description = $"{standaloneInfo.Name} ({standaloneInfo.ModelVersion}, checked against {standaloneInfo.EngineVersion})",
            Assumptions = standaloneInfo.Assumptions.Concat(clusterInfo.Assumptions).Distinct().ToList(),
            StandaloneBytes = dataset.StandaloneBytes,
            ClusterBytes = dataset.ClusterBytes,
            EmptyStandaloneBytes = dataset.EmptyStandaloneBytes,
            EmptyClusterBytes = dataset.EmptyClusterBytes,
            SlotBytes = dataset.SlotBytes,
            ClusterFixedBytes = dataset.ClusterFixedBytes,
            ByTypeEncoding = dataset.ByTypeEncoding
                .GroupBy(t => t.Kind.Name())
                .ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyDictionary<string, EncodingStat>)g.ToDictionary(t => t.Encoding, t => new EncodingStat(t.Keys, t.Bytes))),
            LargestKeyBytes = dataset.LargestKeyBytes,
        };
    }
}
