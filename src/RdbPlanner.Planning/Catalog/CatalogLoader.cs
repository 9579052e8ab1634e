using System.Globalization;

namespace RdbPlanner.Planning;

/// <summary>Reads the four catalog files and cross-checks them; every error names the file and line.</summary>
internal static class CatalogLoader
{
    public static NodeCatalog Load(string directory, bool builtIn)
    {
        var maxmemory = ReadMaxmemory(directory);
        var nodeTypes = ReadNodeTypes(directory, maxmemory);
        var byName = nodeTypes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var (prices, models) = ReadPrices(directory, byName);
        var serverless = ReadServerless(directory);
        return NodeCatalog.Create(directory, builtIn, nodeTypes, prices, serverless, models);
    }

    private static Dictionary<string, (long Bytes, string[] Engines, string Source, int Line)> ReadMaxmemory(string directory)
    {
        var csv = CatalogCsv.Read(Path.Combine(directory, NodeCatalog.MaxmemoryFile), ["node_type", "maxmemory_bytes", "engines", "source"]);
        var result = new Dictionary<string, (long, string[], string, int)>(StringComparer.Ordinal);
        foreach (var (line, f) in csv.Rows)
        {
            string name = RequireNodeTypeName(csv, line, csv.Get(f, "node_type"));
            string text = csv.Get(f, "maxmemory_bytes");
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) || bytes <= 0)
                throw new PlanningException($"catalog: {csv.FileName} line {line}: maxmemory_bytes '{text}' is not a positive integer");
            var engines = csv.Get(f, "engines").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => e.ToLowerInvariant()).ToArray();
            foreach (var e in engines) RequireEngine(csv, line, e);
            if (!result.TryAdd(name, (bytes, engines, csv.Get(f, "source"), line)))
                throw new PlanningException($"catalog: {csv.FileName} line {line}: {name} listed twice");
        }
        return result;
    }

    private static List<NodeType> ReadNodeTypes(string directory, Dictionary<string, (long Bytes, string[] Engines, string Source, int Line)> maxmemory)
    {
        var csv = CatalogCsv.Read(Path.Combine(directory, NodeCatalog.NodeTypesFile), ["node_type", "family", "generation", "vcpu", "memory_gib", "network", "ssd_gib", "notes"]);
        var list = new List<NodeType>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, f) in csv.Rows)
        {
            string name = RequireNodeTypeName(csv, line, csv.Get(f, "node_type"));
            if (!seen.Add(name)) throw new PlanningException($"catalog: {csv.FileName} line {line}: {name} listed twice");
            if (!maxmemory.TryGetValue(name, out var mm))
                throw new PlanningException($"catalog: {csv.FileName} line {line}: {name} has no row in {NodeCatalog.MaxmemoryFile}");
            string vcpuText = csv.Get(f, "vcpu");
            if (!int.TryParse(vcpuText, NumberStyles.None, CultureInfo.InvariantCulture, out int vcpu) || vcpu <= 0)
                throw new PlanningException($"catalog: {csv.FileName} line {line}: vcpu '{vcpuText}' is not a positive integer");
            double memoryGib = (double)NodeCatalog.ParseDecimal(csv, line, "memory_gib", csv.Get(f, "memory_gib"));
            string ssdText = csv.Get(f, "ssd_gib");
            double? ssd = ssdText.Length == 0 ? null : (double)NodeCatalog.ParseDecimal(csv, line, "ssd_gib", ssdText);
            list.Add(new NodeType(
                name,
                FamilyOf(name),
                csv.Get(f, "family"),
                csv.Get(f, "generation"),
                vcpu,
                memoryGib,
                mm.Bytes,
                csv.Get(f, "network"),
                ssd,
                mm.Engines,
                csv.Get(f, "notes"),
                mm.Source));
        }
        foreach (var (name, mm) in maxmemory)
        {
            if (!seen.Contains(name))
                throw new PlanningException($"catalog: {NodeCatalog.MaxmemoryFile} line {mm.Line}: {name} has no row in {NodeCatalog.NodeTypesFile}");
        }
        return list;
    }

    private static (List<NodePrice>, List<string>) ReadPrices(string directory, Dictionary<string, NodeType> nodeTypes)
    {
        var csv = CatalogCsv.Read(Path.Combine(directory, NodeCatalog.PricesFile), ["region", "engine", "node_type", "source", "as_of"]);
        var priceColumns = csv.Header.Select(h => (Column: h, Model: NodeCatalog.PricingModelOfColumn(h))).Where(c => c.Model is not null).ToList();
        if (priceColumns.Count == 0)
            throw new PlanningException($"catalog: {csv.FileName} has no price column (expected e.g. on_demand_usd_per_hour)");
        var prices = new List<NodePrice>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var (line, f) in csv.Rows)
        {
            string region = csv.Get(f, "region");
            if (region.Length == 0) throw new PlanningException($"catalog: {csv.FileName} line {line}: empty region");
            string engine = csv.Get(f, "engine").ToLowerInvariant();
            RequireEngine(csv, line, engine);
            string name = RequireNodeTypeName(csv, line, csv.Get(f, "node_type"));
            if (!nodeTypes.TryGetValue(name, out var type))
                throw new PlanningException($"catalog: {csv.FileName} line {line}: node type {name} is not in {NodeCatalog.NodeTypesFile}");
            if (!type.Engines.Contains(engine))
                throw new PlanningException($"catalog: {csv.FileName} line {line}: {name} does not run {engine} (engines: {string.Join(';', type.Engines)})");
            string source = csv.Get(f, "source");
            string asOf = csv.Get(f, "as_of");
            if (source.Length == 0 || asOf.Length == 0)
                throw new PlanningException($"catalog: {csv.FileName} line {line}: every price needs a source and an as_of date");
            foreach (var (column, model) in priceColumns)
            {
                string text = csv.Get(f, column);
                if (text.Length == 0) continue;
                decimal usd = NodeCatalog.ParseDecimal(csv, line, column, text);
                if (usd == 0) throw new PlanningException($"catalog: {csv.FileName} line {line}: {column} is zero");
                if (!seen.Add((region, engine, name, model!)))
                    throw new PlanningException($"catalog: {csv.FileName} line {line}: a second {model} {engine} price for {name} in {region}");
                prices.Add(new NodePrice(region, engine, name, model!, usd, source, asOf));
            }
        }
        return (prices, priceColumns.Select(c => c.Model!).Distinct(StringComparer.Ordinal).ToList());
    }

    private static List<ServerlessPrice> ReadServerless(string directory)
    {
        string path = Path.Combine(directory, NodeCatalog.ServerlessFile);
        // Serverless prices are optional in a user catalog: without them the plan has no serverless estimate.
        if (!File.Exists(path)) return [];
        var csv = CatalogCsv.Read(path, ["region", "engine", "usd_per_gb_hour", "usd_per_million_ecpu", "min_gb", "source", "as_of"]);
        var list = new List<ServerlessPrice>();
        var seen = new HashSet<(string, string)>();
        foreach (var (line, f) in csv.Rows)
        {
            string region = csv.Get(f, "region");
            string engine = csv.Get(f, "engine").ToLowerInvariant();
            RequireEngine(csv, line, engine);
            if (region.Length == 0) throw new PlanningException($"catalog: {csv.FileName} line {line}: empty region");
            if (!seen.Add((region, engine)))
                throw new PlanningException($"catalog: {csv.FileName} line {line}: a second {engine} serverless price for {region}");
            list.Add(new ServerlessPrice(
                region,
                engine,
                NodeCatalog.ParseDecimal(csv, line, "usd_per_gb_hour", csv.Get(f, "usd_per_gb_hour")),
                NodeCatalog.ParseDecimal(csv, line, "usd_per_million_ecpu", csv.Get(f, "usd_per_million_ecpu")),
                NodeCatalog.ParseDecimal(csv, line, "min_gb", csv.Get(f, "min_gb")),
                csv.Get(f, "source"),
                csv.Get(f, "as_of")));
        }
        return list;
    }

    /// <summary>"cache.r7g.large" → "r7g".</summary>
    internal static string FamilyOf(string name) => name.Split('.')[1];

    private static string RequireNodeTypeName(CatalogCsv csv, int line, string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 3 || parts[0] != "cache" || parts[1].Length == 0 || parts[2].Length == 0)
            throw new PlanningException($"catalog: {csv.FileName} line {line}: node type '{name}' is not of the form cache.<family>.<size>");
        return name;
    }

    private static void RequireEngine(CatalogCsv csv, int line, string engine)
    {
        if (!NodeCatalog.Engines.Contains(engine))
            throw new PlanningException($"catalog: {csv.FileName} line {line}: engine '{engine}' is not one of {string.Join(", ", NodeCatalog.Engines)}");
    }
}
