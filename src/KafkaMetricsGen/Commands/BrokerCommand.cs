using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>broker</c>: runs the embedded Kafka-protocol broker alone until Ctrl-C or SIGTERM. The first line of output is
/// <c>bootstrap: host:port[,host:port...]</c> so scripts and tests can read the address.
/// </summary>
public static class BrokerCommand
{
    public const string Name = "broker";

    /// <summary>The prefix of the first output line.</summary>
    public const string BootstrapLinePrefix = "bootstrap: ";

    public const int DefaultPartitions = 8;

    public static Command Create()
    {
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of each topic that does not name its own count.",
            DefaultValueFactory = _ => DefaultPartitions,
        };
        var topics = new Option<string[]>("--topic")
        {
            Description = "A topic to create, as name or name:partitions; repeat the option for more topics.",
            AllowMultipleArgumentsPerToken = false,
        };
        var brokers = new Option<int>("--brokers")
        {
            Description = "Number of brokers in the cluster (ids 1..N).",
            DefaultValueFactory = _ => EmbeddedKafkaBrokerDefaults.Brokers,
        };
        var port = new Option<int>("--port")
        {
            Description = "Fixed loopback port of broker 1 (broker i uses port+i-1); 0 picks random ports.",
            DefaultValueFactory = _ => EmbeddedKafkaBrokerDefaults.Port,
        };

        var command = new Command(Name, "Run an in-memory Kafka-protocol broker for development and tests. "
            + "Data lives in memory only: each partition keeps its last 5 MiB and everything is lost on exit. "
            + "The admin API cannot create topics, so create them here. The first output line is 'bootstrap: <servers>'.");
        command.Options.Add(partitions);
        command.Options.Add(topics);
        command.Options.Add(brokers);
        command.Options.Add(port);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var specs = ParseTopics(r.GetValue(topics) ?? [], r.GetValue(partitions));
                var options = new EmbeddedKafkaBrokerOptions { Brokers = r.GetValue(brokers), Port = r.GetValue(port) };
                options.Validate();
                return await RunAsync(options, specs, r.InvocationConfiguration.Output, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Starts the broker, creates the topics, prints the address and waits for cancellation.</summary>
    public static async Task<int> RunAsync(EmbeddedKafkaBrokerOptions options, IReadOnlyList<(string Name, int Partitions)> topics, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(output);
        using var broker = EmbeddedKafkaBroker.Start(options);
        foreach (var (name, count) in topics)
        {
            broker.CreateTopic(name, count);
        }

        await output.WriteLineAsync(BootstrapLinePrefix + broker.BootstrapServers).ConfigureAwait(false);
        foreach (var (name, count) in topics)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"topic: {name} ({count} partitions)")).ConfigureAwait(false);
        }

        await output.WriteLineAsync("press Ctrl-C to stop").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        // The command line only turns Ctrl-C into cancellation; a container or a script stops us with SIGTERM.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: a normal stop.
        }

        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    /// <summary>Parses <c>name</c> or <c>name:partitions</c>; throws naming the option on a bad value.</summary>
    public static IReadOnlyList<(string Name, int Partitions)> ParseTopics(IEnumerable<string> values, int defaultPartitions)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (defaultPartitions < 1)
        {
            throw new ArgumentException($"--partitions: must be at least 1, got {defaultPartitions}");
        }

        var result = new List<(string, int)>();
        foreach (var v in values)
        {
            var colon = v.LastIndexOf(':');
            var name = colon < 0 ? v : v[..colon];
            var count = defaultPartitions;
            if (colon >= 0 && (!int.TryParse(v.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
            {
                throw new ArgumentException($"--topic: '{v}' must be name or name:partitions with partitions >= 1");
            }

            if (name.Length == 0)
            {
                throw new ArgumentException($"--topic: '{v}' has an empty name");
            }

            result.Add((name, count));
        }

        return result;
    }
}
