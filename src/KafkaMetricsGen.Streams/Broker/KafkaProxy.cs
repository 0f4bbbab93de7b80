using System.Net;
using System.Net.Sockets;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Fronts one mock broker on a loopback port (a chosen one, or any free one) and is the address the broker
/// advertises, so every client request passes through it. Frames are forwarded as they are, except that offsets
/// committed inside transactions are made to stick (see <see cref="TransactionRequestInspector"/>); the mock
/// itself answers TxnOffsetCommit but never stores it. Admin requests the mock has no handler for are answered by
/// the proxy (see <see cref="AdminRequests"/>). Clients that met an earlier broker on the same port are answered as
/// Kafka answers them: see <see cref="UnknownGroupAnswers"/> and <see cref="ReadCommittedTracker.OnRequest"/>.
/// </summary>
internal sealed class KafkaProxy : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly int _brokerPort;
    private readonly TransactionalOffsetStore _store;
    private readonly TransactionalOffsetStatistics _statistics;
    private readonly TransactionVisibility _visibility;
    private readonly IClusterAdmin? _admin;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly Dictionary<KafkaProxyConnection, Task> _connections = [];
    private readonly Task _acceptLoop;

    // Completed once client connections may be served; until then they wait in the listener's backlog.
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="acceptAtOnce">False: connections wait until <see cref="Open"/> (see <see cref="EmbeddedKafkaBrokerOptions.AcceptClientsAtStart"/>).</param>
    public KafkaProxy(int listenPort, int brokerPort, TransactionalOffsetStore store, TransactionalOffsetStatistics statistics, TransactionVisibility visibility, IClusterAdmin? admin = null, bool acceptAtOnce = true)
    {
        if (acceptAtOnce)
        {
            _open.TrySetResult();
        }

        _visibility = visibility;
        _admin = admin;
        _brokerPort = brokerPort;
        _store = store;
        _statistics = statistics;
        _stopping = _stop.Token;
        _listener = new TcpListener(IPAddress.Loopback, listenPort);
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int ListenPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts serving client connections, those already waiting first.</summary>
    public void Open() => _open.TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] running;
        lock (_connections)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.Dispose();
            }

            running = [.. _connections.Values];
        }

        try
        {
            _acceptLoop.Wait(StopWait);
            Task.WaitAll(running, StopWait);
        }
        catch (AggregateException)
        {
            // The loops end with the listener's or the sockets' exceptions; nothing is left to clean up.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            await _open.Task.WaitAsync(_stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new KafkaProxyConnection(client, _brokerPort, _store, _statistics, _visibility, _admin);
            lock (_connections)
            {
                if (_stopping.IsCancellationRequested)
                {
                    connection.Dispose();
                    return;
                }

                _connections[connection] = Task.Run(() => RunAsync(connection));
            }
        }
    }

    private async Task RunAsync(KafkaProxyConnection connection)
    {
        _statistics.OnConnectionAccepted();
        try
        {
            await connection.RunAsync(_stopping).ConfigureAwait(false);
        }
        finally
        {
            _statistics.OnConnectionClosed();
            lock (_connections)
            {
                _connections.Remove(connection);
            }
        }
    }
}
