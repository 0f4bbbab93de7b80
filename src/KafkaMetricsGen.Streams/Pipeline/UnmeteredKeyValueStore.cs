using Confluent.Kafka;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Enumerator;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>
/// A typed key/value store over Streamiz's byte stores (caching, changelog, RocksDB or memory), in place of Streamiz's
/// metered layer. That layer times every call with two reads of <c>DateTime.Now</c> and a closure, for store sensors
/// recorded only at Streamiz's DEBUG recording level (the worker's default is INFO; at DEBUG the builder keeps Streamiz's
/// layer, <see cref="UnmeteredStoreBuilder{TKey, TValue}"/>). Keys
/// and values are serialized with the same serdes, so the bytes in the stores and their changelogs are the same.
/// </summary>
public sealed class UnmeteredKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
{
    private readonly IKeyValueStore<Bytes, byte[]> _inner;
    private readonly ISerDes<TKey> _keys;
    private readonly ISerDes<TValue> _values;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;

    /// <param name="keys">Key serdes that need no initialization by the stream.</param>
    /// <param name="values">Value serdes that need no initialization by the stream.</param>
    public UnmeteredKeyValueStore(IKeyValueStore<Bytes, byte[]> inner, ISerDes<TKey> keys, ISerDes<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        _inner = inner;
        _keys = keys;
        _values = values;
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsLocally => _inner.IsLocally;

    public bool IsOpen => _inner.IsOpen;

    public void Init(Streamiz.Kafka.Net.ProcessorContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        var changelog = StreamsNames.ChangelogTopic(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, changelog);
        _valueContext = new SerializationContext(MessageComponentType.Value, changelog);
        _inner.Init(context, root);
    }

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    public TValue Get(TKey key) => Value(_inner.Get(KeyBytes(key)));

    public IKeyValueEnumerator<TKey, TValue> Range(TKey from, TKey to) =>
        new UnmeteredKeyValueEnumerator<TKey, TValue>(_inner.Range(KeyBytes(from), KeyBytes(to)), this);

    public IKeyValueEnumerator<TKey, TValue> ReverseRange(TKey from, TKey to) =>
        new UnmeteredKeyValueEnumerator<TKey, TValue>(_inner.ReverseRange(KeyBytes(from), KeyBytes(to)), this);

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Typed(_inner.All());

    public IEnumerable<KeyValuePair<TKey, TValue>> ReverseAll() => Typed(_inner.ReverseAll());

    public long ApproximateNumEntries() => _inner.ApproximateNumEntries();

    public void Put(TKey key, TValue value) => _inner.Put(KeyBytes(key), _values.Serialize(value, _valueContext));

    public TValue PutIfAbsent(TKey key, TValue value) =>
        Value(_inner.PutIfAbsent(KeyBytes(key), _values.Serialize(value, _valueContext)));

    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var bytes = new List<KeyValuePair<Bytes, byte[]>>();
        foreach (var entry in entries)
        {
            bytes.Add(new KeyValuePair<Bytes, byte[]>(KeyBytes(entry.Key), _values.Serialize(entry.Value, _valueContext)));
        }

        _inner.PutAll(bytes);
    }

    public TValue Delete(TKey key) => Value(_inner.Delete(KeyBytes(key)));

    internal TKey Key(byte[] bytes) => _keys.Deserialize(bytes, _keyContext);

    internal TValue Value(byte[]? bytes) => bytes is null ? default! : _values.Deserialize(bytes, _valueContext);

    private Bytes KeyBytes(TKey key) => Bytes.Wrap(_keys.Serialize(key, _keyContext));

    /// <summary>Read whole, as Streamiz's own layer does: the caller may write to the store while it iterates.</summary>
    private List<KeyValuePair<TKey, TValue>> Typed(IEnumerable<KeyValuePair<Bytes, byte[]>> entries)
    {
        var typed = new List<KeyValuePair<TKey, TValue>>();
        foreach (var entry in entries)
        {
            typed.Add(new KeyValuePair<TKey, TValue>(Key(entry.Key.Get), Value(entry.Value)));
        }

        return typed;
    }
}
