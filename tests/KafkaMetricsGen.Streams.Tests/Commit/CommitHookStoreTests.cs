namespace KafkaMetricsGen.Streams.Commit;

public sealed class CommitHookStoreTests
{
    [Fact]
    public void Flush_runs_the_registered_action_and_a_closed_store_runs_nothing()
    {
        var store = new CommitHookStoreBuilder("hook").Build(null!);
        var flushes = 0;
        store.OnFlush(() => flushes++);

        store.Flush();
        store.Close();
        store.Flush();

        Assert.Equal(1, flushes);
        Assert.Equal("hook", store.Name);
        Assert.False(store.Persistent);
    }

    [Fact]
    public void The_builder_never_logs_or_caches()
    {
        var builder = new CommitHookStoreBuilder("hook");

        builder.WithLoggingEnabled(new Dictionary<string, string>()).WithCachingEnabled();

        Assert.False(builder.LoggingEnabled);
        Assert.False(builder.IsWindowStore);
    }
}
