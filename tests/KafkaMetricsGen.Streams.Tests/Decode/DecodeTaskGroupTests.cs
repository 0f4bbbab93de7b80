using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class DecodeTaskGroupTests
{
    private static readonly SpanBatch Batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(1, 1_700_000_000_000_000_000UL), "t");

    [Fact]
    public void A_flush_sends_the_sub_batches_of_every_task_on_the_thread_as_one_record_per_partition()
    {
        var a = new SubBatchBuffers(2, 1 << 20);
        var b = new SubBatchBuffers(2, 1 << 20);
        var topic = UniqueTopic();
        var group = DecodeTaskGroup.Join(topic, a);
        Assert.Same(group, DecodeTaskGroup.Join(topic, b));
        a.Append(0, Batch, [0]);
        b.Append(0, Batch, [1]);
        b.Append(1, Batch, [2]);
        group.MarkDirty();

        var sent = new List<(int Partition, int SubBatches)>();
        group.FlushAll((p, value) => sent.Add((p, Count(value))));

        Assert.Equal([(0, 2), (1, 1)], sent);
        Assert.False(a.HasData(0));
        Assert.False(b.HasData(1));
    }

    [Fact]
    public void A_record_closes_once_it_passes_the_frame_size()
    {
        var one = SubBatchFrame.Append(new System.Buffers.ArrayBufferWriter<byte>(), Batch, [0]);
        var members = Enumerable.Range(0, 3).Select(_ => new SubBatchBuffers(1, (2 * one) - 1)).ToList();
        var topic = UniqueTopic();
        DecodeTaskGroup group = null!;
        foreach (var m in members)
        {
            group = DecodeTaskGroup.Join(topic, m);
            m.Append(0, Batch, [0]);
        }

        var sent = new List<int>();
        group.Flush(0, (_, value) => sent.Add(Count(value)));

        Assert.Equal([2, 1], sent);
    }

    [Fact]
    public void A_task_that_leaves_drops_its_sub_batches_and_nothing_is_sent_for_it()
    {
        var a = new SubBatchBuffers(1, 1 << 20);
        var group = DecodeTaskGroup.Join(UniqueTopic(), a);
        a.Append(0, Batch, [0]);
        group.MarkDirty();

        group.Leave(a);
        var sent = 0;
        group.FlushAll((_, _) => sent++);

        Assert.Equal(0, sent);
        Assert.Equal(0, group.Members);
        Assert.False(a.HasData(0));
    }

    [Fact]
    public void Nothing_is_sent_when_no_task_appended_since_the_last_flush()
    {
        var a = new SubBatchBuffers(1, 1 << 20);
        var group = DecodeTaskGroup.Join(UniqueTopic(), a);
        a.Append(0, Batch, [0]);
        var sent = 0;

        group.FlushAll((_, _) => sent++);

        Assert.Equal(0, sent);
    }

    private static string UniqueTopic() => "topic-" + Guid.NewGuid().ToString("N");

    private static int Count(byte[] record)
    {
        var offset = 0;
        var n = 0;
        while (SubBatchFrame.TryNext(record, ref offset, out _, out var truncated))
        {
            Assert.False(truncated);
            n++;
        }

        return n;
    }
}
