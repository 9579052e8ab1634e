namespace RdbPlanner.Rdb;

/// <summary>Entry-by-entry walk shared by listpacks and ziplists, so Strict-only loops are written once.</summary>
internal interface ICompactWalker
{
    bool Next(out RdbCompactEntry entry);
}
