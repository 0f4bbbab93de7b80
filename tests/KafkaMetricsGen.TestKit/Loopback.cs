using System.Net;
using System.Net.Sockets;

namespace KafkaMetricsGen.TestKit;

/// <summary>What the tests need of the loopback interface and of servers starting on it.</summary>
public static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls <paramref name="check"/> every 500 ms until it holds (true) or <paramref name="timeout"/> passes (false);
    /// a request that fails or times out counts as "not yet".
    /// </summary>
    public static async Task<bool> PollAsync(Func<Task<bool>> check, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(check);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await check().ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500).ConfigureAwait(false);
        }

        return false;
    }
}
