using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Topics;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>broker</c>: runs the embedded Kafka-protocol broker alone until Ctrl-C or SIGTERM. The first line of output is
/// <c>bootstrap: host:port[,host:port...]</c> so scripts and tests can read the address. With <c>--config</c> it
/// listens where that worker config's <c>kafka.bootstrap_servers</c> points and creates every topic that worker needs.
/// While it runs it prints what its protocol proxies did (transactions, transactional offsets, read_committed
/// rewrites, connections) as a <c>proxy: </c> line every <c>--statistics-interval</c> in which something changed, and
/// once more as a <c>proxy at exit: </c> line when it stops, so a test or a long run can tell what the broker did.
/// </summary>
public static class BrokerCommand
{
    public const string Name = "broker";

    /// <summary>The prefix of the first output line.</summary>
    public const string BootstrapLinePrefix = "bootstrap: ";

    public const int DefaultPartitions = 8;

    /// <summary>The prefix of a line with the proxies' figures while the broker runs (see <see cref="EmbeddedKafkaBroker.DescribeActivity"/>).</summary>
    public const string StatisticsLinePrefix = "proxy: ";

    /// <summary>The prefix of the last line: the proxies' figures when the broker stops.</summary>
    public const string ExitStatisticsLinePrefix = "proxy at exit: ";

