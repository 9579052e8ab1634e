namespace RdbPlanner.Analysis.Tests;

public class InOrderRunTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(50, 3)]
    [InlineData(200, 4)]
    public void Folds_EveryItem_InIndexOrder_WhateverOrderTheyFinish(int count, int parallel)
    {
        var random = new Random(count * 31 + parallel);
        var delays = Enumerable.Range(0, count).Select(_ => random.Next(0, 3)).ToArray();
        var folded = new List<int>();
        new InOrderRun<int>(count, parallel, i =>
        {
            Thread.Sleep(delays[i]);
            return i * 10;
        }, (i, value) =>
        {
            Assert.Equal(i * 10, value);
            folded.Add(i);
        }).Run();
        Assert.Equal(Enumerable.Range(0, count), folded);
    }

    [Fact]
    public void Holds_AtMostAWindowOfUnfoldedResults_WhileAnEarlyItemIsSlow()
    {
        // Item 0 is slow and every other item instant: without the window, all of them would finish and wait for it.
        const int count = 40, parallel = 2;
        int started = 0, folded = 0, worstAhead = 0;
        var run = new InOrderRun<int>(count, parallel, i =>
        {
            int ahead = Interlocked.Increment(ref started) - Volatile.Read(ref folded);
            InterlockedMax(ref worstAhead, ahead);
            if (i == 0) Thread.Sleep(200);
            return i;
        }, (_, _) => Interlocked.Increment(ref folded));
        run.Run();
        Assert.Equal(count, folded);
        Assert.InRange(worstAhead, 1, run.Window);
    }

    [Fact]
    public void TheFirstFailureInIndexOrder_IsRethrown_AndNoLaterItemStarts()
    {
        // Item 3 fails at once, item 1 later; 1 comes first in order, so its failure is the one reported.
        var started = new System.Collections.Concurrent.ConcurrentBag<int>();
        var run = new InOrderRun<int>(100, 2, i =>
        {
            started.Add(i);
            if (i == 1)
            {
                Thread.Sleep(50);
                throw new InvalidDataException("item 1");
            }
            if (i == 3) throw new InvalidDataException("item 3");
            return i;
        }, (_, _) => { });
        var e = Assert.Throws<InvalidDataException>(run.Run);
        Assert.Equal("item 1", e.Message);
        Assert.True(started.Max() < 1 + run.Window + 2, $"item {started.Max()} started after the failure");
    }

    [Fact]
    public void AFailingFold_StopsTheRun_AndIsRethrown()
    {
        int folds = 0;
        var run = new InOrderRun<int>(30, 2, i => i, (i, _) =>
        {
            folds++;
            if (i == 4) throw new InvalidOperationException("fold 4");
        });
        Assert.Equal("fold 4", Assert.Throws<InvalidOperationException>(run.Run).Message);
        Assert.Equal(5, folds);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
