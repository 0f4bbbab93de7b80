using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>
/// <c>replay --cleanup</c>: after a replay, deletes what only the replay used — its internal topics
/// (<c>{applicationId}-…-repartition</c>, <c>-changelog</c>), its consumer group and its local state directory. The
/// input and dead-letter topics are shared with the live worker and stay.
/// </summary>
public static class ReplayCleanup
{
    /// <summary>The topics a replay created for itself: every topic of its topology named after its application id.</summary>
    public static IReadOnlyList<string> InternalTopics(WorkerTopologySettings topology, string applicationId) =>
        WorkerTopology.Topics(topology, applicationId)
            .Select(t => t.Name)
            .Where(n => n.StartsWith(applicationId + "-", StringComparison.Ordinal))
            .ToList();

    /// <summary>Deletes them; returns what could not be deleted, with the commands that do it by hand (empty when all went).</summary>
    public static async Task<string?> RunAsync(ReplayOptions options, WorkerTopologySettings topology, string applicationId, KafkaClientLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topics = InternalTopics(topology, applicationId);
        var problems = new StringBuilder();
        var builder = new AdminClientBuilder(new AdminClientConfig(ReplayPlanner.Config(options)));
        if (log is not null)
        {
            builder.SetLogHandler(log.Handle);
        }

        using (var admin = builder.Build())
        {
            string? noAdminApi = null;
            try
            {
                await admin.DeleteTopicsAsync(topics).ConfigureAwait(false);
            }
            catch (DeleteTopicsException e) when (e.Results.All(r => !r.Error.IsError || r.Error.Code == ErrorCode.UnknownTopicOrPart))
            {
            }
            catch (KafkaException e)
            {
                // The request itself failed: the cluster's admin API is closed to us. Asking it to delete the group as
                // well would only fail again (and librdkafka's admin client aborts when the broker lacks DeleteGroups).
                noAdminApi = e.Error.Reason;
                problems.Append("topics (").Append(e.Error.Reason).Append("):");
                foreach (var topic in topics)
                {
                    problems.Append("\n  kafka-topics.sh --bootstrap-server ").Append(options.BootstrapServers).Append(" --delete --topic ").Append(topic);
                }

                problems.Append('\n');
            }

            try
            {
                if (noAdminApi is not null)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_UnsupportedFeature, noAdminApi));
                }

                await admin.DeleteGroupsAsync([applicationId]).ConfigureAwait(false);
            }
            catch (KafkaException e)
            {
                problems.Append("consumer group (").Append(e.Error.Reason).Append("):\n  kafka-consumer-groups.sh --bootstrap-server ")
                    .Append(options.BootstrapServers).Append(" --delete --group ").Append(applicationId).Append('\n');
            }
        }

        var state = options.WorkerOptions(applicationId).StateDir;
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        return problems.Length == 0 ? null : problems.ToString().TrimEnd('\n');
    }
}
