using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

public sealed class KafkaFramePumpTests
{
    private const short Wanted = 26;
    private const int SmallBuffer = 64;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public async Task Forwards_every_frame_in_order_and_hands_over_wanted_ones_whole_however_the_bytes_arrive(int chunk)
    {
        var frames = new[]
        {
            Frame(apiKey: 0, payload: 20, seed: 1),
            Frame(apiKey: 1, payload: 1000, seed: 2),
            Frame(apiKey: Wanted, payload: 30, seed: 3),
            Frame(apiKey: 3, payload: 0, seed: 4),
            Frame(apiKey: Wanted, payload: 500, seed: 5),
            Frame(apiKey: Wanted, payload: 1, seed: 6),
            Frame(apiKey: 2, payload: 200, seed: 7),
        };
        var inspector = new MarkingInspector(Wanted);
        var destination = new MemoryStream();

        await new KafkaFramePump(new ChunkedReadStream([.. frames.SelectMany(f => f)], chunk), destination, inspector, SmallBuffer).RunAsync(CancellationToken.None);

        var expected = frames.SelectMany(f => IsWanted(f) ? [MarkingInspector.Marker, .. f] : f).ToArray();
        Assert.Equal(expected, destination.ToArray());
        Assert.Equal(frames.Where(IsWanted), inspector.Handled);
    }

    [Fact]
    public async Task A_negative_frame_size_stops_the_pump_with_an_error()
    {
        var bad = Frame(apiKey: 0, payload: 10, seed: 1);
        BinaryPrimitives.WriteInt32BigEndian(bad, -5);

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            new KafkaFramePump(new ChunkedReadStream(bad, 100), new MemoryStream(), new MarkingInspector(Wanted), SmallBuffer).RunAsync(CancellationToken.None));
    }

    [Fact]
    public void A_buffer_one_pump_grew_is_used_again_by_the_next_pump_on_another_thread()
    {
        // 6 MiB: a size no other test's frames reach, so the pool's arrays of that size are this test's.
        var frame = Frame(apiKey: Wanted, payload: 6 << 20, seed: 8);
        byte[] RunOnThread()
        {
            byte[]? used = null;
            var thread = new Thread(() =>
            {
                var inspector = new MarkingInspector(Wanted);
                new KafkaFramePump(new ChunkedReadStream(frame, 1 << 20), Stream.Null, inspector, SmallBuffer).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
                used = inspector.Buffers.Single();
            });
            thread.Start();
            thread.Join();
            return used!;
        }

        var first = RunOnThread();
        var second = RunOnThread();

        Assert.Same(first, second);
    }

    private static bool IsWanted(byte[] frame) => BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4)) == Wanted;

    /// <summary>A frame with a request prefix (api key, version 0, a correlation id) and arbitrary bytes after it.</summary>
    private static byte[] Frame(short apiKey, int payload, int seed)
    {
        var frame = new byte[4 + 8 + payload];
        new Random(seed).NextBytes(frame);
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), 0);
        return frame;
    }
}
