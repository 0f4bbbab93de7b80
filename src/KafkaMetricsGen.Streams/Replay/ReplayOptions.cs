using System.Globalization;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>A backfill: the worker over a bounded range of the input topics, under an application id of its own.</summary>
public sealed class ReplayOptions
{
    private string? _applicationId;

    public required string BootstrapServers { get; init; }

    public required IReadOnlyList<InputTopic> Inputs { get; init; }

    /// <summary><c>--from</c>: start offset or timestamp, applied to every input partition.</summary>
    public required ReplayPosition From { get; init; }

    /// <summary><c>--to</c>: end offset or timestamp (exclusive); null replays up to the end offsets at start.</summary>
    public ReplayPosition? To { get; init; }

    /// <summary><c>--application-id</c>; null derives one from <see cref="BaseApplicationId"/> and the clock.</summary>
    public string? ApplicationId { get => _applicationId; init => _applicationId = value; }

    /// <summary>The live worker's application id (<c>kafka.application_id</c>).</summary>
    public string BaseApplicationId { get; init; } = KafkaWorkerDefaults.ApplicationId;

    /// <summary>Parent of the replay's state directory (each replay gets a sub-directory named after its id).</summary>
    public string StateDir { get; init; } = KafkaWorkerDefaults.StateDir;

    public string ProcessingGuarantee { get; init; } = KafkaWorkerDefaults.ProcessingGuarantee;

    public int SessionTimeoutMs { get; init; } = KafkaWorkerDefaults.SessionTimeoutMs;

    public long? CommitIntervalMs { get; init; }

    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>The same replay under a fixed application id (a caller that needs the id before the replay starts).</summary>
    public ReplayOptions WithApplicationId(string applicationId)
    {
        var copy = (ReplayOptions)MemberwiseClone();
        copy._applicationId = applicationId;
        return copy;
    }

    public string EffectiveApplicationId(TimeProvider time) =>
        ApplicationId ?? BaseApplicationId + ReplayDefaults.ApplicationIdInfix + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public void Validate()
    {
        if (Inputs.Count == 0)
        {
            throw new ArgumentException("replay --topic: at least one input topic is needed");
        }

        if (ApplicationId is not null && ApplicationId == BaseApplicationId)
        {
            throw new ArgumentException("replay --application-id: must differ from the live worker's, or the replay would move its offsets");
        }

        if (From.Offset is < 0 || To?.Offset is < 0)
        {
            throw new ArgumentException("replay --from/--to: offsets must be ≥ 0");
        }

        if (From.Timestamp is { } from && To?.Timestamp is { } to && to < from)
        {
            throw new ArgumentException("replay --to: must not be before --from");
        }
    }

    public KafkaWorkerOptions WorkerOptions(string applicationId) => new()
    {
        BootstrapServers = BootstrapServers,
        ApplicationId = applicationId,
        StateDir = Path.Combine(StateDir, applicationId),
        ProcessingGuarantee = ProcessingGuarantee,
        SessionTimeoutMs = SessionTimeoutMs,
        CommitIntervalMs = CommitIntervalMs,
        ClientConfig = ClientConfig,
    };
}
