using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// ElastiCache Serverless: storage billed per GB-hour on data stored (at least the engine's minimum: 1 GB Redis OSS,
/// 100 MB Valkey, SOURCES.md S6/S7), plus ECPUs only when a request rate is given (1 ECPU per request of ≤ 1 KB, S7).
/// </summary>
internal static class ServerlessEstimator
{
    public static ServerlessEstimate? Estimate(EngineModel engine, ModelEstimate estimate, PlanOptions options, NodeCatalog catalog)
    {
        var price = catalog.FindServerlessPrice(options.Region, NodeCatalog.EngineName(engine));
        if (price is null) return null;
        long dataBytes = (long)Math.Ceiling(estimate.ClusterBytes * (1m + (decimal)options.Growth));
        decimal gb = Math.Round(dataBytes / NodeCatalog.BytesPerGib, 6, MidpointRounding.AwayFromZero);
        decimal billed = Math.Max(gb, price.MinimumGb);
        decimal storage = Math.Round(billed * price.UsdPerGbHour * CapacityPlanner.HoursPerMonth, 2, MidpointRounding.AwayFromZero);
        decimal? millionEcpu = null, requestCost = null;
        if (options.RequestsPerSecond is { } rps)
        {
            millionEcpu = Math.Round((decimal)rps * 3600m * CapacityPlanner.HoursPerMonth / 1_000_000m, 6, MidpointRounding.AwayFromZero);
            requestCost = Math.Round(millionEcpu.Value * price.UsdPerMillionEcpu, 2, MidpointRounding.AwayFromZero);
        }
        decimal month = storage + (requestCost ?? 0);
        return new ServerlessEstimate
        {
            Engine = engine,
            Region = options.Region,
            DataBytes = dataBytes,
            BilledGb = PlanMath.Normalize(billed),
            MinimumGb = PlanMath.Normalize(price.MinimumGb),
            UsdPerGbHour = PlanMath.Normalize(price.UsdPerGbHour),
            StorageUsdPerMonth = PlanMath.Normalize(storage),
            RequestsPerSecond = options.RequestsPerSecond,
            MillionEcpuPerMonth = millionEcpu is { } xMi ? PlanMath.Normalize(xMi) : null,
            RequestUsdPerMonth = requestCost is { } xRe ? PlanMath.Normalize(xRe) : null,
            UsdPerMonth = PlanMath.Normalize(month),
            UsdPerYear = PlanMath.Normalize(month * 12),
            PriceSource = price.Source,
            PriceAsOf = price.AsOf,
        };
    }
}
