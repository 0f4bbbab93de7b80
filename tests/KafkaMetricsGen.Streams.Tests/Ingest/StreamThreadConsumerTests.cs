using Confluent.Kafka;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The stream thread's consumer against the embedded broker, consumed and "processed" on the test thread as a stream
/// thread does: values let go of once processed, and frames of the reused topic read into the arrays of processed ones.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class StreamThreadConsumerTests(KafkaFixture kafka)
{
    private const int FrameBytes = StreamThreadConsumer.MinReusedBytes + 1000;

    [Fact]
    public void A_processed_record_lets_go_of_its_value_and_the_others_keep_theirs()
    {
        var (frames, _) = Topics([Payload(1, 100), Payload(2, 100), Payload(3, 100)], []);
        using var consumer = Consumer(frames);

        var records = ConsumeAll(consumer, 3);
        StreamThreadConsumer.Processed(records[1].Message.Value);

        Assert.Equal(Payload(1, 100), records[0].Message.Value);
        Assert.Null(records[1].Message.Value);
        Assert.Equal(Payload(3, 100), records[2].Message.Value);
    }

    [Fact]
    public void A_processed_frame_lends_its_array_to_the_next_frame_of_its_length()
    {
        var (frames, _) = Topics([Payload(1, FrameBytes), Payload(2, FrameBytes)], []);
        using var consumer = Consumer(frames);

        var spareBefore = SpareValueArrays.Shared.Count(FrameBytes);
        var first = ConsumeAll(consumer, 1)[0].Message.Value;
        Assert.Equal(Payload(1, FrameBytes), first);
        StreamThreadConsumer.Processed(first);
        Assert.Equal(spareBefore + 1, SpareValueArrays.Shared.Count(FrameBytes));

        var second = ConsumeAll(consumer, 1)[0].Message.Value;

        Assert.Same(first, second);
        Assert.Equal(Payload(2, FrameBytes), second);
        Assert.Equal(spareBefore, SpareValueArrays.Shared.Count(FrameBytes));
    }

    [Fact]
    public void Values_of_other_topics_or_below_the_size_are_never_reused()
    {
        var (frames, other) = Topics([Payload(1, 100), Payload(2, 100)], [Payload(3, FrameBytes), Payload(4, FrameBytes)]);
        using var consumer = Consumer(frames, other);
        var spareBefore = SpareValueArrays.Shared.Count(FrameBytes);

        var records = ConsumeAll(consumer, 4);
        foreach (var record in records)
        {
            StreamThreadConsumer.Processed(record.Message.Value);
        }

        Assert.Equal(spareBefore, SpareValueArrays.Shared.Count(FrameBytes));
        Assert.All(records, r => Assert.Null(r.Message.Value));
    }

    [Fact]
    public void A_record_left_unprocessed_by_its_poll_is_forgotten_and_its_array_never_lent_again()
    {
        var (frames, _) = Topics([Payload(1, FrameBytes), Payload(2, FrameBytes), Payload(3, FrameBytes), Payload(4, FrameBytes)], []);
        using var consumer = Consumer(frames);

        var poll = ConsumeAll(consumer, 2);
        var kept = poll[0].Message.Value;
        var processed = poll[1].Message.Value;
        StreamThreadConsumer.Processed(processed);

        // The next poll: the spare array of the processed frame goes to the third; the first frame, processed only now,
        // was forgotten and keeps its value, and no fourth frame may land in its array.
        var third = ConsumeAll(consumer, 1)[0].Message.Value;
        StreamThreadConsumer.Processed(kept);
        var fourth = ConsumeAll(consumer, 1)[0].Message.Value;

        Assert.Same(kept, poll[0].Message.Value);
        Assert.Equal(Payload(1, FrameBytes), kept);
        Assert.NotSame(kept, fourth);
        Assert.Same(processed, third);
        Assert.Equal(Payload(3, FrameBytes), third);
        Assert.Equal(Payload(4, FrameBytes), fourth);
    }

    [Fact]
    public void An_input_value_goes_into_a_padded_array_that_keeps_its_length_and_serves_the_next_value_of_about_its_size()
    {
        var longer = FrameBytes + 200;
        Assert.Equal(StreamThreadConsumer.PaddedLength(FrameBytes), StreamThreadConsumer.PaddedLength(longer));
        var (frames, inputs) = Topics([], [Payload(1, FrameBytes), Payload(2, longer), Payload(3, 100)]);
        using var consumer = Consumer(frames, inputs, paddedTopic: inputs);

        var first = ConsumeAll(consumer, 1)[0].Message.Value;
        Assert.Equal(StreamThreadConsumer.PaddedLength(FrameBytes), first.Length);
        Assert.Equal(FrameBytes, StreamThreadConsumer.ValueLength(first));
        Assert.Equal(Payload(1, FrameBytes), first.AsSpan(0, FrameBytes).ToArray());
        StreamThreadConsumer.Processed(first);

        var rest = ConsumeAll(consumer, 2);
        var second = rest[0].Message.Value;
        Assert.Same(first, second);
        Assert.Equal(longer, StreamThreadConsumer.ValueLength(second));
        Assert.Equal(Payload(2, longer), second.AsSpan(0, longer).ToArray());

        // Below the size, a value takes an array of its own length.
        Assert.Equal(Payload(3, 100), rest[1].Message.Value);
        Assert.Equal(100, StreamThreadConsumer.ValueLength(rest[1].Message.Value));
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(StreamThreadConsumer.MinReusedBytes, StreamThreadConsumer.MinReusedBytes)]
    [InlineData(StreamThreadConsumer.MinReusedBytes + 1, StreamThreadConsumer.MinReusedBytes + 2048)]
    [InlineData(20_000, 20_480)]
    [InlineData(32_768, 32_768)]
    [InlineData(32_769, 36_864)]
    [InlineData(1_000_000, 1_048_576)]
    public void A_padded_length_is_one_of_eight_sizes_per_doubling(int length, int padded)
    {
        Assert.Equal(padded, StreamThreadConsumer.PaddedLength(length));
        Assert.InRange(padded - length, 0, length / 8);
    }

    [Fact]
    public void A_value_no_consumer_handed_out_is_ignored()
    {
        var spareBefore = SpareValueArrays.Shared.Count(FrameBytes);

        StreamThreadConsumer.Processed(new byte[FrameBytes]);
        StreamThreadConsumer.Processed(null);
        StreamThreadConsumer.Processed([]);

        Assert.Equal(spareBefore, SpareValueArrays.Shared.Count(FrameBytes));
    }

    [Fact]
    public void Until_the_first_assignment_a_poll_returns_nothing_only_once_assigned_or_after_the_whole_wait()
    {
        var (topic, _) = Topics([Payload(1, 100)], []);
        var wait = TimeSpan.FromSeconds(20);
        using var consumer = Subscribed(topic, wait);

        // Polls of 1 ms, as Streamiz makes them: each empty one must come back assigned (the callback ran inside it)
        // or after the whole wait, never while the group is still joining.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ConsumeResult<byte[], byte[]>? first = null;
        while (first is null && DateTime.UtcNow < deadline)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            first = consumer.Consume(TimeSpan.FromMilliseconds(1));
            if (first is null)
            {
                Assert.True(consumer.Assignment.Count > 0 || watch.Elapsed >= wait, $"an empty poll came back unassigned after {watch.Elapsed.TotalMilliseconds:0} ms");
            }
        }

        Assert.NotNull(first);
        Assert.Equal(Payload(1, 100), first.Message.Value);
    }

    [Fact]
    public void A_poll_without_a_timeout_does_not_wait_for_the_assignment()
    {
        var (topic, _) = Topics([Payload(1, 100)], []);
        using var consumer = Subscribed(topic, TimeSpan.FromSeconds(20));

        // Streamiz polls without a timeout while partitions are being assigned; such a poll must stay a quick look.
        Assert.Null(consumer.Consume(TimeSpan.Zero));
        Assert.Empty(consumer.Assignment);

        Assert.Equal(Payload(1, 100), ConsumeAll(consumer, 1)[0].Message.Value);
    }

    [Fact]
    public void The_assignment_is_read_once_per_rebalance_and_follows_every_change()
    {
        var topic = kafka.CreateUniqueTopic("assignment-cache", 2);
        var group = KafkaFixture.UniqueName("assignment-cache");
        var changes = new AssignmentChanges();
        var inner = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(group))
            .SetPartitionsAssignedHandler((_, _) => changes.Changed())
            .SetPartitionsRevokedHandler((_, _) => changes.Changed())
            .Build();
        using var consumer = new StreamThreadConsumer(inner, changes: changes);
        consumer.Subscribe(topic);
        Assert.True(PollUntil(consumer, () => consumer.Assignment.Count == 2), "never assigned both partitions");

        // Between rebalances the same list serves every caller.
        Assert.Same(consumer.Assignment, consumer.Assignment);

        // A second member takes a partition: the first one's next read shows the rebalance.
        using var second = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(group)).Build();
        second.Subscribe(topic);
        var shared = PollUntil(consumer, () =>
        {
            second.Consume(TimeSpan.FromMilliseconds(50));
            return consumer.Assignment.Count == 1;
        });
        Assert.True(shared, $"the first member still reports {consumer.Assignment.Count} partitions");
        Assert.Equal(inner.Assignment, consumer.Assignment);

        // An assignment made through the consumer itself is read again at once.
        consumer.Unassign();
        Assert.Empty(consumer.Assignment);
    }

    private static bool PollUntil(StreamThreadConsumer consumer, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (done())
            {
                return true;
            }
        }

        return false;
    }

    private StreamThreadConsumer Subscribed(string topic, TimeSpan firstAssignmentWait)
    {
        var inner = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("stream-thread-join"))).Build();
        inner.Subscribe(topic);
        return new StreamThreadConsumer(inner, firstAssignmentWait);
    }

    private (string Frames, string Other) Topics(byte[][] frames, byte[][] other)
    {
        var framesTopic = kafka.CreateUniqueTopic("reused-frames", 1);
        var otherTopic = kafka.CreateUniqueTopic("other-values", 1);
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        foreach (var value in frames)
        {
            producer.Produce(framesTopic, new Message<byte[], byte[]> { Value = value });
        }

        foreach (var value in other)
        {
            producer.Produce(otherTopic, new Message<byte[], byte[]> { Value = value });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        return (framesTopic, otherTopic);
    }

    /// <summary>A consumer built as the worker builds its main one: the reused topic's frames through the deserializer, wrapped.</summary>
    private StreamThreadConsumer Consumer(string reusedTopic, string? otherTopic = null, string? paddedTopic = null)
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("stream-thread-consumer")))
            .SetValueDeserializer(StreamThreadConsumer.ValueDeserializer(reusedTopic, paddedTopic is null ? null : [paddedTopic]))
            .Build();
        consumer.Assign(new[] { reusedTopic, otherTopic }.OfType<string>().Select(t => new TopicPartitionOffset(t, 0, Offset.Beginning)));
        return new StreamThreadConsumer(consumer);
    }

    private static List<ConsumeResult<byte[], byte[]>> ConsumeAll(StreamThreadConsumer consumer, int count)
    {
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
            {
                records.Add(record);
            }
        }

        Assert.Equal(count, records.Count);
        return records;
    }

    private static byte[] Payload(byte marker, int length)
    {
        var value = new byte[length];
        value.AsSpan().Fill(marker);
        value[^1] = (byte)(marker + 1);
        return value;
    }
}
