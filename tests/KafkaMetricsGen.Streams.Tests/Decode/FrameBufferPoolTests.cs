using System.Buffers;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class FrameBufferPoolTests
{
    [Fact]
    public void A_frame_sent_by_one_task_leaves_its_chunks_to_the_next_task_which_writes_without_allocating_any()
    {
        var pool = new FrameBufferPool();
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(20, 1_700_000_000_000_000_000UL), "t");
        int[] spans = [.. Enumerable.Range(0, batch.SpanCount)];
        var first = new SubBatchBuffers(4, 1 << 20, pool: pool);
        first.Append(2, batch, spans);
        var record = new ArrayBufferWriter<byte>();
        first.MoveSubBatchesTo(2, record);

        Assert.False(first.HasData(2));
        Assert.True(pool.SpareBytes >= record.WrittenCount);

        var second = new SubBatchBuffers(4, 1 << 20, pool: pool);
        second.Append(0, batch, spans);
        var before = GC.GetAllocatedBytesForCurrentThread();
        second.Clear();
        second.Append(1, batch, spans);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(second.HasData(1));
        Assert.Equal(0, pool.SpareBytes);
        Assert.True(allocated < record.WrittenCount / 4, $"{allocated} bytes allocated for a {record.WrittenCount}-byte frame");
    }

    [Fact]
    public void A_chunk_returned_past_the_bound_or_of_another_size_is_not_kept()
    {
        var pool = new FrameBufferPool(maxSpareBytes: 1024, chunkBytes: 512);
        var first = pool.Rent();
        var second = pool.Rent();
        var third = pool.Rent();

        pool.Return(first);
        pool.Return(second);
        pool.Return(third);
        pool.Return(new byte[256]);

        Assert.Equal(1024, pool.SpareBytes);
        Assert.Same(second, pool.Rent());
        Assert.Same(first, pool.Rent());
        Assert.NotSame(third, pool.Rent());
        Assert.Equal(0, pool.SpareBytes);
    }

    [Fact]
    public void A_task_closed_without_a_commit_drops_its_sub_batches_and_returns_its_buffers()
    {
        var pool = new FrameBufferPool();
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(2, 1_700_000_000_000_000_000UL), "t");
        var buffers = new SubBatchBuffers(3, 1 << 20, pool: pool);
        buffers.Append(0, batch, [0]);
        buffers.Append(2, batch, [1]);

        buffers.Clear();

        Assert.False(buffers.HasData(0));
        Assert.False(buffers.HasData(2));
        Assert.True(pool.SpareBytes > 0);
        Assert.Empty(buffers.Take(0));
    }
}
