using System.Buffers;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Ingest;

public sealed class FrameArraysTests
{
    [Fact]
    public void A_large_frame_goes_out_in_the_same_array_each_time_its_size_recurs()
    {
        var arrays = new FrameArrays();
        var first = arrays.Copy(new byte[40_000], int.MaxValue);
        var second = arrays.Copy(new byte[39_990], int.MaxValue);

        Assert.Same(first, second);
        Assert.Equal(1, arrays.Count);
    }

    [Fact]
    public void A_padded_array_reads_as_the_frame_it_holds_whatever_the_array_held_before()
    {
        var arrays = new FrameArrays();
        var small = Frame(58_000);
        var big = Enumerable.Repeat((byte)0xEE, FrameArrays.PaddedSize(small.Length) - SubBatchFrame.LengthSize).ToArray();
        Assert.Equal(FrameArrays.PaddedSize(big.Length), FrameArrays.PaddedSize(small.Length));

        arrays.Copy(big, int.MaxValue);
        var record = arrays.Copy(small, int.MaxValue);

        Assert.Equal(SubBatches(small), SubBatches(record));
        Assert.True(record.AsSpan(small.Length).IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(100_000)]
    [InlineData(262_144)]
    [InlineData(899_000)]
    public void Padding_is_at_most_a_sixteenth_of_the_frame_and_leaves_room_for_the_end_marker(int frameBytes)
    {
        var size = FrameArrays.PaddedSize(frameBytes);

        Assert.InRange(size - frameBytes, SubBatchFrame.LengthSize, SubBatchFrame.LengthSize + (frameBytes / 16));
    }

    [Fact]
    public void A_small_frame_or_one_whose_padding_would_pass_the_record_limit_goes_out_exactly_as_long()
    {
        var arrays = new FrameArrays();
        var small = Frame(1_000);
        var large = Frame(40_000);

        Assert.Equal(small.Length, arrays.Copy(small, int.MaxValue).Length);
        Assert.Equal(large.Length, arrays.Copy(large, large.Length + 1).Length);
        Assert.Equal(0, arrays.Count);
    }

    [Fact]
    public void Every_size_a_frame_can_take_up_to_the_record_bound_has_an_array_to_be_kept_in()
    {
        var sizes = 0;
        for (var length = FrameArrays.MinPooledBytes; FrameArrays.PaddedSize(length) <= Decode.DecodeDefaults.MaxInternalRecordBytes; length = FrameArrays.PaddedSize(length))
        {
            sizes++;
        }

        Assert.InRange(sizes, 1, FrameArrays.MaxArrays);
    }

    [Fact]
    public void Past_the_kept_sizes_a_frame_goes_out_in_an_array_of_its_own()
    {
        var arrays = new FrameArrays();
        var length = FrameArrays.MinPooledBytes;
        for (var i = 0; i < FrameArrays.MaxArrays; i++)
        {
            arrays.Copy(new byte[length], int.MaxValue);
            length = FrameArrays.PaddedSize(length);
        }

        var frame = new byte[length];
        var first = arrays.Copy(frame, int.MaxValue);

        Assert.Equal(frame.Length, first.Length);
        Assert.NotSame(first, arrays.Copy(frame, int.MaxValue));
        Assert.Equal(FrameArrays.MaxArrays, arrays.Count);
    }

    /// <summary>A frame of sub-batches at least <paramref name="bytes"/> long.</summary>
    private static byte[] Frame(int bytes)
    {
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(4, 1_700_000_000_000_000_000UL), "t");
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);
        var spans = Enumerable.Range(0, batch.SpanCount).ToArray();
        while (writer.WrittenCount < bytes)
        {
            SubBatchFrame.Append(writer, batch, spans);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static List<(string Tenant, int Spans)> SubBatches(byte[] record)
    {
        var result = new List<(string, int)>();
        var batch = new SpanBatch();
        var offset = 0;
        while (SubBatchFrame.TryNext(record, ref offset, out var subBatch, out var truncated))
        {
            Assert.False(truncated);
            Assert.True(SubBatchFrame.Read(subBatch, SpanBatchDecoders.Create(Codecs.OtlpProto), batch).Success);
            result.Add((batch.Tenant, batch.SpanCount));
        }

        return result;
    }
}
