using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// An in-process Kafka-protocol cluster: librdkafka's mock brokers, serving produce, fetch, consumer groups, offsets
/// and transactions over real loopback sockets, so any client in any process can use it. Each broker is reached
/// through a proxy of ours (<see cref="KafkaProxy"/>), which makes offsets committed inside a transaction
/// (SendOffsetsToTransaction) stick when it commits and vanish when it aborts: the mock alone answers those commits
/// but never stores them. It keeps data in memory (the last 5 MiB per partition). The mock has no admin API; the
/// proxies answer CreateTopics and DeleteTopics with the mock's topic functions (topic configs are not kept; consumer
/// groups cannot be deleted), and <see cref="CreateTopic"/> creates a topic directly. The mock's Fetch ignores the isolation level; the
/// proxies honour read_committed instead: they learn where each transaction's records land and how it ends (EndTxn, or fencing by a
/// producer initialising the same transactional id), and answer read_committed fetches without aborted records and
/// without anything from the first still-open transaction on (the last stable offset).
/// </summary>
public sealed class EmbeddedKafkaBroker : IDisposable, IClusterAdmin
{
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly List<KafkaProxy> _proxies = [];
    private readonly TransactionalOffsetStore _transactionalOffsets = new();
    private readonly TransactionVisibility _transactions = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    // The real port of the first mock broker (the proxies stand in front of them); 0 until they are started.
    private int _mockPort;

    private EmbeddedKafkaBroker(IntPtr handle, IntPtr cluster, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The address list clients use (<c>bootstrap.servers</c>).</summary>
    public string BootstrapServers { get; private set; }

    /// <summary>What the proxies did with offsets committed inside transactions (a refused commit shows here).</summary>
    public TransactionalOffsetStatistics TransactionalOffsets { get; } = new();

    /// <summary>The partitions with records of a transaction still open, as <c>topic/partition</c>.</summary>
    public IReadOnlyList<string> OpenTransactionPartitions => _transactions.OpenPartitions();

    /// <summary>Transactions aborted so far, by EndTxn or by fencing.</summary>
    public long AbortedTransactions => _transactions.Aborted;

    /// <summary>Transactions aborted because their producer was initialised again before it ended them.</summary>
    public long FencedTransactions => _transactions.Fenced;

    /// <summary>Transactions with records committed so far.</summary>
    public long CommittedTransactions => _transactions.Committed;

    /// <summary>
    /// One line of what the proxies did so far, for a log: transactions with records committed, aborted and fenced,
    /// partitions with records of an open transaction, then <see cref="TransactionalOffsets"/>.
    /// </summary>
    public string DescribeActivity() => string.Create(
        CultureInfo.InvariantCulture,
        $"transactions_committed={CommittedTransactions} transactions_aborted={AbortedTransactions} transactions_fenced={FencedTransactions} open_transaction_partitions={OpenTransactionPartitions.Count} {TransactionalOffsets}");

    /// <summary>
    /// Starts a cluster; broker i is advertised and reachable at <c>Host:Port+i-1</c> with a fixed port, on a free
    /// loopback port otherwise.
    /// </summary>
    public static EmbeddedKafkaBroker Start(EmbeddedKafkaBrokerOptions? options = null)
    {
        options ??= new EmbeddedKafkaBrokerOptions();
        options.Validate();
        LibrdkafkaNative.EnsureLoaded();

        var error = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();

        // Only errors: the bare handle that owns the mock threads has no bootstrap servers, which librdkafka warns about.
        _ = LibrdkafkaNative.ConfSet(conf, "log_level", "3", error, (UIntPtr)error.Length);
        var handle = LibrdkafkaNative.New(LibrdkafkaNative.ProducerType, conf, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        var cluster = LibrdkafkaNative.MockClusterNew(handle, options.Brokers);
        if (cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.Destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        // Without a controller id admin requests wait for a broker 0 that never exists, and the mock can later crash.
        _ = LibrdkafkaNative.MockSetControllerId(cluster, 1);
        LibrdkafkaNative.MockGroupInitialRebalanceDelayMs(cluster, EmbeddedKafkaBrokerDefaults.InitialRebalanceDelayMs);
        var bootstraps = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster)) ?? string.Empty;

        var broker = new EmbeddedKafkaBroker(handle, cluster, bootstraps);
        try
        {
            broker.StartProxies(options);
        }
        catch
        {
            broker.Dispose();
            throw;
        }

        return broker;
    }

    /// <summary>Serves the clients whose connections wait (see <see cref="EmbeddedKafkaBrokerOptions.AcceptClientsAtStart"/>).</summary>
    public void AcceptClients()
    {
        foreach (var proxy in _proxies)
        {
            proxy.Open();
        }
    }

    /// <summary>Creates a topic; an existing topic is left as it is.</summary>
    public void CreateTopic(string name, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var code = ((IClusterAdmin)this).CreateTopic(name, partitions);
        if (code != 0 && code != LibrdkafkaNative.ErrorTopicAlreadyExists)
        {
            throw new InvalidOperationException($"Creating topic '{name}' with {partitions} partitions failed: error {code} ({(ErrorCode)code}).");
        }
    }

    short IClusterAdmin.CreateTopic(string name, int partitions) =>
        (short)OnMockThread(cluster => LibrdkafkaNative.MockTopicCreate(cluster, name, partitions, EmbeddedKafkaBrokerDefaults.ReplicationFactor));

    short IClusterAdmin.DeleteTopic(string name) =>
        (short)OnMockThread(cluster => LibrdkafkaNative.MockTopicDelete(cluster, name));

    /// <summary>Runs a mock cluster function, waking the mock thread until it has served it.</summary>
    private int OnMockThread(Func<IntPtr, int> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var cluster = _cluster;
            var run = Task.Run(() => call(cluster));
            while (!run.Wait(EmbeddedKafkaBrokerDefaults.MockWakeInterval))
            {
                WakeMockThread();
            }

            return run.Result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var proxy in _proxies)
        {
            proxy.Dispose();
        }

        LibrdkafkaNative.MockClusterDestroy(_cluster);
        LibrdkafkaNative.Destroy(_handle);
    }

    /// <summary>
    /// Ends the mock thread's wait on its sockets, so it serves the requests queued for it now: a connection to one of
    /// its listeners, closed at once (it accepts it, reads the end of stream and drops it).
    /// </summary>
    private void WakeMockThread()
    {
        if (_mockPort == 0)
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, _mockPort);
        }
        catch (SocketException)
        {
            // The request is served at the end of the wait all the same.
        }
    }

    private void StartProxies(EmbeddedKafkaBrokerOptions options)
    {
        // Broker ids and their real ports come from metadata, not from the order of the bootstrap list.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        var addresses = new List<string>(brokers.Count);
        foreach (var b in brokers.OrderBy(b => b.BrokerId))
        {
            var listenPort = options.Port == 0 ? 0 : options.Port + b.BrokerId - 1;
            var proxy = new KafkaProxy(listenPort, b.Port, _transactionalOffsets, TransactionalOffsets, _transactions, options.AdminApi ? this : null, options.AcceptClientsAtStart);
            if (_mockPort == 0)
            {
                _mockPort = b.Port;
            }

            _proxies.Add(proxy);
            LibrdkafkaNative.MockBrokerSetHostPort(_cluster, b.BrokerId, options.Host, proxy.ListenPort);
            addresses.Add(options.Host + ":" + proxy.ListenPort.ToString(CultureInfo.InvariantCulture));
        }

        BootstrapServers = string.Join(',', addresses);
    }
}