    public static readonly TimeSpan DefaultStatisticsInterval = TimeSpan.FromSeconds(10);

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
            Description = "Fixed loopback port of broker 1 (broker i uses port+i-1); 0 picks random ports. With --config the port of kafka.bootstrap_servers.",
            DefaultValueFactory = _ => EmbeddedKafkaBrokerDefaults.Port,
        };
        var config = new Option<FileInfo>("--config")
        {
            Description = "A worker config file: listen at its kafka.bootstrap_servers and create every topic that worker needs "
                + "(its input topics with --partitions or a --topic count, dead-letter and internal topics), so it can run against this broker.",
        };
        var statisticsInterval = new Option<TimeSpan>("--statistics-interval")
        {
            Description = "How often to print the proxies' figures (a 'proxy: ' line: transactions committed/aborted/fenced, "
                + "transactional offsets staged/committed/failed, commits turned into aborts, read_committed fetches rewritten, connections) "
                + "when they changed (e.g. 10s, 1m); 0 prints them only when the broker stops ('proxy at exit: ').",
            DefaultValueFactory = _ => DefaultStatisticsInterval,
            CustomParser = r => DurationParser.Parse(r) ?? TimeSpan.Zero,
        }.AtLeast(TimeSpan.Zero);
        var noAdminApi = new Option<bool>("--no-admin-api")
        {
            Description = "Refuse CreateTopics and DeleteTopics, as a cluster whose admin API is closed to the client does.",
        };

        var command = new Command(Name, "Run an in-memory Kafka-protocol broker for development and tests. "
            + "Data lives in memory only: each partition keeps its last 5 MiB and everything is lost on exit. "
            + "The admin API creates and deletes topics (topic configs are not kept); it cannot delete consumer groups. The first output line is 'bootstrap: <servers>'.");
        command.Options.Add(partitions);
        command.Options.Add(topics);
        command.Options.Add(brokers);
        command.Options.Add(port);
        command.Options.Add(config);
        command.Options.Add(noAdminApi);
        command.Options.Add(statisticsInterval);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var specs = ParseTopics(r.GetValue(topics) ?? [], r.GetValue(partitions));
                var file = r.GetValue(config);
                var worker = file is null ? null : WorkerConfigLoader.LoadFile(file.FullName, EnvironmentOverrides.FromProcess());
                var options = worker is null
                    ? new EmbeddedKafkaBrokerOptions { Brokers = r.GetValue(brokers), Port = r.GetValue(port), AdminApi = !r.GetValue(noAdminApi) }
                    : ListenAt(worker.Kafka.BootstrapServers, r.GetValue(brokers), r.GetResult(port) is { Implicit: false } ? r.GetValue(port) : null, !r.GetValue(noAdminApi));
                options.Validate();
                var brokerTopics = WithWorkerTopics(specs, worker, r.GetValue(partitions));
                return await RunAsync(options, brokerTopics, r.InvocationConfiguration.Output, r.GetValue(statisticsInterval), TimeProvider.System, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or ConfigException)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>
    /// The topics to create: those named on the command line and, with a worker config, that worker's inputs (with
    /// <paramref name="defaultPartitions"/> unless named with a count) followed by the topics the worker itself derives
    /// from them once they exist (<see cref="WorkerTopics"/>).
    /// </summary>
    public static BrokerTopics WithWorkerTopics(IReadOnlyList<(string Name, int Partitions)> named, WorkerConfig? worker, int defaultPartitions)
    {
        ArgumentNullException.ThrowIfNull(named);
        if (worker is null)
        {
            return new BrokerTopics(named, null);
        }

        var topics = new List<(string Name, int Partitions)>(named);
        foreach (var input in worker.Kafka.Topics)
        {
            if (!topics.Exists(t => t.Name == input.Name))
            {
                topics.Add((input.Name, defaultPartitions));
            }
        }

        return new BrokerTopics(topics, worker);
    }

    /// <summary>
    /// The topics the worker with this config needs besides its inputs (dead-letter and internal topics, with their
    /// partition counts and configs), derived exactly as the worker derives them at start: from the input topics'
    /// partition counts read from the cluster, so the inputs must exist there already.
    /// </summary>
    /// <param name="inputPartitions">The largest input's partition count when the caller created the inputs itself; null reads it from the cluster.</param>
    public static IReadOnlyList<TopicSpec> WorkerTopics(WorkerConfig worker, int? inputPartitions = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using var composition = WorkerComposition.Create(worker, TimeProvider.System);
        try
        {
            var topology = composition.UseInputPartitions(inputPartitions ?? WorkerComposition.InputPartitions(worker.Kafka));
            return WorkerTopology.Topics(topology, composition.Options.ApplicationId);
        }
        finally
        {
            composition.Sinks.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The broker options that make the embedded broker reachable at a worker's <c>kafka.bootstrap_servers</c>: its
    /// first address, which must be a loopback one with a port (broker i listens on port+i-1).
    /// </summary>
    public static EmbeddedKafkaBrokerOptions ListenAt(string bootstrapServers, int brokers, int? explicitPort, bool adminApi = true)
    {
        ArgumentNullException.ThrowIfNull(bootstrapServers);
        var first = bootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        var colon = first.LastIndexOf(':');
        var host = colon < 0 ? first : first[..colon];
        if (colon < 0 || !int.TryParse(first.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--config: kafka.bootstrap_servers '{bootstrapServers}' must start with host:port for the broker to listen at");
        }

        if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            throw new ArgumentException($"--config: kafka.bootstrap_servers '{first}' is not a loopback IPv4 address; the embedded broker listens on 127.0.0.1 only (use 127.0.0.1:<port> or localhost:<port>)");
        }

        if (explicitPort is { } p && p != port)
        {
            throw new ArgumentException($"--port {p} differs from kafka.bootstrap_servers '{first}' in --config; drop --port (the worker connects to the config's address)");
        }

        return new EmbeddedKafkaBrokerOptions { Brokers = brokers, Port = port, Host = host, AdminApi = adminApi };
    }

    /// <summary>Starts the broker, creates the topics, prints the address and waits for cancellation.</summary>
    public static Task<int> RunAsync(EmbeddedKafkaBrokerOptions options, IReadOnlyList<(string Name, int Partitions)> topics, TextWriter output, CancellationToken ct) =>
        RunAsync(options, new BrokerTopics(topics, null), output, DefaultStatisticsInterval, TimeProvider.System, ct);

    /// <summary>
    /// Starts the broker, creates the topics (and a worker's, see <see cref="BrokerTopics"/>), prints the address and
    /// waits for cancellation, printing the proxies' figures every <paramref name="statisticsInterval"/> in which they
    /// changed (never when zero) and once more at the end.
    /// </summary>
    public static async Task<int> RunAsync(EmbeddedKafkaBrokerOptions options, BrokerTopics topics, TextWriter output, TimeSpan statisticsInterval, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(statisticsInterval, TimeSpan.Zero);
        // Clients wait until the topics exist: a worker reconnecting to a broker started again on the same port would
        // otherwise join its group while the cluster has no topics, and be assigned nothing.
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions
        {
            Brokers = options.Brokers,
            Port = options.Port,
            Host = options.Host,
            AdminApi = options.AdminApi,
            AcceptClientsAtStart = false,
        });
        var created = new List<TopicSpec>();
        foreach (var (name, count) in topics.Named)
        {
            broker.CreateTopic(name, count);
            created.Add(new TopicSpec(name, count));
        }

        if (topics.Worker is { } worker)
        {
            // The worker derives its internal topics from the largest input's partition count, which it reads from the
            // cluster at start: the inputs were just created here (with the worker's topics added to the named ones), so
            // the count is known without asking the broker, which serves no client yet.
            var inputs = worker.Kafka.Topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var inputCounts = topics.Named.Where(t => inputs.Contains(t.Name)).Select(t => t.Partitions).ToList();
            int? inputPartitions = inputCounts.Count > 0 ? inputCounts.Max() : null;
            foreach (var topic in WorkerTopics(worker, inputPartitions))
            {
                broker.CreateTopic(topic.Name, topic.Partitions);
                created.Add(topic);
            }
        }

        broker.AcceptClients();
        await output.WriteLineAsync(BootstrapLinePrefix + broker.BootstrapServers).ConfigureAwait(false);
        foreach (var topic in created)
        {
            await output.WriteLineAsync(TopicLine(topic)).ConfigureAwait(false);
        }

        await output.WriteLineAsync("press Ctrl-C to stop").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        // The command line only turns Ctrl-C into cancellation; a container or a script stops us with SIGTERM.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        var printed = broker.DescribeActivity();
        try
        {
            while (true)
            {
                await Task.Delay(statisticsInterval > TimeSpan.Zero ? statisticsInterval : Timeout.InfiniteTimeSpan, time, stop.Token).ConfigureAwait(false);
                var now = broker.DescribeActivity();
                if (now != printed)
                {
                    printed = now;
                    await output.WriteLineAsync(StatisticsLinePrefix + now).ConfigureAwait(false);
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: a normal stop.
        }

        await output.WriteLineAsync(ExitStatisticsLinePrefix + broker.DescribeActivity()).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// One line per created topic. The embedded broker has no topic configs (the mock keeps every partition as a plain
    /// in-memory log), so a topic's configs are printed as not applied rather than silently dropped.
    /// </summary>
    public static string TopicLine(TopicSpec topic)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"topic: {topic.Name} ({topic.Partitions} partitions)");
        return topic.Configs is { Count: > 0 } configs
            ? line + " configs not applied by the embedded broker: " + string.Join(", ", configs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value))
            : line;
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

/// <summary>The topics <c>broker</c> creates: <see cref="Named"/> ones, then those the <see cref="Worker"/> (if any) needs.</summary>
public sealed record BrokerTopics(IReadOnlyList<(string Name, int Partitions)> Named, WorkerConfig? Worker);
