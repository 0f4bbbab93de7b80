using System.Buffers;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class FrameChunksTests
{
    [Fact]
    public void Writes_that_fit_go_into_the_chunks_and_read_back_in_order()
    {
        var pool = new FrameBufferPool(chunkBytes: 16);
        var frame = new FrameChunks(pool);

        Write(frame, Bytes(0, 10));
        Write(frame, Bytes(10, 6));
        Write(frame, Bytes(16, 16));

        Assert.Equal(32, frame.WrittenCount);
        Assert.Equal(Bytes(0, 32), frame.ToArray());
    }

    [Fact]
    public void A_write_larger_than_the_room_left_or_than_a_chunk_is_spread_over_chunks()
    {
        var pool = new FrameBufferPool(chunkBytes: 16);
        var frame = new FrameChunks(pool);

        Write(frame, Bytes(0, 10));
        Write(frame, Bytes(10, 9));
        Write(frame, Bytes(19, 40));
        Write(frame, Bytes(59, 1));

        Assert.Equal(60, frame.WrittenCount);
        Assert.Equal(Bytes(0, 60), frame.ToArray());
    }

    [Fact]
    public void Copy_to_leaves_out_the_first_bytes_asked_for_across_chunk_bounds()
    {
        var frame = new FrameChunks(new FrameBufferPool(chunkBytes: 16));
        Write(frame, Bytes(0, 40));

        var one = new ArrayBufferWriter<byte>();
        frame.CopyTo(one, skip: 1);
        var many = new ArrayBufferWriter<byte>();
        frame.CopyTo(many, skip: 20);

        Assert.Equal(Bytes(1, 39), one.WrittenSpan.ToArray());
        Assert.Equal(Bytes(20, 20), many.WrittenSpan.ToArray());
    }

    [Fact]
    public void Release_gives_every_chunk_back_and_the_next_frame_reuses_them()
    {
        var pool = new FrameBufferPool(chunkBytes: 16);
        var frame = new FrameChunks(pool);
        Write(frame, Bytes(0, 40));

        frame.Release();

        Assert.Equal(0, frame.WrittenCount);
        Assert.Empty(frame.ToArray());
        Assert.Equal(48, pool.SpareBytes);
        Write(frame, Bytes(0, 33));
        Assert.Equal(0, pool.SpareBytes);
        Assert.Equal(Bytes(0, 33), frame.ToArray());
    }

    [Fact]
    public void Memory_and_span_writes_land_in_the_same_frame()
    {
        var frame = new FrameChunks(new FrameBufferPool(chunkBytes: 16));

        Bytes(0, 12).CopyTo(frame.GetMemory(12));
        frame.Advance(12);
        Write(frame, Bytes(12, 12));

        Assert.Equal(Bytes(0, 24), frame.ToArray());
    }

    private static void Write(FrameChunks frame, byte[] bytes)
    {
        bytes.CopyTo(frame.GetSpan(bytes.Length));
        frame.Advance(bytes.Length);
    }

    private static byte[] Bytes(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (byte)i)];
}
