using System.Buffers;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Ingest;

public sealed class SubBatchFrameTests
{
    [Fact]
    public void A_frame_yields_each_appended_sub_batch_with_its_own_tenant_and_spans()
    {
        var first = Batch("tenant-a", 2);
        var second = Batch("tenant-b", 3);
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);
        SubBatchFrame.Append(writer, first, [0, 1]);
        SubBatchFrame.Append(writer, second, [2]);

        var decoded = Decode(writer.WrittenSpan.ToArray());

        Assert.Equal([("tenant-a", 2), ("tenant-b", 1)], decoded);
    }

    [Fact]
    public void A_single_sub_batch_record_yields_itself_once()
    {
        var batch = Batch("tenant-a", 1);

        var decoded = Decode(SpanBatchCodec.Encode(batch));

        Assert.Equal([("tenant-a", batch.SpanCount)], decoded);
    }

    [Fact]
    public void A_truncated_frame_stops_after_the_last_whole_sub_batch_and_says_so()
    {
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);
        SubBatchFrame.Append(writer, Batch("tenant-a", 1), [0]);
        var whole = writer.WrittenCount;
        SubBatchFrame.Append(writer, Batch("tenant-b", 1), [0]);
        var record = writer.WrittenSpan[..(writer.WrittenCount - 3)].ToArray();

        var offset = 0;
        Assert.True(SubBatchFrame.TryNext(record, ref offset, out _, out var truncated));
        Assert.False(truncated);
        Assert.Equal(whole, offset);
        Assert.False(SubBatchFrame.TryNext(record, ref offset, out _, out truncated));
        Assert.True(truncated);
    }

    [Fact]
    public void An_empty_frame_yields_nothing()
    {
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);

        Assert.Empty(Decode(writer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void A_zero_length_ends_a_padded_frame_without_reporting_it_truncated()
    {
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);
        SubBatchFrame.Append(writer, Batch("tenant-a", 1), [0]);
        byte[] record = [.. writer.WrittenSpan, 0, 0, 0, 0, 0, 0, 0];

        var offset = 0;
        Assert.True(SubBatchFrame.TryNext(record, ref offset, out _, out _));
        Assert.False(SubBatchFrame.TryNext(record, ref offset, out _, out var truncated));
        Assert.False(truncated);
        Assert.Equal(record.Length, offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(255)]
    public void A_sub_batch_of_an_unknown_version_is_reported_not_read(byte version)
    {
        byte[] subBatch = [version, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var result = SubBatchFrame.Read(subBatch, SpanBatchDecoders.Create(Codecs.OtlpProto), new SpanBatch());

        Assert.Equal(DecodeFailureReasons.InvalidMessage, result.FailureReason);
        Assert.Contains($"version {version}", result.Detail, StringComparison.Ordinal);
    }

    private static SpanBatch Batch(string tenant, int traces)
    {
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(traces, 1_700_000_000_000_000_000UL), tenant);
        return batch;
    }

    private static List<(string Tenant, int Spans)> Decode(byte[] record)
    {
        var result = new List<(string, int)>();
        var decoder = SpanBatchDecoders.Create(Codecs.OtlpProto);
        var batch = new SpanBatch();
        var offset = 0;
        while (SubBatchFrame.TryNext(record, ref offset, out var subBatch, out var truncated))
        {
            Assert.False(truncated);
            Assert.True(SubBatchFrame.Read(subBatch, decoder, batch).Success);
            result.Add((batch.Tenant, batch.SpanCount));
        }

        return result;
    }
}
