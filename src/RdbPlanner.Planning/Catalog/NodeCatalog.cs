using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// ElastiCache node types, node prices and serverless prices, read from four CSV files (the built-in copy of
/// ../shared/catalog next to the assembly, or a --catalog directory in the same format) and validated on load.
/// Price files may carry several pricing models as columns named <c>&lt;model&gt;_usd_per_hour</c>
/// (on_demand_usd_per_hour → "on-demand"); an empty cell means that model has no price for the row.
/// </summary>
public sealed class NodeCatalog
{
    public const string NodeTypesFile = "elasticache-node-types.csv";
    public const string MaxmemoryFile = "elasticache-maxmemory.csv";
    public const string PricesFile = "elasticache-prices.csv";
    public const string ServerlessFile = "serverless-prices.csv";
    public const string OnDemand = "on-demand";
    public const decimal BytesPerGib = 1L << 30;

    /// <summary>Engines as the catalog names them; Redis OSS models map to "redis", Valkey models to "valkey".</summary>
    public static readonly IReadOnlyList<string> Engines = ["redis", "valkey"];

    private const string PriceColumnSuffix = "_usd_per_hour";

    private readonly Dictionary<string, NodeType> _byName;
    private readonly Dictionary<(string Region, string Engine, string NodeType, string Model), NodePrice> _prices;

