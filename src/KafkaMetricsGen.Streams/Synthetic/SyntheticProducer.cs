using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Synthetic;

/// <summary>
/// Writes synthetic shop traces to a Kafka topic at a steady rate, stamped with the current time. Every record's
/// delivery report is counted, so what the broker did not acknowledge is known after <see cref="RunAsync"/>.
/// </summary>
public sealed class SyntheticProducer : IDisposable
{
    private readonly SyntheticProducerOptions _options;
    private readonly SyntheticTraceGenerator _generator;
    private readonly TimeProvider _time;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly Action<DeliveryReport<byte[], byte[]>>[] _reports;
    private long _traces;
    private long _spans;
    private long _records;
    private long _deliveredRecords;
    private long _deliveredTraces;
    private string? _firstError;

    public SyntheticProducer(SyntheticProducerOptions options, SyntheticTraceOptions? traceOptions = null, TimeProvider? time = null, KafkaClientLog? log = null)
    {
        options.Validate();
        _options = options;
        _generator = new SyntheticTraceGenerator(traceOptions);
        _time = time ?? TimeProvider.System;
        var builder = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            LingerMs = 5,
            AllowAutoCreateTopics = false,

            // A broker that stops answering for longer than the socket timeout (60 s) makes the client give up its
            // connection and send the unanswered requests again on a new one; once the broker goes on it reads both, and
            // without idempotence appends their records twice (15 of 288 records in a 60 s hang), which every total
            // computed from the topic then counts twice. The broker drops the copies of an idempotent producer.
            EnableIdempotence = true,
            MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds,
        });
        if (log is not null)
        {
            builder.SetLogHandler(log.Handle);
        }

        _producer = builder.Build();

        // One handler per trace count a record can carry (the last record of a bounded run may carry fewer).
        _reports = new Action<DeliveryReport<byte[], byte[]>>[options.TracesPerRecord + 1];
        for (var i = 0; i < _reports.Length; i++)
        {
            var traces = i;
            _reports[i] = report => OnDelivery(report, traces);
        }
    }

    public long TracesWritten => Interlocked.Read(ref _traces);

    public long SpansWritten => Interlocked.Read(ref _spans);

    /// <summary>Records handed to the client (acknowledged or not).</summary>
    public long RecordsWritten => Interlocked.Read(ref _records);

    /// <summary>Records the broker acknowledged.</summary>
    public long RecordsDelivered => Interlocked.Read(ref _deliveredRecords);

    public long TracesDelivered => Interlocked.Read(ref _deliveredTraces);

    public long SpansDelivered => TracesDelivered * SyntheticTraceDefaults.SpansPerTrace;

    /// <summary>Records that failed or were still unacknowledged when the final flush gave up.</summary>
    public long RecordsNotDelivered => RecordsWritten - RecordsDelivered;

    public long TracesNotDelivered => TracesWritten - TracesDelivered;

    /// <summary>The first delivery error the client reported, or null.</summary>
    public string? FirstDeliveryError => Volatile.Read(ref _firstError);

    /// <summary>
    /// Produces until cancelled or <see cref="SyntheticProducerOptions.MaxTraces"/> is reached, then flushes: waits
    /// for every record's delivery report, at most the delivery timeout (see <see cref="RecordsNotDelivered"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested && (_options.MaxTraces == 0 || _traces < _options.MaxTraces))
            {
                var count = _options.MaxTraces == 0 ? _options.TracesPerRecord : (int)Math.Min(_options.TracesPerRecord, _options.MaxTraces - _traces);
                ProduceOne(count);
                if (_options.TracesPerSecond > 0)
                {
                    var due = TimeSpan.FromSeconds(_traces / _options.TracesPerSecond);
                    var wait = due - _time.GetElapsedTime(started);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        // Every record gets its report within message.timeout.ms; the margin covers the report's own way back.
        _producer.Flush(_options.DeliveryTimeout + TimeSpan.FromSeconds(5));
    }

    /// <summary>Produces one record of <paramref name="traceCount"/> traces ending now.</summary>
    public void ProduceOne(int traceCount)
    {
        var nowNs = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000UL;
        var traces = _generator.Generate(traceCount, nowNs);
        var message = new Message<byte[], byte[]>
        {
            Key = KafkaTopicOptions.TenantInKey(_options.Codec) ? Encoding.UTF8.GetBytes(_options.Tenant) : traces.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.ToByteArray(),
            Value = SyntheticRecordEncoder.Encode(traces, _options.Codec),
        };
        if (!KafkaTopicOptions.TenantInKey(_options.Codec) && _options.TenantHeader.Length > 0)
        {
            message.Headers = [new Header(_options.TenantHeader, Encoding.UTF8.GetBytes(_options.Tenant))];
        }

        while (true)
        {
            try
            {
                _producer.Produce(_options.Topic, message, _reports[traceCount]);
                break;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }

        Interlocked.Increment(ref _records);
        Interlocked.Add(ref _traces, traceCount);
        Interlocked.Add(ref _spans, traceCount * SyntheticTraceDefaults.SpansPerTrace);
    }

    public void Dispose() => _producer.Dispose();

    private void OnDelivery(DeliveryReport<byte[], byte[]> report, int traces)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _firstError, report.Error.Code + ": " + report.Error.Reason, null);
            return;
        }

        Interlocked.Increment(ref _deliveredRecords);
        Interlocked.Add(ref _deliveredTraces, traces);
    }
}
