using System.Net;
using System.Net.Sockets;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// One client connection through a <see cref="KafkaProxy"/>: a connection of its own to the mock broker, and one
/// pump per direction. When either direction ends both sockets close, so each peer sees the disconnect.
/// </summary>
internal sealed class KafkaProxyConnection(Socket client, int brokerPort, TransactionalOffsetStore store, TransactionalOffsetStatistics statistics, TransactionVisibility visibility, IClusterAdmin? admin = null) : IDisposable
{
    // Per direction; large enough that a busy produce or fetch stream moves in few reads and writes.
    private const int BufferBytes = 128 * 1024;

    private readonly Socket _client = client;
    private readonly Socket _broker = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private int _closed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tracker = new InjectedCommitTracker();
        var readCommitted = new ReadCommittedTracker(visibility, statistics, admin is not null);
        var substituted = new SubstitutedResponses();
        var unknownGroups = new UnknownGroupAnswers(statistics);
        try
        {
            _client.NoDelay = true;
            await _broker.ConnectAsync(IPAddress.Loopback, brokerPort, cancellationToken).ConfigureAwait(false);
            using var fromClient = new NetworkStream(_client, ownsSocket: false);
            using var toBroker = new NetworkStream(_broker, ownsSocket: false);
            var requests = new KafkaFramePump(fromClient, toBroker, new TransactionRequestInspector(store, tracker, statistics, readCommitted, admin, substituted, unknownGroups), BufferBytes).RunAsync(cancellationToken);
            var responses = new KafkaFramePump(toBroker, fromClient, new InjectedResponseInspector(tracker, statistics, readCommitted, substituted, store, unknownGroups), BufferBytes).RunAsync(cancellationToken);
            await Task.WhenAny(requests, responses).ConfigureAwait(false);
            Dispose();

            // An EndTxn waiting for its offsets' answer must not wait for ever once no answer can come.
            ReportLost(tracker, statistics);
            await EndedAsync(requests).ConfigureAwait(false);
            await EndedAsync(responses).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            // The broker refused the connection or the proxy is stopping; the client is closed below.
        }
        finally
        {
            Dispose();
            ReportLost(tracker, statistics);
        }
    }

    private static void ReportLost(InjectedCommitTracker tracker, TransactionalOffsetStatistics statistics)
    {
        foreach (var lost in tracker.Abandon())
        {
            statistics.OnFailed(lost.Offsets.Count, $"OffsetCommit of group {lost.GroupId}: the connection closed before the broker answered");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _client.Dispose();
        _broker.Dispose();
    }

    private static async Task EndedAsync(Task pump)
    {
        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            // A peer went away or sent something that is not Kafka framing; either way this direction is over.
        }
    }

    private static bool IsDisconnect(Exception e) =>
        e is OperationCanceledException or IOException or SocketException or ObjectDisposedException;
}
