namespace RdbPlanner.Planning;

/// <summary>
/// Documented prerequisites of ElastiCache online migration (node-based target) that a snapshot cannot show.
/// From the catalog's SOURCES.md, "Online migration": AWS user guide OnlineMigration.html / Migration-Prepare.html (S8)
/// and the AWS ElastiCache agent skill references (S9).
/// </summary>
public static class MigrationChecklist
{
    private const string Guide = "AWS ElastiCache user guide, OnlineMigration.html and Migration-Prepare.html (catalog SOURCES.md S8)";
    private const string GuideAndSkill = Guide + "; AWS ElastiCache agent skill migration references (S9)";

    public static IReadOnlyList<ChecklistItem> OnlineMigration { get; } =
    [
        new("target-engine-version", "target", "the target runs Valkey, or Redis OSS 5.0.6 or later", Guide),
        new("target-no-in-transit-encryption", "target", "in-transit encryption is off on the target while migrating", Guide),
        new("target-multi-az", "target", "Multi-AZ is enabled on the target", Guide),
        new("target-no-global-datastore", "target", "the target is not part of a Global Datastore", Guide),
        new("target-no-data-tiering", "target", "the target does not use data tiering (r6gd)", Guide),
        new("target-node-based", "target", "the target is a node-based cluster (this path does not migrate into serverless)", Guide),
        new("target-memory", "target", "the target has room for the data after its reserved memory (see the plan's peak shard)", Guide),
        new("target-shard-count", "target", "the target has as many shards as the source", GuideAndSkill),
        new("source-self-managed", "source", "the source is self-managed Redis OSS on EC2, not another ElastiCache cluster", Guide),
        new("source-no-auth", "source", "AUTH is not enabled on the source", GuideAndSkill),
        new("source-protected-mode-off", "source", "protected-mode is set to no on the source", Guide),
        new("source-bind", "source", "the source's bind setting accepts connections from the ElastiCache nodes", Guide),
        new("source-databases", "source", "the source's databases setting equals the target's", Guide),
        new("source-replication-commands", "source", "replication commands (SYNC, PSYNC, REPLCONF …) are not renamed on the source", Guide),
    ];
}
