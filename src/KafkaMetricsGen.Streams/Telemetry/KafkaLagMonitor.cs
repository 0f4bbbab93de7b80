using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Measures the worker group's lag on every topic it consumes, in the background: committed offsets come from a
/// consumer that carries the group id but never joins the group (the group-listing admin calls are avoided; they
/// crash some brokers), high watermarks from the same consumer. Lag in seconds is the age of the first uncommitted
/// record, read with a plain assignment; a partition whose only uncommitted entry is a transaction marker counts 0 s.
/// </summary>
public sealed class KafkaLagMonitor : IAsyncDisposable
{
    private readonly string _bootstrapServers;
    private readonly IReadOnlyDictionary<string, string> _clientConfig;
    private readonly string _group;
    private readonly IReadOnlyList<string> _topics;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly WorkerStatus _status;
    private readonly ILogger _logger;
    private readonly KafkaClientLog _clientLog;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public KafkaLagMonitor(
        string bootstrapServers,
        IReadOnlyDictionary<string, string> clientConfig,
        string group,
        IReadOnlyList<string> topics,
        WorkerStatus status,
        ILogger logger,
        TimeSpan? interval = null,
        TimeProvider? time = null)
    {
        _bootstrapServers = bootstrapServers;
        _clientConfig = clientConfig;
        _group = group;
        _topics = topics;
        _status = status;
        _logger = logger;
        // Its consumer and admin client are given all of kafka.client_config, producer settings (and, for the admin client,
        // consumer settings) included, which they ignore by design: librdkafka's warning about each would come with every
        // measurement. The stream's own clients still warn about them.
        _clientLog = new KafkaClientLog(logger, quietFacilities: new HashSet<string> { KafkaClientLog.IgnoredSettingFacility });
        _interval = interval ?? TelemetryDefaults.LagInterval;
        _time = time ?? TimeProvider.System;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>One measurement: every partition of every topic, published to the gauges and the worker status.</summary>
    public IReadOnlyList<PartitionLag> Measure()
    {
        using var consumer = CreateConsumer();
        var partitions = Partitions();
        var committed = consumer.Committed(partitions, TelemetryDefaults.BrokerTimeout);
        var result = new List<PartitionLag>(partitions.Count);
        var behind = new List<TopicPartitionOffset>();
        foreach (var c in committed)
        {
            var marks = consumer.QueryWatermarkOffsets(c.TopicPartition, TelemetryDefaults.BrokerTimeout);
            var from = c.Offset.Value >= 0 ? Math.Max(c.Offset.Value, marks.Low.Value) : marks.Low.Value;
            var records = Math.Max(0, marks.High.Value - from);
            result.Add(new PartitionLag(c.Topic, c.Partition.Value, records, 0));
            if (records > 0)
            {
                behind.Add(new TopicPartitionOffset(c.TopicPartition, new Offset(from)));
            }
        }

        var ages = OldestAges(consumer, behind);
        for (var i = 0; i < result.Count; i++)
        {
            if (ages.TryGetValue((result[i].Topic, result[i].Partition), out var age))
            {
                result[i] = result[i] with { Seconds = age };
            }
        }

        Publish(result);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Measure();
                _status.KafkaAnswered();
            }
            catch (KafkaException e)
            {
                // The stream's own clients retry quietly while a broker hangs; this is what turns /ready to 503.
                _status.KafkaUnreachable();
                _logger.LogWarning("consumer lag not measured: {Reason}", e.Error.Reason);
            }

            await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<TopicPartition> Partitions()
    {
        var config = new AdminClientConfig(_clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value)) { BootstrapServers = _bootstrapServers };
        using var admin = new AdminClientBuilder(config).SetLogHandler(_clientLog.Handle).Build();
        var partitions = new List<TopicPartition>();
        foreach (var topic in _topics)
        {
            var metadata = admin.GetMetadata(topic, TelemetryDefaults.BrokerTimeout);
            foreach (var t in metadata.Topics)
            {
                if (t.Topic == topic && !t.Error.IsError)
                {
                    partitions.AddRange(t.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)));
                }
            }
        }

        return partitions;
    }

    private Dictionary<(string, int), double> OldestAges(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> behind)
    {
        var ages = new Dictionary<(string, int), double>();
        if (behind.Count == 0)
        {
            return ages;
        }

        consumer.Assign(behind);
        var now = _time.GetUtcNow();
        var deadline = now + TelemetryDefaults.BrokerTimeout;
        while (ages.Count < behind.Count && _time.GetUtcNow() < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            var key = (record.Topic, record.Partition.Value);
            if (!ages.ContainsKey(key))
            {
                ages[key] = Math.Max(0, (now - record.Message.Timestamp.UtcDateTime).TotalSeconds);
                consumer.Pause([record.TopicPartition]);
            }
        }

        consumer.Unassign();
        return ages;
    }

    private IConsumer<byte[], byte[]> CreateConsumer()
    {
        var config = new ConsumerConfig(_clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _bootstrapServers,
            GroupId = _group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        return new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler(_clientLog.Handle).Build();
    }

    private void Publish(List<PartitionLag> lags)
    {
        foreach (var lag in lags)
        {
            var partition = lag.Partition.ToString(CultureInfo.InvariantCulture);
            TelemetryMetrics.PartitionLag.WithLabels(_group, lag.Topic, partition).Set(lag.Records);
            TelemetryMetrics.PartitionLagSeconds.WithLabels(_group, lag.Topic, partition).Set(lag.Seconds);
        }

        _status.SetLag(lags);
    }
}
