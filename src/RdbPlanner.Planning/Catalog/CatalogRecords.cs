namespace RdbPlanner.Planning;

/// <summary>
/// An ElastiCache node type. <see cref="MaxmemoryBytes"/> is the engine's fixed maxmemory for the type (ElastiCache
/// parameter docs); the reserved-memory percent comes out of it. <see cref="SsdGib"/> is set only for data tiering (r6gd).
/// </summary>
public sealed record NodeType(
    string Name,
    string Family,
    string FamilyDescription,
    string Generation,
    int Vcpu,
    double MemoryGib,
    long MaxmemoryBytes,
    string Network,
    double? SsdGib,
    IReadOnlyList<string> Engines,
    string Notes,
    string MaxmemorySource)
{
    public bool DataTiering => SsdGib is not null;

    /// <summary>SSD capacity in bytes (GiB × 2^30), 0 without data tiering.</summary>
    public long SsdBytes => SsdGib is { } gib ? (long)Math.Floor((decimal)gib * NodeCatalog.BytesPerGib) : 0;
}

/// <summary>Price of one node for one hour, with where the number came from and when it was true.</summary>
public sealed record NodePrice(string Region, string Engine, string NodeType, string PricingModel, decimal UsdPerHour, string Source, string AsOf);

/// <summary>ElastiCache Serverless prices of one engine in one region; <see cref="MinimumGb"/> is the metered floor.</summary>
public sealed record ServerlessPrice(string Region, string Engine, decimal UsdPerGbHour, decimal UsdPerMillionEcpu, decimal MinimumGb, string Source, string AsOf);
