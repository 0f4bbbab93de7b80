namespace KafkaMetricsGen.Streams.Broker;

public sealed class OffsetCommitResponseReaderTests
{
    private const short IllegalGeneration = 22;

    [Fact]
    public void Counts_stored_and_refused_partitions_and_names_the_first_refusal()
    {
        var frame = new KafkaFrameBuilder()
            .Int32(-1)
            .ArrayLength(2, false)
            .String("a", false).ArrayLength(2, false).Int32(0).Int16(0).Int32(1).Int16(IllegalGeneration)
            .String("b", false).ArrayLength(1, false).Int32(0).Int16(0)
            .ToFrame();

        var result = OffsetCommitResponseReader.Read(frame);

        Assert.Equal(2, result.Committed);
        Assert.Equal(1, result.Failed);
        Assert.Equal("a [1]: IllegalGeneration (22)", result.FirstFailure);
    }

    [Fact]
    public void A_truncated_response_is_an_error()
    {
        var frame = new KafkaFrameBuilder().Int32(-1).ArrayLength(1, false).String("a", false).ArrayLength(1, false).Int32(0).ToFrame();

        var e = Assert.Throws<InvalidDataException>(() => OffsetCommitResponseReader.Read(frame));
        Assert.Contains("error_code", e.Message, StringComparison.Ordinal);
    }
}
