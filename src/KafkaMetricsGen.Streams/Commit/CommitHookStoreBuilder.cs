using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>Builds a <see cref="CommitHookStore"/>: never logged, never cached (it holds no data).</summary>
public sealed class CommitHookStoreBuilder(string name) : IStoreBuilder<CommitHookStore>
{
    public bool IsWindowStore => false;

    public long RetentionMs => -1;

    public IDictionary<string, string> LogConfig { get; } = new Dictionary<string, string>();

    public bool LoggingEnabled => false;

    public string Name { get; } = name;

    public CacheSize CacheSize => null!;

    public CommitHookStore Build(IStreamConfig config) => new(Name);

    IStateStore IStoreBuilder.Build(IStreamConfig config) => Build(config);

    public IStoreBuilder<CommitHookStore> WithCachingEnabled(CacheSize? cacheSize = null) => this;

    public IStoreBuilder<CommitHookStore> WithCachingDisabled() => this;

    public IStoreBuilder<CommitHookStore> WithLoggingEnabled(IDictionary<string, string> config) => this;

    public IStoreBuilder<CommitHookStore> WithLoggingDisabled() => this;

    public void CacheExplicitlySet()
    {
    }
}
