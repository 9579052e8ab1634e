namespace RdbPlanner.Fuzz;

public static class Program
{
    public static int Main(string[] args) => FuzzTarget.Run(args);
}
