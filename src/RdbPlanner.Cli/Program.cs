namespace RdbPlanner.Cli;

public static class Program
{
    public static int Main(string[] args) => RootCommandFactory.Run(args, Console.Out, Console.Error);
}
