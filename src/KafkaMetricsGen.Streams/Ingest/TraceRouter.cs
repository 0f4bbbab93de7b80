using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// Stages 1 and 2 for one input topic: decodes a record, resolves its tenant (push-bytes: the key; otherwise the
/// tenant header, else the default tenant) and splits the batch into one <see cref="SpanBatchCodec"/> sub-batch per
/// target trace partition. An undecodable record becomes a dead-letter <see cref="RoutedRecord"/> and is counted.
/// One instance per stream thread: it reuses its batch and buffers.
/// </summary>
public sealed class TraceRouter
{
    private readonly ISpanBatchDecoder _decoder;
    private readonly string _topic;
    private readonly string _tenantHeader;
    private readonly string _defaultTenant;
    private readonly int _partitions;
    private readonly SpanBatch _batch = new();
    private readonly List<int>[] _byPartition;

    public TraceRouter(InputTopicOptions topic, IngestOptions options, ISpanBatchDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decoder);
        _decoder = decoder;
        _topic = topic.Name;
        _tenantHeader = topic.TenantHeader ?? options.TenantHeader;
        _defaultTenant = options.DefaultTenant;
        _partitions = options.TracePartitions;
        _byPartition = new List<int>[_partitions];
        for (var i = 0; i < _partitions; i++)
        {
            _byPartition[i] = [];
        }
    }

    /// <summary>Decodes and splits one record, appending the outputs to <paramref name="output"/>.</summary>
    public void Route(byte[]? key, byte[] value, Headers? headers, long timestampUnixMs, List<RoutedRecord> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        _batch.Reset();
        var result = _decoder.Decode(key, value, _batch);
        if (!result.Success)
        {
            IngestMetrics.DeadLetterRecords.WithLabels(_topic, result.FailureReason!).Inc();
            output.Add(new RoutedRecord(key, value, result.FailureReason, result.Detail));
            return;
        }

        if (_batch.Tenant.Length == 0)
        {
            _batch.Tenant = headers is not null && headers.TryGetLastBytes(_tenantHeader, out var tenant) && tenant.Length > 0
                ? Encoding.UTF8.GetString(tenant)
                : _defaultTenant;
        }

        _batch.RecordTimeUnixMs = timestampUnixMs;
        foreach (var list in _byPartition)
        {
            list.Clear();
        }

        for (var i = 0; i < _batch.SpanCount; i++)
        {
            _byPartition[TraceRouteKey.Bucket(_batch.Span(i).TraceId, _partitions)].Add(i);
        }

        for (var p = 0; p < _partitions; p++)
        {
            var spans = _byPartition[p];
            if (spans.Count > 0)
            {
                output.Add(new RoutedRecord(
                    TraceRouteKey.Encode(_batch.Tenant, p),
                    SpanBatchCodec.Encode(_batch, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(spans))));
            }
        }
    }
}
