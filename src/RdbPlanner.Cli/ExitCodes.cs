namespace RdbPlanner.Cli;

/// <summary>Process exit codes. Scripts depend on these values.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown option, missing file argument, bad value).</summary>
    public const int Usage = 1;

    /// <summary>An input was corrupt, truncated, unsupported or unreadable; or a checksum mismatched.</summary>
    public const int BadInput = 2;

    /// <summary>analyze/plan: a damaged file was read partially (--keep-going). check: migration blockers found.</summary>
    public const int PartialOrBlockers = 3;
}
