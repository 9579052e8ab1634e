namespace RdbPlanner.Rdb;

/// <summary>The input is not a valid snapshot. <see cref="Offset"/> is the absolute byte offset where reading failed.</summary>
public sealed class RdbFormatException : Exception
{
    public RdbFormatException(long offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public long Offset { get; }

    /// <summary>Which resource limit was hit, if the failure is a limit rather than malformed bytes.</summary>
    public string? Limit { get; init; }

    /// <summary>Display name of the input (file path or "-"), when the caller gave one to the parser.</summary>
    public string? FileName { get; init; }
}
