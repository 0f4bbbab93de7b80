using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Guarantees;

/// <summary>
/// Synthetic traces cut into one OTLP record per span, each with a random key on a random partition: the input is
/// not partitioned by trace, so the worker must bring every trace's spans together itself.
/// </summary>
internal static class SpanRecords
{
    /// <summary>Which spans of each trace to send.</summary>
    public enum Sides
    {
        All,
        ClientsOnly,
        ServersOnly,
    }

    /// <summary>Produces the spans of <paramref name="traces"/> traces (the same traces for the same seed and end time).</summary>
    /// <param name="tenant">The tenant header of every record; none: the records go to the default tenant.</param>
    public static int Produce(KafkaFixture kafka, string topic, int partitions, int traces, int seed, ulong endUnixNano, Sides sides = Sides.All, string? tenant = null)
    {
        Headers? headers = tenant is null ? null : new Headers { { Decode.DecodeDefaults.TenantHeader, System.Text.Encoding.UTF8.GetBytes(tenant) } };
        var data = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = seed }).Generate(traces, endUnixNano);
        var random = new Random(seed);
        var sent = 0;
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        foreach (var resource in data.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    var client = span.Kind is Span.Types.SpanKind.Client or Span.Types.SpanKind.Producer;
                    if ((sides == Sides.ClientsOnly && !client) || (sides == Sides.ServersOnly && client))
                    {
                        continue;
                    }

                    var single = new TracesData();
                    var rs = new ResourceSpans { Resource = resource.Resource, SchemaUrl = resource.SchemaUrl };
                    var ss = new ScopeSpans { Scope = scope.Scope };
                    ss.Spans.Add(span);
                    rs.ScopeSpans.Add(ss);
                    single.ResourceSpans.Add(rs);
                    var key = new byte[8];
                    random.NextBytes(key);
                    producer.Produce(new TopicPartition(topic, new Partition(random.Next(partitions))), new Message<byte[], byte[]> { Key = key, Value = single.ToByteArray(), Headers = headers });
                    sent++;
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return sent;
    }

    public static ulong NowUnixNano() => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
