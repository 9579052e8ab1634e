namespace RdbPlanner.Cli;

internal static class RootCommandFactory
{
    // Commands are added as the layers below them land (analyze, plan, check).
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("rdbplanner: no commands yet");
        return 1;
    }
}
