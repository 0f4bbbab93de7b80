using Confluent.Kafka;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// How the stream's threads answer errors, and what made them die. A Kafka error that a broker which hangs, restarts
/// or moves causes (timeouts, lost connections, a transaction that has to be aborted) is transient: an error of the
/// loop that carries one makes the thread close its tasks as lost (aborting an open transaction), rejoin the group and
/// go on from the last committed offsets (CONTINUE) instead of dying. An error of the worker's own code, an
/// authorisation or a size error still ends the thread (FAIL), and so does a failed delivery (Streamiz ends the thread
/// on any; answering RETRY instead resends the record in every loop iteration into a transaction that can only abort).
/// Streamiz reports ERROR without its cause, so the last cause is kept here for the runner's decision and its log.
/// </summary>
public sealed class StreamFailures
{
    private object? _last;

    /// <summary>
    /// Runs on the stream thread when it answers a transient error with CONTINUE, before Streamiz closes the thread's
    /// tasks as lost and rejoins the group.
    /// </summary>
    public Action? Continuing { get; set; }

    /// <summary>
    /// Runs on the producer's delivery thread for a record purged by an aborted transaction: true when the thread is
    /// closing its tasks (the record is then let go, see <see cref="IsPurgedByAbort"/>); unset, such a record fails.
    /// </summary>
    public Func<bool>? PurgedWhileClosing { get; set; }

    /// <summary>Sets <see cref="IStreamConfig.InnerExceptionHandler"/> and <see cref="IStreamConfig.ProductionExceptionHandler"/>.</summary>
    public void Attach(IStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.InnerExceptionHandler = e =>
        {
            Volatile.Write(ref _last, e);
            if (!IsTransient(e))
            {
                return ExceptionHandlerResponse.FAIL;
            }

            Continuing?.Invoke();
            return ExceptionHandlerResponse.CONTINUE;
        };
        config.ProductionExceptionHandler = report =>
        {
            if (IsPurgedByAbort(report.Error) && (PurgedWhileClosing?.Invoke() ?? false))
            {
                return ProductionExceptionHandlerResponse.CONTINUE;
            }

            Volatile.Write(ref _last, report.Error);
            return ProductionExceptionHandlerResponse.FAIL;
        };
    }

    /// <summary>
    /// A record librdkafka purged from its queue because its transaction was aborted. While the thread closes its tasks
    /// (lost, revoked, or after a transient error) the record belongs to a transaction nobody will see, and the input
    /// is processed again from the last committed offsets, so the thread may go on, provided the tasks' next
    /// incarnation does not open stores holding the aborted writes: <see cref="PurgedWhileClosing"/> decides, and notes
    /// that (see <see cref="StreamLocalState.OnPurged"/>). With FAIL, Streamiz throws it while it closes the tasks,
    /// outside any handler, and the process dies. A record purged by an abort at any other time (a commit that failed
    /// while the task goes on processing) ends the thread: the task would go on past input whose output was dropped.
    /// </summary>
    public static bool IsPurgedByAbort(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is ErrorCode.Local_PurgeQueue or ErrorCode.Local_PurgeInflight;
    }

    /// <summary>The last recorded cause, for the log; null when none was recorded.</summary>
    public string? Describe() => Volatile.Read(ref _last) switch
    {
        Error error => $"delivery failed: {error.Code} ({error.Reason})",
        Exception e => $"{e.GetType().Name}: {e.Message}",
        _ => null,
    };

    /// <summary>
    /// True when creating the stream anew can help. No recorded cause counts as transient: the stream then failed before
    /// its threads ran (its start-up could not reach the brokers); everything of the worker's own code passes through
    /// the inner handler.
    /// </summary>
    public bool IsTransient() => Volatile.Read(ref _last) switch
    {
        Error error => IsTransient(error),
        Exception e => IsTransient(e),
        _ => true,
    };

    /// <summary>Forgets the recorded cause (before a new stream starts).</summary>
    public void Clear() => Volatile.Write(ref _last, null);

    /// <summary>True when <paramref name="exception"/> is, or wraps through Streamiz's exceptions, a transient Kafka error.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is KafkaException kafka)
            {
                return IsTransient(kafka.Error);
            }

            if (e.GetType().Namespace?.StartsWith("Streamiz.", StringComparison.Ordinal) != true)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>A Kafka error a broker that hangs, restarts or moves causes, and that retrying or a new client gets past.</summary>
    public static bool IsTransient(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
                or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.SaslAuthenticationFailed
                or ErrorCode.Local_Authentication or ErrorCode.MsgSizeTooLarge
                or ErrorCode.RecordListTooLarge or ErrorCode.InvalidConfig or ErrorCode.Local_InvalidArg
                or ErrorCode.UnsupportedVersion or ErrorCode.Local_UnsupportedFeature => false,
            _ => true,
        };
    }
}
