using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Generate;

public sealed class DirectBatchHandOffTests
{
    [Fact]
    public void An_offered_batch_is_taken_once_by_reference()
    {
        var batch = new SpanBatch();
        DirectBatchHandOff.Offer(batch);

        Assert.Same(batch, DirectBatchHandOff.Take());
        Assert.Null(DirectBatchHandOff.Take());
    }

    [Fact]
    public void A_withdrawn_batch_is_not_taken()
    {
        DirectBatchHandOff.Offer(new SpanBatch());
        DirectBatchHandOff.Withdraw();

        Assert.Null(DirectBatchHandOff.Take());
    }

    [Fact]
    public void Only_the_marker_array_is_a_marker_not_a_key_with_the_same_bytes()
    {
        Assert.True(DirectBatchHandOff.IsMarker(DirectBatchHandOff.Key));
        Assert.False(DirectBatchHandOff.IsMarker([.. DirectBatchHandOff.Key]));
        Assert.False(DirectBatchHandOff.IsMarker(null));
        Assert.False(DirectBatchHandOff.IsMarker([]));
    }

    [Fact]
    public async Task A_batch_offered_on_one_stream_thread_is_not_seen_on_another()
    {
        DirectBatchHandOff.Offer(new SpanBatch());
        try
        {
            var seen = await Task.Factory.StartNew(DirectBatchHandOff.Take, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.Null(seen);
        }
        finally
        {
            DirectBatchHandOff.Withdraw();
        }
    }
}
