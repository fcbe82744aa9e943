using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace StellarMemory.Tests.Support;

/// <summary>A port of its own in front of one of the shared services, which a test takes down and brings back in
/// milliseconds: while down nothing listens there (a connection is refused, as by a service that is not running) and
/// the connections it carried are cut. It starts down. The shared service itself is never touched.</summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private bool _turningAway;
    private int _turnedAway;

    private TcpForwarder(int targetPort) => (_targetPort, Port) = (targetPort, FreePorts.Take());

    public int Port { get; }

    /// <summary>In front of the shared PostgreSQL; <see cref="PostgresConnectionString"/> reaches it through here.</summary>
    public static TcpForwarder ToPostgres() =>
        new(new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString).Port);

    /// <summary>In front of the shared Azurite's queue service; <see cref="QueueConnectionString"/> reaches it through here.</summary>
    public static TcpForwarder ToQueues() => new(SharedQueueEndpoint().Port);

    /// <summary>The connection string of <paramref name="database"/> on the shared server, through this port.</summary>
    public string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionStringFor(database)) { Port = Port, Timeout = 3 }.ConnectionString;

    public string QueueConnectionString =>
        TestEnvironment.QueueConnectionString.Replace(SharedQueueEndpoint().ToString().TrimEnd('/'),
            new UriBuilder(SharedQueueEndpoint()) { Port = Port }.Uri.ToString().TrimEnd('/'), StringComparison.Ordinal);

    public bool IsUp
    {
        get
        {
            lock (_lock)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>How many connections were reset at once since <see cref="TurnAway"/>.</summary>
    public int TurnedAway => Volatile.Read(ref _turnedAway);

    /// <summary>Down, but noting who knocks: every connection is accepted and reset at once (to a client, a service
    /// that fails every call) and counted, so a test can wait until a client has really tried.</summary>
    public void TurnAway()
    {
        Down();
        Up(turnAway: true);
    }

    public void Up() => Up(turnAway: false);

    private void Up(bool turnAway)
    {
        lock (_lock)
        {
            Volatile.Write(ref _turningAway, turnAway);
            if (_listener is not null)
            {
                return;
            }
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    public void Down()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
        }
        foreach (var socket in _open.Keys)
        {
            Close(socket);
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // taken down
            }
            if (Volatile.Read(ref _turningAway))
            {
                Interlocked.Increment(ref _turnedAway);
                client.Close(0);
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await from.ReceiveAsync(buffer) is > 0 and var read)
            {
                await to.SendAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.Close(0); // a reset, as when the service's process is gone
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static Uri SharedQueueEndpoint()
    {
        var endpoint = TestEnvironment.QueueConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .First(pair => pair[0].Equals("QueueEndpoint", StringComparison.OrdinalIgnoreCase))[1];
        return new Uri(endpoint);
    }
}
