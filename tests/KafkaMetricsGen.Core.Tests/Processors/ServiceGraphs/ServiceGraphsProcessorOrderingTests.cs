using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

/// <summary>Spans of one trace arriving one per batch, in any order, pair exactly as one batch does.</summary>
public sealed class ServiceGraphsProcessorOrderingTests
{
    public static TheoryData<string, int> Permutations()
    {
        var data = new TheoryData<string, int>();
        foreach (var fixture in new[] { "trace-with-queue-database.json", "trace-with-failed-requests.json", "trace-with-expired-edges.json", "trace-with-virtual-nodes.json" })
        {
            for (var seed = -1; seed < 5; seed++)
            {
                data.Add(fixture, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Permutations))]
    public void Single_span_batches_in_any_order_pair_like_the_whole_trace(string fixture, int seed)
    {
        using var whole = new ServiceGraphsHarness(o => o.EnableMessagingSystemLatencyHistogram = true);
        whole.Push(fixture);
        whole.ExpireAll();

        using var split = new ServiceGraphsHarness(o => o.EnableMessagingSystemLatencyHistogram = true);
        foreach (var single in SingleSpanBatches(fixture, seed))
        {
            split.Push(single);
        }

        split.ExpireAll();

        Assert.Equal(Summary(whole.Registry), Summary(split.Registry));
        Assert.Equal(whole.EdgesCreated, split.EdgesCreated);
    }

    /// <summary>seed -1 reverses the spans; other seeds shuffle them.</summary>
    private static IEnumerable<TracesData> SingleSpanBatches(string fixture, int seed)
    {
        var singles = new List<TracesData>();
        foreach (var rs in TempoFixtures.Load(fixture).ResourceSpans)
        {
            foreach (var scope in rs.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    var oneScope = new ScopeSpans { Scope = scope.Scope };
                    oneScope.Spans.Add(span);
                    var oneResource = new ResourceSpans { Resource = rs.Resource };
                    oneResource.ScopeSpans.Add(oneScope);
                    var traces = new TracesData();
                    traces.ResourceSpans.Add(oneResource);
                    singles.Add(traces);
                }
            }
        }

        if (seed < 0)
        {
            singles.Reverse();
        }
        else
        {
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(singles));
        }

        return singles;
    }

    private static string[] Summary(RecordingRegistry registry) =>
    [
        .. registry.Observations
            .GroupBy(o => o.Metric + o.LabelText)
            .Select(g => $"{g.Key} n={g.Count()} sum={g.Sum(o => o.Value * o.Multiplier):R}")
            .Order(StringComparer.Ordinal),
    ];
}
