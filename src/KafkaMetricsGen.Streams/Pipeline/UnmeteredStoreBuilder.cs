using System.Reflection;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Supplier;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>
/// Builds a key/value store as Streamiz's own builder does (the supplier's store, wrapped in a changelog and a cache as
/// configured), typed by an <see cref="UnmeteredKeyValueStore{TKey, TValue}"/> instead of Streamiz's metered layer,
/// unless the stream records metrics at Streamiz's DEBUG level, the only level at which that layer's sensors record.
/// Streamiz builds the layers only with the metered one on top and keeps them internal, so the builder takes the layer
/// under it by reflection, once per store a task opens; the member is looked up when the type loads, so a Streamiz
/// upgrade that renames it fails at start, not silently.
/// </summary>
public sealed class UnmeteredStoreBuilder<TKey, TValue> : IStoreBuilder<IKeyValueStore<TKey, TValue>>
{
    private static readonly PropertyInfo Wrapped =
        typeof(KafkaStream).Assembly.GetType("Streamiz.Kafka.Net.State.Internal.WrappedStateStore`1")?.GetProperty("Wrapped") is { } property
            ? property
            : throw new InvalidOperationException("Streamiz WrappedStateStore.Wrapped not found; this Streamiz version is not supported");

    private readonly IStoreBuilder<IKeyValueStore<TKey, TValue>> _streamiz;
    private readonly ISerDes<TKey> _keys;
    private readonly ISerDes<TValue> _values;

    public UnmeteredStoreBuilder(IKeyValueBytesStoreSupplier supplier, ISerDes<TKey> keys, ISerDes<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (!NeedsNoInit(keys) || !NeedsNoInit(values))
        {
            throw new ArgumentException("only string and byte-array serdes: Streamiz initializes others from its metered layer, which this store has not");
        }

        _streamiz = Stores.KeyValueStoreBuilder(supplier, keys, values);
        _keys = keys;
        _values = values;
    }

    public bool IsWindowStore => _streamiz.IsWindowStore;

    public long RetentionMs => _streamiz.RetentionMs;

    public IDictionary<string, string> LogConfig => _streamiz.LogConfig;

    public bool LoggingEnabled => _streamiz.LoggingEnabled;

    public string Name => _streamiz.Name;

    public CacheSize CacheSize => _streamiz.CacheSize;

    public IKeyValueStore<TKey, TValue> Build(IStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var metered = _streamiz.Build(config);
        if (config.MetricsRecording == MetricsRecordingLevel.DEBUG)
        {
            // Streamiz records its store sensors at this level only: whoever sets it gets them.
            return metered;
        }

        var bytes = metered.GetType().GetProperty(Wrapped.Name, BindingFlags.Instance | BindingFlags.Public)?.GetValue(metered) as IKeyValueStore<Bytes, byte[]>
            ?? throw new InvalidOperationException($"Streamiz built a {metered.GetType()} without a byte store under it for store {Name}; this Streamiz version is not supported");
        return new UnmeteredKeyValueStore<TKey, TValue>(bytes, _keys, _values);
    }

    IStateStore IStoreBuilder.Build(IStreamConfig config) => Build(config);

    public IStoreBuilder<IKeyValueStore<TKey, TValue>> WithCachingEnabled(CacheSize? cacheSize = null)
    {
        _streamiz.WithCachingEnabled(cacheSize);
        return this;
    }

    public IStoreBuilder<IKeyValueStore<TKey, TValue>> WithCachingDisabled()
    {
        _streamiz.WithCachingDisabled();
        return this;
    }

    public IStoreBuilder<IKeyValueStore<TKey, TValue>> WithLoggingEnabled(IDictionary<string, string> config)
    {
        _streamiz.WithLoggingEnabled(config);
        return this;
    }

    public IStoreBuilder<IKeyValueStore<TKey, TValue>> WithLoggingDisabled()
    {
        _streamiz.WithLoggingDisabled();
        return this;
    }

    public void CacheExplicitlySet() => _streamiz.CacheExplicitlySet();

    private static bool NeedsNoInit(ISerDes serdes) => serdes is StringSerDes or ByteArraySerDes;
}
