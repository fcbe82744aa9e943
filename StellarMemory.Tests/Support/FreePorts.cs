using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StellarMemory.Tests.Support;

/// <summary>Loopback ports nothing listens on, each handed out once per test run. The kernel may give the port it has
/// just freed to the next request for any free port, so two requests in a row can get the same one: a sandbox once
/// got one port for both its Stripe and its Lemon Squeezy server, and could not start.</summary>
public static class FreePorts
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    public static int Take()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
