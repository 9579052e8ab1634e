using System.Text.Json;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports;

/// <summary>
/// The `analyze --json` document. Top-level names files, keys, keysWithExpiry, databases, types and estimates are a
/// contract other tools rely on: add fields, never rename.
/// </summary>
public static class AnalysisJsonWriter
{
    public static void Write(DatasetSummary s, Stream output, double seconds)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("tool", "rdbplanner");
        w.WriteBoolean("partial", s.Partial);
        if (s.PartialReason is not null) w.WriteString("partialReason", s.PartialReason);

        w.WriteStartArray("files");
        foreach (var f in s.Files)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteNumber("bytes", f.Bytes);
            w.WriteString("magic", f.Magic);
            w.WriteNumber("rdbVersion", f.RdbVersion);
            w.WriteString("checksum", f.Checksum);
            if (f.Writer is null) w.WriteNull("writer"); else w.WriteString("writer", f.Writer);
            if (f.WriterVersion is null) w.WriteNull("writerVersion"); else w.WriteString("writerVersion", f.WriterVersion);
            if (f.CreatedAt is null) w.WriteNull("createdAt"); else w.WriteString("createdAt", f.CreatedAt.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            if (f.Sha256 is not null) w.WriteString("sha256", f.Sha256);
            if (f.Crc64 is not null) w.WriteString("crc64", f.Crc64);
            w.WriteBoolean("gzip", f.Gzip);
            w.WriteNumber("keys", f.Keys);
            w.WriteNumber("seconds", Math.Round(f.Seconds, 4));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteNumber("keys", s.Keys);
        w.WriteNumber("keysWithExpiry", s.KeysWithExpiry);
        w.WriteNumber("keysExpiredAtSnapshot", s.KeysExpiredAtSnapshot);
        w.WriteStartObject("databases");
        foreach (var (db, n) in s.Databases.OrderBy(d => d.Key)) w.WriteNumber(db.ToString(System.Globalization.CultureInfo.InvariantCulture), n);
        w.WriteEndObject();
        w.WriteStartObject("types");
        foreach (var (t, n) in s.Types) w.WriteNumber(t, n);
        w.WriteEndObject();
        w.WriteStartObject("fileEncodings");
        foreach (var (t, n) in s.FileEncodings) w.WriteNumber(t, n);
        w.WriteEndObject();

        w.WriteStartObject("modelAssumptions");
        w.WriteString("allocator", s.ModelOptions.Allocator.Name());
        w.WriteString("maxmemoryPolicy", s.ModelOptions.MaxmemoryPolicy);
        w.WriteString("meaning", "predicted growth of INFO used_memory when the files are loaded into an empty server of that engine");
        w.WriteEndObject();

        w.WriteStartObject("estimates");
        foreach (var e in s.Estimates)
        {
            w.WriteStartObject(e.Model.Name());
            w.WriteNumber("standalone", e.StandaloneBytes);
            w.WriteNumber("cluster", e.ClusterBytes);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("estimateDetails");
        foreach (var e in s.Estimates)
        {
            w.WriteStartObject(e.Model.Name());
            w.WriteString("model", e.Description);
            w.WriteStartArray("assumptions");
            foreach (var a in e.Assumptions) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteNumber("emptyInstanceStandalone", e.EmptyStandaloneBytes);
            w.WriteNumber("emptyInstanceCluster", e.EmptyClusterBytes);
            w.WriteNumber("clusterFixed", e.ClusterFixedBytes);
            w.WriteNumber("largestKey", e.LargestKeyBytes);
            w.WriteStartObject("byTypeEncoding");
            foreach (var (type, encs) in e.ByTypeEncoding.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(type);
                foreach (var (enc, stat) in encs.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject(enc);
                    w.WriteNumber("keys", stat.Keys);
                    w.WriteNumber("bytes", stat.Bytes);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartArray("topKeys");
        foreach (var k in s.TopKeys)
        {
            w.WriteStartObject();
            w.WriteNumber("db", k.Database);
            w.WriteString("type", k.Type);
            w.WriteString("key", k.Key);
            w.WriteNumber("bytes", k.Bytes);
            w.WriteString("encoding", k.Encoding);
            w.WriteNumber("elements", k.Elements);
            w.WriteNumber("largestElement", k.LargestElement);
            if (k.ExpireAtMs >= 0) w.WriteString("expiry", DateTimeOffset.FromUnixTimeMilliseconds(k.ExpireAtMs).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            w.WriteNumber("slot", k.Slot);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("prefixes");
        w.WriteNumber("countErrorBound", s.PrefixCountErrorBound);
        w.WriteStartArray("items");
        foreach (var p in s.Prefixes)
        {
            w.WriteStartObject();
            w.WriteString("prefix", p.Prefix);
            w.WriteNumber("depth", p.Depth);
            w.WriteNumber("keys", p.Keys);
            w.WriteNumber("bytes", p.Bytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("ttl");
        for (int b = 0; b < TtlHistogram.BucketNames.Length; b++)
        {
            w.WriteStartObject(TtlHistogram.BucketNames[b]);
            w.WriteNumber("keys", s.Ttl.Keys[b]);
            w.WriteNumber("bytes", s.Ttl.Bytes[b]);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("slots");
        w.WriteNumber("nonEmpty", s.SlotKeys.Count(k => k > 0));
        w.WriteNumber("maxKeys", s.SlotKeys.Max());
        w.WriteEndObject();

        var r = s.Readiness;
        w.WriteStartObject("readinessFacts");
        w.WriteNumber("maxRdbVersion", r.MaxRdbVersion);
        w.WriteStartArray("magics");
        foreach (var m in r.Magics) w.WriteStringValue(m);
        w.WriteEndArray();
        w.WriteNumber("hashFieldTtlKeys", r.HashFieldTtlKeys);
        w.WriteNumber("valkeyHashFieldTtlKeys", r.ValkeyHashFieldTtlKeys);
        w.WriteStartObject("moduleKeys");
        foreach (var (m, n) in r.ModuleKeys) w.WriteNumber(m, n);
        w.WriteEndObject();
        w.WriteNumber("databasesWithKeys", r.DatabasesWithKeys);
        w.WriteNumber("functions", r.Functions);
        w.WriteNumber("keysOver512MB", r.KeysOver512MB.Count);
        w.WriteStartArray("duplicateInputs");
        foreach (var group in r.DuplicateInputs)
        {
            w.WriteStartArray();
            foreach (var path in group) w.WriteStringValue(path);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteNumber("seconds", Math.Round(seconds, 4));
        w.WriteEndObject();
    }
}
