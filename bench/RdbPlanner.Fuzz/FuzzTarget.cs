namespace RdbPlanner.Fuzz;

internal static class FuzzTarget
{
    // Replaced by the hostile-input work (issue 7).
    public static void Run(string[] args) => throw new NotImplementedException();
}
