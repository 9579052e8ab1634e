namespace RdbPlanner.Planning;

/// <summary>
/// Bad planning input: unknown region, node type or family, an option out of range, or a catalog file that does not
/// validate. The message is one line and says what is known or allowed, so the CLI can print it as is.
/// </summary>
public sealed class PlanningException : Exception
{
    public PlanningException(string message)
        : base(message)
    {
    }

    public PlanningException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
