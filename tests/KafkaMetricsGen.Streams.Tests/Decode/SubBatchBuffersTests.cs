using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class SubBatchBuffersTests
{
    [Fact]
    public void A_frame_reports_full_once_it_reaches_the_size_bound_and_starts_over_when_taken()
    {
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(1, 1_700_000_000_000_000_000UL), "t");
        var one = SubBatchFrame.Append(new System.Buffers.ArrayBufferWriter<byte>(), batch, [0]);
        var buffers = new SubBatchBuffers(2, (2 * one) + 2);

        Assert.False(buffers.Append(1, batch, [0]));
        Assert.False(buffers.Append(1, batch, [0]));
        Assert.True(buffers.Append(1, batch, [0]));
        Assert.False(buffers.HasData(0));

        var frame = buffers.Take(1);

        Assert.Equal(1 + (3 * one), frame.Length);
        Assert.Equal(SubBatchFrame.Version, frame[0]);
        Assert.False(buffers.HasData(1));
        Assert.False(buffers.Append(1, batch, [0]));
        Assert.Equal(1 + one, buffers.Take(1).Length);
    }
}
