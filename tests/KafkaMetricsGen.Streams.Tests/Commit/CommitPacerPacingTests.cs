using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class CommitPacerPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private int _requests;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // A pacer made a second ago: a thread that has run for a while.
    private CommitPacer Pacer()
    {
        var pacer = new CommitPacer(() => _requests++, Interval, _time);
        _time.Advance(TimeSpan.FromSeconds(1));
        return pacer;
    }

    [Fact]
    public void A_thread_that_keeps_up_is_left_to_the_commit_interval()
    {
        var pacer = Pacer();
        for (var i = 0; i < 200; i++)
        {
            // Fresh records, and the thread's own commit every commit interval.
            pacer.Observe(Now - 10);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            if (i % 45 == 44)
            {
                pacer.Committed();
            }
        }

        Assert.Equal(0, _requests);
    }

    [Fact]
    public void A_thread_behind_commits_after_the_first_record_older_than_the_interval()
    {
        var pacer = Pacer();
        pacer.Observe(Now - 4_000);
        Assert.Equal(0, _requests);
        pacer.Observe(Now - 6_000);
        Assert.Equal(1, _requests);
        Assert.True(pacer.CommitRequested);

        // Asked once until the commit happens.
        pacer.Observe(Now - 7_000);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void Cheap_commits_come_every_catch_up_interval()
    {
        var pacer = Pacer();
        var commits = 0;
        for (var ms = 0; ms < 1_000; ms += 10)
        {
            pacer.Observe(Now - 60_000);
            if (pacer.CommitRequested)
            {
                pacer.Committed();
                commits++;
            }

            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(CommitDefaults.CatchUpCommitInterval, pacer.CatchUpInterval);
        Assert.InRange(commits, 9, 11);
    }

    [Fact]
    public void Expensive_commits_are_spaced_so_that_committing_takes_a_tenth_of_the_time()
    {
        var pacer = Pacer();
        pacer.Observe(Now - 60_000);
        Assert.True(pacer.CommitRequested);
        pacer.Committed();

        // The commit took 80 ms: the next catch-up commit is due 800 ms after it started.
        _time.Advance(TimeSpan.FromMilliseconds(80));
        pacer.Observe(Now - 60_000);
        Assert.Equal(TimeSpan.FromMilliseconds(800), pacer.CatchUpInterval);
        Assert.Equal(1, _requests);
        _time.Advance(TimeSpan.FromMilliseconds(700));
        pacer.Observe(Now - 60_000);
        Assert.Equal(1, _requests);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        pacer.Observe(Now - 60_000);
        Assert.Equal(2, _requests);
    }

    [Fact]
    public void The_catch_up_interval_never_exceeds_the_commit_interval_nor_falls_below_its_floor()
    {
        var pacer = Pacer();
        pacer.Observe(Now - 60_000);
        pacer.Committed();
        _time.Advance(TimeSpan.FromSeconds(2));
        pacer.Observe(Now - 60_000);
        Assert.Equal(Interval, pacer.CatchUpInterval);

        _time.Advance(Interval);
        pacer.Observe(Now - 60_000);
        Assert.True(pacer.CommitRequested);
        pacer.Committed();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        pacer.Observe(Now - 60_000);
        Assert.Equal(CommitDefaults.CatchUpCommitInterval, pacer.CatchUpInterval);
    }

    [Fact]
    public void A_commit_the_pacer_did_not_ask_for_does_not_set_the_pace()
    {
        var pacer = Pacer();
        pacer.Committed();
        _time.Advance(TimeSpan.FromSeconds(3));
        pacer.Observe(Now - 60_000);
        Assert.Equal(CommitDefaults.CatchUpCommitInterval, pacer.CatchUpInterval);
    }
}
