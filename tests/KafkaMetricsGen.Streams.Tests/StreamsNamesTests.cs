namespace KafkaMetricsGen.Streams;

public sealed class StreamsNamesTests
{
    [Fact]
    public void Names_internal_topics_the_way_the_stream_library_does_at_runtime()
    {
        Assert.Equal("app-spans-by-trace-repartition", StreamsNames.RepartitionTopic("app", StreamsNames.SpansByTrace));
        Assert.Equal("app-series-store-changelog", StreamsNames.ChangelogTopic("app", StreamsNames.SeriesStore));
    }

    [Fact]
    public void Keeps_the_names_stored_state_depends_on()
    {
        // Renaming any of these orphans topics and state directories of running deployments.
        Assert.Equal(
            ["spans-by-trace", "generate", "series-deltas", "aggregate", "edge-store", "series-store", "overflow-deltas", "overflow", "overflow-store"],
            [StreamsNames.SpansByTrace, StreamsNames.Generate, StreamsNames.SeriesDeltas, StreamsNames.Aggregate, StreamsNames.EdgeStore, StreamsNames.SeriesStore, StreamsNames.OverflowDeltas, StreamsNames.Overflow, StreamsNames.OverflowStore]);
    }
}
