namespace RdbPlanner.Fuzz;

public static class Program
{
    public static void Main(string[] args) => FuzzTarget.Run(args);
}
