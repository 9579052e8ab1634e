using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// Finds what stops a snapshot from moving to a target engine as is (memory-model.md §8.6 for versions), and lists the
/// online-migration prerequisites the user must confirm.
/// </summary>
public static class ReadinessChecker
{
    /// <summary>proto-max-bulk-len default: larger RESTORE payloads and bulk strings are refused.</summary>
    public const long MaxBulkBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Highest REDIS-magic RDB version each engine loads: Redis 7.0 loads 1–10; 7.2 and Valkey 8.0/8.1 load 1–11; Valkey
    /// 9.1 also 1–11, refusing 12–79 as foreign (Redis 7.4+) unless rdb-version-check is relaxed (memory-model.md §8.1).
    /// </summary>
    public static int MaxLoadableVersion(EngineModel engine) => engine == EngineModel.Redis70 ? 10 : 11;

    /// <summary>Highest VALKEY-magic version each engine loads: Valkey 9.0/9.1 write and load VALKEY080; older ones none.</summary>
    public static int MaxLoadableValkeyVersion(EngineModel engine) => engine == EngineModel.Valkey91 ? 80 : 0;

    public static ReadinessReport Check(DatasetSummary summary, EngineModel target, bool clusterMode)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var inv = CultureInfo.InvariantCulture;
        var facts = summary.Readiness;
        var blockers = new List<ReadinessFinding>();
        var warnings = new List<ReadinessFinding>();
        string name = target.Name();
        int maxVersion = MaxLoadableVersion(target);
        int maxValkeyVersion = MaxLoadableValkeyVersion(target);

