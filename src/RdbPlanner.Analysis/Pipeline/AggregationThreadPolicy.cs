using System.Runtime.CompilerServices;

namespace RdbPlanner.Analysis;

/// <summary>
/// Whether a file's aggregation gets its own thread (<see cref="AggregationPipe"/>) when nothing forces it. Measured on
/// the project's 2-vCPU VM (bench/results/amd-epyc/summary.md, fifth session), with the parsing and read-ahead threads
/// already running:
/// <list type="bullet">
/// <item>native binary, plain file or stdin: 325 MB bench RDB 0.65-0.70 → 0.54-0.58 s (stdin 0.66-0.67 → 0.51-0.55 s),
///   3.0 GB file 6.03 → 4.40 s;</item>
/// <item>JIT process: the tiering compiler takes the spare core in the first seconds, so it lost on the 325 MB file
///   (1.09-1.12 → 1.23-1.34 s) and won on the 3.0 GB one (5.41 → 4.80 s);</item>
/// <item>gzip input: inflating on the read-ahead thread needs that core (1.08-1.11 → 1.14-1.18 s): off.</item>
/// </list>
/// Below <see cref="NativeMinBytes"/> the thread and its batches are not worth starting.
/// </summary>
internal static class AggregationThreadPolicy
{
    public const long NativeMinBytes = 32L << 20;
    public const long JitMinBytes = 1L << 30;

    /// <param name="requested">the caller's choice (null: decide)</param>
    /// <param name="spareCore">a core is left over by the files analysed in parallel</param>
    /// <param name="gzip">the input is inflated on the way</param>
    /// <param name="length">the input's length when known (not for a pipe)</param>
    /// <param name="jit">the process compiles code at run time (<see cref="RuntimeFeature.IsDynamicCodeCompiled"/>)</param>
    public static bool Decide(bool? requested, bool spareCore, bool gzip, long? length, bool jit)
    {
        if (!spareCore) return false;
        if (requested is bool forced) return forced;
        if (gzip) return false;
        if (jit) return length >= JitMinBytes;
        return length is null || length >= NativeMinBytes;
    }

    public static bool ProcessCompilesCode => RuntimeFeature.IsDynamicCodeCompiled;
}
