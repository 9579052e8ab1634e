namespace RdbPlanner.Planning;

/// <summary>Small number helpers shared by the planner.</summary>
internal static class PlanMath
{
    /// <summary>
    /// Drops trailing zeros a decimal keeps from its operands' scale (0.219 × 2 × 730 = 319.740 → 319.74), so JSON
    /// and CSV print the same number the same way whatever produced it. The value is unchanged.
    /// </summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>"1 key", "3 keys".</summary>
    public static string Count(long n, string singular, string plural) => n == 1 ? $"1 {singular}" : $"{n} {plural}";
}
