namespace KafkaMetricsGen.Streams.Replay;

public sealed class ReplayProgressTests
{
    [Fact]
    public void The_line_has_records_of_the_range_spans_rate_and_eta()
    {
        var progress = new ReplayProgress(RecordsDone: 1_200, RecordsTotal: 5_000, Spans: 13_200, Elapsed: TimeSpan.FromSeconds(5));
        Assert.Equal("1,200 of 5,000 records (24.0 %), 13,200 spans, 240 records/s, ETA 16s", progress.ToString());
    }

    [Theory]
    [InlineData(100, 100_100, 1, "ETA 16m40s")]
    [InlineData(1, 7_201, 1, "ETA 2h00m")]
    [InlineData(0, 10, 1, "ETA unknown")]
    [InlineData(10, 10, 1, "ETA 0s")]
    public void The_eta_follows_the_rate_so_far(long done, long total, int seconds, string expected) =>
        Assert.EndsWith(expected, new ReplayProgress(done, total, 0, TimeSpan.FromSeconds(seconds)).ToString(), StringComparison.Ordinal);

    [Fact]
    public void An_empty_range_is_complete() => Assert.Equal(100, new ReplayProgress(0, 0, 0, TimeSpan.Zero).Percent);
}
