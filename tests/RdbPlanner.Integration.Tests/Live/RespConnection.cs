using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>An error reply (-ERR ...) from the server.</summary>
public sealed class RespErrorException(string message) : Exception(message);

/// <summary>
/// Minimal RESP2 client over one loopback socket: enough to drive a test server. Replies are
/// string (simple), long (integer), byte[] (bulk), object?[] (array), null (nil), or
/// <see cref="RespErrorException"/> (error, thrown by <see cref="Call"/>, returned by <see cref="Pipeline"/>).
/// </summary>
public sealed class RespConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly BufferedStream _in;
    private readonly NetworkStream _stream;

    public RespConnection(int port, TimeSpan timeout)
    {
        _client = new TcpClient { NoDelay = true };
        if (!_client.ConnectAsync("127.0.0.1", port).Wait(timeout))
        {
            _client.Dispose();
            throw new TimeoutException($"connect to 127.0.0.1:{port} timed out after {timeout.TotalSeconds} s");
        }
        _client.ReceiveTimeout = _client.SendTimeout = (int)timeout.TotalMilliseconds;
        _stream = _client.GetStream();
        _in = new BufferedStream(_stream, 1 << 16);
    }

    public void Dispose()
    {
        _in.Dispose();
        _client.Dispose();
    }

    public object? Call(params object[] args)
    {
        Send([args]);
        object? reply = Read();
        if (reply is RespErrorException e) throw new RespErrorException($"{Describe(args)} -> {e.Message}");
        return reply;
    }

    public string CallString(params object[] args) => AsString(Call(args));

    /// <summary>Sends every command, then reads every reply (batches of 1000). Error replies are returned, not thrown.</summary>
    public List<object?> Pipeline(IReadOnlyList<object[]> commands)
    {
        var replies = new List<object?>(commands.Count);
        for (int i = 0; i < commands.Count; i += 1000)
        {
            var batch = commands.Skip(i).Take(1000).ToList();
            Send(batch);
            foreach (var _ in batch) replies.Add(Read());
        }
        return replies;
    }

    /// <summary>Pipeline that throws on the first error reply.</summary>
    public void Execute(IReadOnlyList<object[]> commands)
    {
        var replies = Pipeline(commands);
        for (int i = 0; i < replies.Count; i++)
        {
            if (replies[i] is RespErrorException e) throw new RespErrorException($"{Describe(commands[i])} -> {e.Message}");
        }
    }

    /// <summary>INFO section as name → value (db lines kept as their raw "keys=..,expires=.." text).</summary>
    public Dictionary<string, string> Info(string section)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in CallString("INFO", section).Split('\n'))
        {
            var l = line.TrimEnd('\r');
            int c = l.IndexOf(':', StringComparison.Ordinal);
            if (l.Length == 0 || l[0] == '#' || c < 0) continue;
            d[l[..c]] = l[(c + 1)..];
        }
        return d;
    }

    public static string AsString(object? reply) => reply switch
    {
        byte[] b => Encoding.UTF8.GetString(b),
        string s => s,
        long n => n.ToString(CultureInfo.InvariantCulture),
        null => "",
        _ => throw new InvalidOperationException($"not a string reply: {reply.GetType().Name}"),
    };

    private static string Describe(object[] args) => string.Join(' ', args.Take(2).Select(a => a is byte[] ? "<bytes>" : Convert.ToString(a, CultureInfo.InvariantCulture)));

    private void Send(IEnumerable<object[]> commands)
    {
        using var ms = new MemoryStream();
        foreach (var args in commands)
        {
            WriteAscii(ms, $"*{args.Length}\r\n");
            foreach (var a in args)
            {
                byte[] b = a switch
                {
                    byte[] bytes => bytes,
                    string s => Encoding.UTF8.GetBytes(s),
                    int n => Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)),
                    long n => Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)),
                    double d => Encoding.ASCII.GetBytes(d.ToString("R", CultureInfo.InvariantCulture)),
                    _ => throw new ArgumentException($"unsupported argument {a.GetType().Name}"),
                };
                WriteAscii(ms, $"${b.Length}\r\n");
                ms.Write(b);
                ms.Write("\r\n"u8);
            }
        }
        _stream.Write(ms.GetBuffer(), 0, (int)ms.Length);
    }

    private static void WriteAscii(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));

    private object? Read()
    {
        string line = ReadLine();
        if (line.Length == 0) throw new IOException("empty RESP line");
        string rest = line[1..];
        switch (line[0])
        {
            case '+': return rest;
            case '-': return new RespErrorException(rest);
            case ':': return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                int n = int.Parse(rest, CultureInfo.InvariantCulture);
                if (n < 0) return null;
                var data = new byte[n + 2];
                _in.ReadExactly(data);
                return data.AsSpan(0, n).ToArray();
            }
            case '*':
            {
                int n = int.Parse(rest, CultureInfo.InvariantCulture);
                if (n < 0) return null;
                var items = new object?[n];
                for (int i = 0; i < n; i++) items[i] = Read();
                return items;
            }
            default: throw new IOException($"unexpected RESP reply '{line}'");
        }
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = _in.ReadByte();
            if (b < 0) throw new IOException("server closed the connection");
            if (b == '\r')
            {
                _in.ReadByte(); // '\n'
                return sb.ToString();
            }
            sb.Append((char)b);
        }
    }
}
