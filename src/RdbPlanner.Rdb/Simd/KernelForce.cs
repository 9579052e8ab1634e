namespace RdbPlanner.Rdb;

/// <summary>
/// Reads <c>RDBPLANNER_FORCE_KERNEL</c>: a comma-separated list of kernel names, at most one per family (e.g.
/// <c>Crc64Table8,ByteScanScalar</c>). Each family takes the name that starts with its prefix, so tests and benchmarks can pin
/// one family without touching the others. A name with a family's prefix that is not one of its members is an error, not a
/// silent fallback, so a typo cannot make a forced test run measure the default kernel.
/// </summary>
internal static class KernelForce
{
    public const string VariableName = "RDBPLANNER_FORCE_KERNEL";

    public static T Select<T>(string familyPrefix, IReadOnlyList<T> all, Func<T, string> nameOf, Func<T, bool> isSupported, T best)
        where T : class
    {
        string? forced = ForcedName(Environment.GetEnvironmentVariable(VariableName), familyPrefix);
        if (forced is null)
        {
            return best;
        }
        foreach (T kernel in all)
        {
            if (string.Equals(nameOf(kernel), forced, StringComparison.OrdinalIgnoreCase))
            {
                return isSupported(kernel)
                    ? kernel
                    : throw new KernelSelectionException($"{VariableName}={forced}: this CPU (or this build's instruction set) lacks the instructions it needs.");
            }
        }
        throw new KernelSelectionException(
            $"{VariableName}: unknown {familyPrefix} kernel '{forced}'; known: {string.Join(", ", all.Select(nameOf))}.");
    }

    internal static string? ForcedName(string? variable, string familyPrefix)
    {
        if (string.IsNullOrWhiteSpace(variable))
        {
            return null;
        }
        string? found = null;
        foreach (string part in variable.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith(familyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    throw new KernelSelectionException($"{VariableName}: two {familyPrefix} kernels forced ('{found}', '{part}').");
                }
                found = part;
            }
        }
        return found;
    }
}

/// <summary>RDBPLANNER_FORCE_KERNEL names a kernel that is unknown, forced twice, or not runnable here: a setup error.</summary>
public sealed class KernelSelectionException(string message) : ArgumentException(message);
