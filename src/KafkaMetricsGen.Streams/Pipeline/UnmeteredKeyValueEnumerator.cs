using System.Collections;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.State.Enumerator;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>A range of an <see cref="UnmeteredKeyValueStore{TKey, TValue}"/>: its byte store's range, typed as it is read.</summary>
internal sealed class UnmeteredKeyValueEnumerator<TKey, TValue>(
    IKeyValueEnumerator<Bytes, byte[]> inner,
    UnmeteredKeyValueStore<TKey, TValue> store) : IKeyValueEnumerator<TKey, TValue>
{
    public KeyValuePair<TKey, TValue>? Current =>
        inner.Current is { } current ? new KeyValuePair<TKey, TValue>(store.Key(current.Key.Get), store.Value(current.Value)) : null;

    object? IEnumerator.Current => Current;

    public TKey PeekNextKey() => store.Key(inner.PeekNextKey().Get);

    public bool MoveNext() => inner.MoveNext();

    public void Reset() => inner.Reset();

    public void Dispose() => inner.Dispose();
}
