using System.Net;
using System.Net.Sockets;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Forwards a fixed loopback port to a mock broker's random port. The mock cannot bind a chosen port, but it can
/// advertise one; this proxy makes the advertised address real, so a README can name a stable bootstrap address.
/// </summary>
internal sealed class LoopbackTcpProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _acceptLoop;

    public LoopbackTcpProxy(int listenPort, int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, listenPort);
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int ListenPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var c in _connections)
            {
                c.Dispose();
            }

            _connections.Clear();
        }

        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's exception; nothing is left to clean up.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(inbound));
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient { NoDelay = true };
        inbound.NoDelay = true;
        Track(inbound);
        Track(outbound);
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
            var a = inbound.GetStream();
            var b = outbound.GetStream();

            // When either direction ends, close both so the peer sees the disconnect.
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A client or the broker went away; the other side is closed below.
        }
        finally
        {
            Untrack(inbound);
            Untrack(outbound);
            inbound.Dispose();
        }
    }

    private void Track(TcpClient client)
    {
        lock (_connections)
        {
            _connections.Add(client);
        }
    }

    private void Untrack(TcpClient client)
    {
        lock (_connections)
        {
            _connections.Remove(client);
        }
    }
}
