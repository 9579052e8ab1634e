namespace RdbPlanner.Rdb;

/// <summary>Entry-by-entry walk shared by listpacks and ziplists, so the value loops are written once.</summary>
internal interface ICompactWalker
{
    /// <summary>Entry count from the blob's header, or -1 when the header says "unknown".</summary>
    long DeclaredCount { get; }

    /// <summary>Entries walked so far.</summary>
    int Count { get; }

    bool Next(out RdbCompactEntry entry);

    /// <summary>As <see cref="Next"/>, giving only the entry's <see cref="RdbCompactEntry.TextLength"/>.</summary>
    bool NextTextLength(out long textLength);
}
