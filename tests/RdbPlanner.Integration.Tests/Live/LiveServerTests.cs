using Xunit;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>The live harness itself: every dataset reloads with the keys and TTLs its writer reported.</summary>
public sealed class LiveServerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Datasets_ReloadWithEveryKeyAndTtl(bool cluster)
    {
        string binary = RedisServerFixture.RequireBinary();
        var results = await LiveMeasurements.ForMode(binary, cluster);
        Assert.Equal(LiveDatasets.Names.Length, results.Count);
        foreach (var m in results)
        {
            Assert.True(m.WrittenKeys > 100, $"{m.Dataset}: only {m.WrittenKeys} keys written");
            Assert.Equal(m.WrittenKeys, m.LoadedKeys);
            Assert.Equal(m.WrittenExpires, m.LoadedExpires);
            Assert.True(m.DatasetBytes > 0, $"{m.Dataset} {m.Mode}: dataset_bytes {m.DatasetBytes}");
        }
    }

    [Fact]
    public void Fixture_StopsServerOnDispose()
    {
        string binary = RedisServerFixture.RequireBinary();
        int port;
        string dir;
        using (var s = RedisServerFixture.Start(binary))
        {
            port = s.Port;
            dir = s.Dir;
            using var c = s.Connect();
            Assert.Equal("PONG", c.CallString("PING"));
        }
        Assert.False(Directory.Exists(dir));
        Assert.ThrowsAny<Exception>(() => new RespConnection(port, TimeSpan.FromSeconds(2)).Dispose());
    }
}