        var valkeyMagic = summary.Files.Where(f => IsValkeyMagic(f.Magic) && f.RdbVersion > maxValkeyVersion).Select(f => Path.GetFileName(f.Path)).ToList();
        if (valkeyMagic.Count > 0 || (summary.Files.Count == 0 && facts.Magics.Any(IsValkeyMagic) && facts.MaxRdbVersion > maxValkeyVersion))
        {
            blockers.Add(new("valkey-magic", maxValkeyVersion == 0
                ? string.Format(inv, "{0} starts with the VALKEY magic (written by Valkey 9.x); {1} loads only REDIS-magic files up to version {2}",
                    Names(valkeyMagic, "the snapshot"), name, maxVersion)
                : string.Format(inv, "{0} has a VALKEY-magic version above {1} (written by a Valkey newer than 9.1); {2} refuses it",
                    Names(valkeyMagic, "the snapshot"), maxValkeyVersion, name)));
        }
        var tooNew = summary.Files.Where(f => !IsValkeyMagic(f.Magic) && f.RdbVersion > maxVersion).ToList();
        if (tooNew.Count > 0)
        {
            int v = tooNew.Max(f => f.RdbVersion);
            blockers.Add(new("rdb-version", string.Format(inv,
                "RDB version {0} ({1}) in {2}: {3} loads versions 1–{4} only and refuses the whole file",
                v, Writer(v), Names(tooNew.Select(f => Path.GetFileName(f.Path)).ToList(), "the snapshot"), name, maxVersion)));
        }
        else if (summary.Files.Count == 0 && facts.MaxRdbVersion > maxVersion && !facts.Magics.Any(IsValkeyMagic))
        {
            blockers.Add(new("rdb-version", string.Format(inv,
                "RDB version {0} ({1}): {2} loads versions 1–{3} only and refuses the whole file", facts.MaxRdbVersion, Writer(facts.MaxRdbVersion), name, maxVersion)));
        }
        // Valkey 9.1 has field TTLs of its own (HASH_2), but not Redis 7.4+'s encodings of them (types 24, 25).
        long foreignFieldTtlKeys = target == EngineModel.Valkey91 ? facts.HashFieldTtlKeys - facts.ValkeyHashFieldTtlKeys : facts.HashFieldTtlKeys;
        if (foreignFieldTtlKeys > 0)
        {
            blockers.Add(new("hash-field-ttl", target == EngineModel.Valkey91
                ? string.Format(inv, "{0} per-field TTLs in Redis 7.4+'s encoding (RDB types 24–25, HEXPIRE); {1} loads field TTLs only in its own HASH_2 type",
                    PlanMath.Count(foreignFieldTtlKeys, "hash key carries", "hash keys carry"), name)
                : string.Format(inv, "{0} per-field TTLs (RDB types 22–25, HEXPIRE); {1} has no field expiry and cannot load them",
                    PlanMath.Count(foreignFieldTtlKeys, "hash key carries", "hash keys carry"), name)));
        }
        foreach (var (module, keys) in facts.ModuleKeys.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            blockers.Add(new("module-keys", string.Format(inv,
                "{0} to module '{1}'; {2} on ElastiCache cannot load a module's own data type from an RDB", PlanMath.Count(keys, "key belongs", "keys belong"), module, name)));
        }
        foreach (var module in facts.ModuleAuxNames.Where(m => !facts.ModuleKeys.ContainsKey(m)).Distinct().Order(StringComparer.Ordinal))
        {
            blockers.Add(new("module-aux", string.Format(inv,
                "the snapshot holds auxiliary data of module '{0}'; loading fails on a server without that module", module)));
        }
        int databases = PlanValidation.DatabasesWithKeys(summary);
        if (clusterMode && databases > 1)
        {
            blockers.Add(new("databases-cluster-mode", string.Format(inv,
                "{0} databases have keys ({1}); cluster mode serves db 0 only: merge them or keep cluster mode disabled",
                databases, string.Join(", ", summary.Databases.Where(d => d.Value > 0).OrderBy(d => d.Key).Select(d => "db" + d.Key.ToString(inv))))));
        }
        if (facts.Functions > 0)
        {
            blockers.Add(new("functions", string.Format(inv,
                "{0} in the snapshot (FUNCTION LOAD); they live outside the keyspace, so key-based migration leaves them behind: FUNCTION DUMP/RESTORE them on every target shard first", PlanMath.Count(facts.Functions, "function library is", "function libraries are"))));
        }
        if (facts.KeysOver512MB.Count > 0)
        {
            var shown = facts.KeysOver512MB.Take(3).Select(k => "'" + k + "'");
            blockers.Add(new("key-over-512mb", string.Format(inv,
                "{0} 512 MB (proto-max-bulk-len default; e.g. {1}): DUMP/RESTORE and MIGRATE refuse them, split them before moving",
                PlanMath.Count(facts.KeysOver512MB.Count, "key exceeds", "keys exceed"), string.Join(", ", shown))));
        }

        if (summary.Partial)
            warnings.Add(new("partial-input", "input was read only in part (" + (summary.PartialReason ?? "damaged file") + "): findings cover what was read"));
        foreach (var group in facts.DuplicateInputs)
        {
            warnings.Add(new("duplicate-input", ReadinessFacts.DescribeDuplicate(group) + " in the estimates and the plan; give each shard once"));
        }
        if (summary.KeysExpiredAtSnapshot > 0)
            warnings.Add(new("expired-keys", string.Format(inv, "{0} already expired when the snapshot was taken; a primary drops them on load", PlanMath.Count(summary.KeysExpiredAtSnapshot, "key had", "keys had"))));

        return new ReadinessReport(target, clusterMode, blockers, warnings, MigrationChecklist.OnlineMigration);
    }

    private static bool IsValkeyMagic(string magic) => magic.StartsWith("VALKEY", StringComparison.OrdinalIgnoreCase);

    private static string Writer(int version) => version switch
    {
        10 => "written by Redis 7.0",
        11 => "written by Redis 7.2 or Valkey 7.2–8.1",
        12 => "written by Redis 7.4 or 8.x",
        80 => "written by Valkey 9.0 or 9.1",
        _ => "written by an engine newer than the target",
    };

    private static string Names(List<string> files, string fallback)
        => files.Count == 0 ? fallback : files.Count <= 3 ? string.Join(", ", files) : string.Join(", ", files.Take(3)) + $" and {files.Count - 3} more";
}
