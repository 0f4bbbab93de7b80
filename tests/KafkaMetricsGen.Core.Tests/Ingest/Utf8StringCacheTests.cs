namespace KafkaMetricsGen.Core.Ingest;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void A_repeated_value_is_the_same_string_and_a_new_one_is_decoded()
    {
        var cache = new Utf8StringCache(4);

        var first = cache.Get("checkout"u8);

        Assert.Same(first, cache.Get("checkout"u8));
        Assert.Equal("payments", cache.Get("payments"u8));
        Assert.Same(string.Empty, cache.Get([]));
    }

    [Fact]
    public void Batches_of_one_thread_share_its_cache_and_another_thread_has_its_own()
    {
        var a = new SpanBatch { Strings = Utf8StringCache.OfCurrentThread() };
        var b = new SpanBatch { Strings = Utf8StringCache.OfCurrentThread() };
        Utf8StringCache? other = null;
        var thread = new Thread(() => other = Utf8StringCache.OfCurrentThread());
        thread.Start();
        thread.Join();

        Assert.Same(a.Strings, b.Strings);
        Assert.Same(a.Strings.Get("frontend"u8), b.Strings.Get("frontend"u8));
        Assert.NotNull(other);
        Assert.NotSame(a.Strings, other);
    }

    [Fact]
    public void A_batch_given_no_cache_makes_its_own()
    {
        var batch = new SpanBatch();

        Assert.NotSame(Utf8StringCache.OfCurrentThread(), batch.Strings);
        Assert.Same(batch.Strings, batch.Strings);
    }
}
