using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Tests.Commands;
using KafkaMetricsGen.TopologyDocs;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>A worker started from a deploy file against the embedded broker, and the checks every deploy test makes.</summary>
public static class DeployedWorker
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    /// <summary>Creates the input topics and, since the embedded broker has no admin API, the worker's internal topics.</summary>
    public static void CreateTopics(EmbeddedKafkaBroker broker, string configFile, IReadOnlyList<(string Name, int Partitions)> inputs)
    {
        ArgumentNullException.ThrowIfNull(broker);
        foreach (var (name, partitions) in inputs)
        {
            broker.CreateTopic(name, partitions);
        }

        var kafka = (YamlMappingNode)DeployFiles.Yaml(configFile)["kafka"];
        var applicationId = ((YamlScalarNode)kafka["application_id"]).Value!;
        var topics = ((YamlSequenceNode)kafka["topics"]).Cast<YamlMappingNode>()
            .Select(t => new InputTopic(((YamlScalarNode)t["name"]).Value!, ((YamlScalarNode)t["codec"]).Value!)).ToList();
        var partitionCount = topics.Max(t => inputs.Single(i => i.Name == t.Name).Partitions);
        foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create(topics, partitionCount), applicationId))
        {
            if (!inputs.Any(i => i.Name == topic.Name))
            {
                broker.CreateTopic(topic.Name, topic.Partitions);
            }
        }
    }

    /// <summary>Waits for /ready to answer 200 and /metrics to count received spans; fails with the worker's output.</summary>
    public static async Task WaitReadyAndCountingAsync(Process worker, StringBuilder output, int port)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        await WaitAsync(worker, output, "/ready = 200", async () =>
        {
            using var response = await http.GetAsync(new Uri(baseUrl, HttpPaths.Ready));
            return response.StatusCode == HttpStatusCode.OK;
        });
        await WaitAsync(worker, output, SelfMetricNames.SpansReceived + " > 0", async () =>
            ScrapedSample.Parse(await http.GetStringAsync(new Uri(baseUrl, HttpPaths.Metrics)))
                .Where(s => s.Name == SelfMetricNames.SpansReceived).Sum(s => s.Value) > 0);
    }

    public static async Task WaitAsync(Process worker, StringBuilder output, string what, Func<Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.StartNew();
        while (started.Elapsed < Patience)
        {
            Assert.False(worker.HasExited, $"the worker exited ({(worker.HasExited ? worker.ExitCode : 0)}) before {what}; output:\n{ExeProcess.Output(output)}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail($"timed out waiting for {what}; output:\n{ExeProcess.Output(output)}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void Stop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
