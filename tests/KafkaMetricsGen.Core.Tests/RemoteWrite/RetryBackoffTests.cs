using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

public class RetryBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 50, 100)]
    [InlineData(1, 100, 200)]
    [InlineData(3, 400, 800)]
    [InlineData(10, 500, 1000)]
    public void Doubles_from_min_backoff_up_to_max_backoff_with_half_of_it_jittered(int attempt, int lowMs, int highMs)
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(7));
        for (var i = 0; i < 50; i++)
        {
            var delay = backoff.Delay(attempt).TotalMilliseconds;
            Assert.InRange(delay, lowMs, highMs);
        }
    }

    [Fact]
    public void Reads_retry_after_in_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryBackoff.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now));
        Assert.Equal(TimeSpan.FromSeconds(7), RetryBackoff.RetryAfter("7", Now));
    }

    [Fact]
    public void Reads_retry_after_as_an_http_date()
    {
        var date = Now.AddSeconds(90);
        Assert.Equal(TimeSpan.FromSeconds(90), RetryBackoff.RetryAfter(new RetryConditionHeaderValue(date), Now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryBackoff.RetryAfter(date.ToString("R"), Now));
    }

    [Fact]
    public void A_retry_after_date_in_the_past_means_retry_now()
    {
        Assert.Equal(TimeSpan.Zero, RetryBackoff.RetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(-1)), Now));
    }

    [Fact]
    public void Ignores_a_missing_or_unreadable_retry_after()
    {
        Assert.Null(RetryBackoff.RetryAfter((RetryConditionHeaderValue?)null, Now));
        Assert.Null(RetryBackoff.RetryAfter("soon", Now));
    }
}
