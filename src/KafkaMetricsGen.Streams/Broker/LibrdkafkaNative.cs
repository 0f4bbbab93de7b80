using System.Reflection;
using System.Runtime.InteropServices;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// P/Invoke bindings for librdkafka's mock cluster, resolved against the very copy Confluent.Kafka loaded: two copies
/// in one process would each own their own threads and globals. Confluent's own <c>Library.Load</c> is not used because
/// it P/Invokes <c>libdl</c>, which glibc 2.34+ no longer ships as a separate library.
/// </summary>
internal static partial class LibrdkafkaNative
{
    private const string LibraryName = "librdkafka-mock";

    private static readonly Lazy<IntPtr> Handle = new(LoadSameCopyAsConfluent);

    private static readonly bool ResolverInstalled = InstallResolver();

    internal const int ProducerType = 0;

    internal const int ErrorTopicAlreadyExists = 36;

    /// <summary>Forces the static constructor (and so the resolver) to run before the first call.</summary>
    internal static void EnsureLoaded() => _ = ResolverInstalled && Handle.Value != IntPtr.Zero;

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial IntPtr ConfNew();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_new")]
    internal static partial IntPtr New(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(IntPtr rk);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    private static partial IntPtr MockClusterNewOnThisThread(IntPtr rk, int brokerCount);

    [LibraryImport("libc.so.6", EntryPoint = "pthread_sigmask")]
    private static partial int PthreadSigmask(int how, ulong[] set, IntPtr oldSet);

    private const int SigBlock = 0;
    private const int SigCont = 18;

    /// <summary>
    /// Creates the mock cluster from a thread that blocks SIGCONT, so the cluster's thread (which inherits the mask)
    /// never runs the runtime's SIGCONT handler. When it did, a broker process stopped and resumed (the fault suite's
    /// hang) could have the mock thread's poll() return EINTR, which the mock treats as fatal ("Mock cluster failed to
    /// poll"): the broker then reset every connection for good. librdkafka blocks signals in the threads of
    /// <c>rd_kafka_new</c> itself, not in the mock's.
    /// </summary>
    internal static IntPtr MockClusterNew(IntPtr rk, int brokerCount)
    {
        if (!OperatingSystem.IsLinux())
        {
            return MockClusterNewOnThisThread(rk, brokerCount);
        }

        var cluster = IntPtr.Zero;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // A sigset_t is 1,024 bits; signal n is bit n − 1.
                var set = new ulong[16];
                set[0] = 1UL << (SigCont - 1);
                _ = PthreadSigmask(SigBlock, set, IntPtr.Zero);
                cluster = MockClusterNewOnThisThread(rk, brokerCount);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return cluster;
    }

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(IntPtr mockCluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial IntPtr MockClusterBootstraps(IntPtr mockCluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(IntPtr mockCluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_delete", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicDelete(IntPtr mockCluster, string topic);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_controller_id")]
    internal static partial int MockSetControllerId(IntPtr mockCluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(IntPtr mockCluster, int delayMs);

    // Returns void in C: it cannot fail, an unknown broker id is ignored.
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_host_port", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void MockBrokerSetHostPort(IntPtr mockCluster, int brokerId, string host, int port);

    private static bool InstallResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
        return true;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Handle.Value : IntPtr.Zero;

    private static IntPtr LoadSameCopyAsConfluent()
    {
        // Reading the version makes Confluent.Kafka load librdkafka with its own fallback logic (on Debian 12 the
        // default build misses libsasl2.so.3 and it falls back to the centos8 build).
        _ = Confluent.Kafka.Library.Version;
        var path = FindMappedLibrdkafka()
            ?? throw new InvalidOperationException("librdkafka is not mapped into this process after Confluent.Kafka loaded it.");
        return NativeLibrary.Load(path);
    }

    private static string? FindMappedLibrdkafka()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].Trim();
            if (Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal) && path.EndsWith(".so", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }
}