    private NodeCatalog(string directory, bool builtIn, List<NodeType> nodeTypes, List<NodePrice> prices, List<ServerlessPrice> serverless, List<string> pricingModels)
    {
        Directory = directory;
        IsBuiltIn = builtIn;
        NodeTypes = nodeTypes;
        Prices = prices;
        ServerlessPrices = serverless;
        PricingModels = pricingModels;
        _byName = nodeTypes.ToDictionary(n => n.Name, StringComparer.OrdinalIgnoreCase);
        _prices = prices.ToDictionary(p => (p.Region, p.Engine, p.NodeType, p.PricingModel));
        Families = nodeTypes.Select(n => n.Family).Distinct(StringComparer.Ordinal).ToList();
        Regions = prices.Select(p => p.Region).Concat(serverless.Select(s => s.Region)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Directory of the catalog copy shipped next to the assembly (the csproj copies Catalog/** to the output).</summary>
    /// <remarks>
    /// In the Native AOT binary there is no assembly file, Location is empty (what IL3000 warns about) and the
    /// fallback, the executable's directory, is where publish puts Catalog/; tests/aot-check.sh runs `plan` that way.
    /// </remarks>
    public static string DefaultDirectory
    {
        [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
            Justification = "An empty Location falls back to AppContext.BaseDirectory, where publish puts Catalog/.")]
        get
        {
            string? location = typeof(NodeCatalog).Assembly.Location;
            string baseDir = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
            return Path.Combine(baseDir, "Catalog");
        }
    }

    public string Directory { get; }

    public bool IsBuiltIn { get; }

    public IReadOnlyList<NodeType> NodeTypes { get; }

    public IReadOnlyList<NodePrice> Prices { get; }

    public IReadOnlyList<ServerlessPrice> ServerlessPrices { get; }

    /// <summary>Short family names ("r7g") in file order.</summary>
    public IReadOnlyList<string> Families { get; }

    /// <summary>Regions that have at least one node or serverless price.</summary>
    public IReadOnlyList<string> Regions { get; }

    /// <summary>Pricing models the price file offers ("on-demand" in the built-in copy).</summary>
    public IReadOnlyList<string> PricingModels { get; }

    /// <summary>Catalog engine name of a model: "redis" or "valkey".</summary>
    public static string EngineName(EngineModel model) => model is EngineModel.Redis70 or EngineModel.Redis72 ? "redis" : "valkey";

    /// <summary>Loads and validates the catalog in <paramref name="dir"/>, or the built-in copy when null.</summary>
    public static NodeCatalog Load(string? dir = null)
    {
        bool builtIn = dir is null;
        string directory = Path.GetFullPath(dir ?? DefaultDirectory);
        if (!System.IO.Directory.Exists(directory))
            throw new PlanningException($"catalog: directory {directory} not found");
        return CatalogLoader.Load(directory, builtIn);
    }

    internal static NodeCatalog Create(string directory, bool builtIn, List<NodeType> nodeTypes, List<NodePrice> prices, List<ServerlessPrice> serverless, List<string> pricingModels)
        => new(directory, builtIn, nodeTypes, prices, serverless, pricingModels);

    /// <summary>"on_demand_usd_per_hour" → "on-demand"; null for columns that are not prices.</summary>
    internal static string? PricingModelOfColumn(string column)
    {
        if (!column.EndsWith(PriceColumnSuffix, StringComparison.OrdinalIgnoreCase) || column.Length == PriceColumnSuffix.Length) return null;
        return column[..^PriceColumnSuffix.Length].Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>Node type by "cache.r7g.large" or "r7g.large".</summary>
    public NodeType GetNodeType(string name)
    {
        if (TryGetNodeType(name, out var type)) return type;
        throw new PlanningException($"unknown node type '{name}'; known: {string.Join(", ", NodeTypes.Select(n => n.Name))}");
    }

    public bool TryGetNodeType(string name, out NodeType type)
    {
        string key = name.Trim();
        if (!key.StartsWith("cache.", StringComparison.OrdinalIgnoreCase)) key = "cache." + key;
        return _byName.TryGetValue(key, out type!);
    }

    /// <summary>Node types of the given families ("r7g") or single types ("cache.r7g.large"), file order, no duplicates.</summary>
    public IReadOnlyList<NodeType> Resolve(IEnumerable<string> familiesOrTypes)
    {
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in familiesOrTypes)
        {
            string item = raw.Trim();
            if (item.Length == 0) continue;
            if (Families.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var n in NodeTypes.Where(n => string.Equals(n.Family, item, StringComparison.OrdinalIgnoreCase))) wanted.Add(n.Name);
            }
            else if (item.Contains('.', StringComparison.Ordinal) && TryGetNodeType(item, out var one))
            {
                wanted.Add(one.Name);
            }
            else
            {
                throw new PlanningException($"unknown node family or type '{item}'; known families: {string.Join(", ", Families)}");
            }
        }
        return NodeTypes.Where(n => wanted.Contains(n.Name)).ToList();
    }

    /// <summary>Throws when the catalog has no price at all for the region, listing the regions it knows.</summary>
    public void RequireRegion(string region)
    {
        if (!Regions.Contains(region, StringComparer.Ordinal))
            throw new PlanningException($"unknown region '{region}'; the catalog has prices for: {string.Join(", ", Regions)}");
    }

    public void RequirePricingModel(string pricingModel)
    {
        if (!PricingModels.Contains(pricingModel, StringComparer.Ordinal))
            throw new PlanningException($"unknown pricing model '{pricingModel}'; the catalog offers: {string.Join(", ", PricingModels)}");
    }

    public NodePrice? FindPrice(string region, string engine, string nodeType, string pricingModel = OnDemand)
        => _prices.TryGetValue((region, engine, nodeType, pricingModel), out var price) ? price : null;

    /// <summary>Price or a one-line error naming what the catalog has for that node type.</summary>
    public NodePrice GetPrice(string region, string engine, string nodeType, string pricingModel = OnDemand)
    {
        RequireRegion(region);
        var type = GetNodeType(nodeType);
        var price = FindPrice(region, engine, type.Name, pricingModel);
        if (price is not null) return price;
        var known = Prices.Where(p => p.NodeType == type.Name).Select(p => $"{p.Region}/{p.Engine}/{p.PricingModel}").ToList();
        throw new PlanningException($"no {pricingModel} {engine} price for {type.Name} in {region}; the catalog has: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
    }

    public ServerlessPrice? FindServerlessPrice(string region, string engine)
        => ServerlessPrices.FirstOrDefault(s => s.Region == region && s.Engine == engine);

    internal static decimal ParseDecimal(CatalogCsv csv, int line, string column, string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new PlanningException($"catalog: {csv.FileName} line {line}: {column} '{text}' is not a non-negative number");
        return value;
    }
}
