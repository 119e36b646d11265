using System.Net;
using System.Net.Sockets;

namespace Workflows.Testing;

/// <summary>Finds TCP ports on the loopback interface that nothing listens on.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the OS for an unused loopback port. The port is released before returning, so another
    /// process could in principle take it before the caller binds it; callers that start servers
    /// should retry with a new port when binding fails (as <see cref="MailDev.MailDevServer"/> does).
    /// </summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Returns <paramref name="count"/> distinct free ports.</summary>
    public static IReadOnlyList<int> Get(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var ports = new HashSet<int>();
        while (ports.Count < count)
        {
            ports.Add(Get());
        }

        return [.. ports];
    }
}
