using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The worker's Streamiz configuration: Streamiz's own, except that the admin settings asked for without a client id
/// are built once and then reused.
/// <para>
/// Streamiz asks for them on the stream thread once per record sent to a topic with a partitioner of its own (every
/// repartition hop here: spans-by-trace and the series topics), only to read the metadata refresh interval, and builds
/// them anew each time by merging every client setting and reading the library's version from its assembly: about
/// 8 % of the stream thread's allocation and 3 % of its time in the at-least-once benchmark (docs/benchmarks.md).
/// Streamiz asks for no other admin settings without a client id; with one, every call is built anew as before. The
/// settings are read only once the stream runs, after the worker has set every property.
/// </para>
/// </summary>
public sealed class WorkerStreamConfig : StreamConfig<StringSerDes, ByteArraySerDes>, IStreamConfig
{
    private AdminClientConfig? _sharedAdmin;

    public WorkerStreamConfig(IDictionary<string, dynamic> properties, ILoggerFactory? loggerFactory)
        : base(properties, loggerFactory)
    {
    }

    /// <summary>The settings for an admin client; those without a client id are built at the first call only.</summary>
    AdminClientConfig IStreamConfig.ToAdminConfig(string clientId)
    {
        if (!string.IsNullOrEmpty(clientId))
        {
            return ToAdminConfig(clientId);
        }

        return _sharedAdmin ??= ToAdminConfig(clientId ?? string.Empty);
    }
}
