using KafkaMetricsGen.TestKit.Prometheus;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// CI's broker restart: the broker process killed and started again on the same port while the worker is idle, under
/// each guarantee, run by <see cref="RunCommandBrokerFaultTests"/>'s scenario (the worker must rejoin the new broker
/// and count what is written after it exactly, and stop within its deadline). A class of its own so that it runs
/// beside the CI hang rather than after it; the long suite adds the 30 s restart to that class's rows.
/// </summary>
public sealed class RunCommandBrokerRestartTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>
{
    // Longer than the worker's 10 s session: the new broker never knew the group, the worker's consumer must find out.
    private const int DownSeconds = 15;

    [Theory]
    [InlineData("exactly_once")]
    [InlineData("at_least_once")]
    public async Task Worker_rejoins_a_restarted_broker_and_counts_what_follows_exactly(string guarantee)
    {
        using var run = new RunCommandBrokerFaultTests(prometheus, log);
        await run.Worker_rides_out_broker_trouble_and_ends_with_exact_totals_under_exactly_once("restart", guarantee, busy: false, DownSeconds, transactionTimeoutSeconds: 0);
    }
}
