using System.Diagnostics.Tracing;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Largest ArrayPool buffer rented by the current thread. GC.GetAllocatedBytesForCurrentThread misses a huge rent
/// when the shared pool already holds an array of that size, so the pool's own event source is watched too.
/// EventListener callbacks run on the thread that wrote the event, so a thread-static maximum isolates parallel tests.
/// </summary>
internal sealed class RentTracker : EventListener
{
    [ThreadStatic] private static long t_maxRent;

    public static RentTracker Instance { get; } = new();

    public static void Reset() => t_maxRent = 0;

    public static long MaxRentedOnThisThread => t_maxRent;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // System.Buffers.ArrayPoolEventSource: BufferRented(bufferId, bufferSize, poolId, bucketId) is verbose.
        if (source.Name == "System.Buffers.ArrayPoolEventSource") EnableEvents(source, EventLevel.Verbose);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is "BufferRented" or "BufferAllocated" && e.Payload is { Count: >= 2 } p && p[1] is int size && size > t_maxRent)
        {
            t_maxRent = size;
        }
    }
}
