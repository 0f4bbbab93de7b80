using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Synthetic;

/// <summary>Writes synthetic shop traces to a Kafka topic at a steady rate, stamped with the current time.</summary>
public sealed class SyntheticProducer : IDisposable
{
    private readonly SyntheticProducerOptions _options;
    private readonly SyntheticTraceGenerator _generator;
    private readonly TimeProvider _time;
    private readonly IProducer<byte[], byte[]> _producer;
    private long _traces;
    private long _spans;

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
        });
        if (log is not null)
        {
            builder.SetLogHandler(log.Handle);
        }

        _producer = builder.Build();
    }

    public long TracesWritten => Interlocked.Read(ref _traces);

    public long SpansWritten => Interlocked.Read(ref _spans);

    /// <summary>Produces until cancelled or <see cref="SyntheticProducerOptions.MaxTraces"/> is reached, then flushes.</summary>
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

        var undelivered = _producer.Flush(TimeSpan.FromSeconds(10));
        if (undelivered > 0)
        {
            throw new InvalidOperationException($"{undelivered} records were not delivered to topic {_options.Topic} at {_options.BootstrapServers} within 10 s; check the bootstrap servers and that the topic exists");
        }
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
                _producer.Produce(_options.Topic, message);
                break;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }

        Interlocked.Add(ref _traces, traceCount);
        Interlocked.Add(ref _spans, traceCount * SyntheticTraceDefaults.SpansPerTrace);
    }

    public void Dispose() => _producer.Dispose();
}
