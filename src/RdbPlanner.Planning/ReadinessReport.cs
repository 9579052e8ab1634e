using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>Whether the snapshot can move to <see cref="Target"/> as is, and what the user must confirm by hand.</summary>
public sealed record ReadinessReport(
    EngineModel Target,
    bool ClusterMode,
    IReadOnlyList<ReadinessFinding> Blockers,
    IReadOnlyList<ReadinessFinding> Warnings,
    IReadOnlyList<ChecklistItem> Checklist)
{
    public bool HasBlockers => Blockers.Count > 0;
}

/// <summary>
/// One finding. <see cref="Code"/> is stable (rdb-version, valkey-magic, hash-field-ttl, module-keys, module-aux,
/// databases-cluster-mode, functions, key-over-512mb, partial-input, expired-keys, duplicate-input); <see cref="Message"/> is one line.
/// </summary>
public sealed record ReadinessFinding(string Code, string Message);

/// <summary>
/// A documented online-migration prerequisite the tool cannot see in a snapshot; the user confirms it.
/// <see cref="Side"/> is "source" or "target"; <see cref="Source"/> cites where the rule is documented.
/// </summary>
public sealed record ChecklistItem(string Id, string Side, string Text, string Source);
