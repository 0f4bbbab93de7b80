using KafkaMetricsGen.TestKit.Prometheus;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// CI's broker restart: the broker process killed and started again on the same port while the worker is idle, run by
/// <see cref="RunCommandBrokerFaultTests"/>'s scenario (the worker must rejoin the new broker and count what is written
/// after it exactly, and stop within its deadline). Exactly-once only: its check is exact and it meets every piece a
/// restart needs (fenced producer, unknown group, local state rebuilt); at-least-once adds a first batch and about 30 s
/// more, and runs in the long suite, which adds the 30 s restart under both guarantees to that class's rows. A class of
/// its own so that it can run beside the CI hang rather than after it.
/// </summary>
public sealed class RunCommandBrokerRestartTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>
{
    // Longer than the worker's 10 s session (the new broker never knew the group: the consumer must find out), and
    // than two of the lag monitor's 10 s rounds, so that /ready turns 503 while the broker is away (15 s was not).
    private const int DownSeconds = 25;

    [Fact]
    public async Task Worker_rejoins_a_restarted_broker_and_counts_what_follows_exactly()
    {
        using var run = new RunCommandBrokerFaultTests(prometheus, log);
        await run.Worker_rides_out_broker_trouble_and_ends_with_exact_totals_under_exactly_once("restart", "exactly_once", busy: false, DownSeconds, transactionTimeoutSeconds: 0);
    }
}
