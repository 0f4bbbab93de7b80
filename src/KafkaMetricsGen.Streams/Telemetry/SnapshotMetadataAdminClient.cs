using System.Reflection;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// The admin client of a stream's start check. When a stream starts, Streamiz checks its internal topics with one
/// metadata request per source topic, repartition topic and changelog, in a row (fifteen for the worker's topology),
/// then disposes the client, which waits for librdkafka to tear it down (50–200 ms), and only then starts its threads:
/// all of it lies on the path to the first span. With this client the check costs one cluster-wide request, and the
/// teardown runs on a thread of its own. A topic the last answer lacks or reports with an error is asked of the cluster
/// as before, so a missing topic is still found missing and created; a cluster-wide request always goes to the cluster
/// and renews the answer; an answer older than <see cref="MaxAge"/> is renewed first. Every other call goes to the
/// wrapped client.
/// </summary>
/// <remarks>A <see cref="DispatchProxy"/>: <see cref="IAdminClient"/> has dozens of members, all passed on unchanged.</remarks>
public class SnapshotMetadataAdminClient : DispatchProxy
{
    /// <summary>How long one cluster-wide answer serves topic requests: long enough for a stream's start, short enough that no partition change is missed for long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private IAdminClient _inner = null!;
    private TimeProvider _time = TimeProvider.System;
    private Metadata? _snapshot;
    private long _snapshotTicks;
    private long _served;
    private Thread? _teardown;

    /// <summary>Topic requests answered without a request to the cluster.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>The thread that disposes the wrapped client, once the wrapper was disposed.</summary>
    public Thread? Teardown => Volatile.Read(ref _teardown);

    /// <summary>Wraps <paramref name="inner"/>; disposing the result disposes it on a thread of its own.</summary>
    public static IAdminClient Wrap(IAdminClient inner, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var client = Create<IAdminClient, SnapshotMetadataAdminClient>();
        var proxy = (SnapshotMetadataAdminClient)(object)client;
        proxy._inner = inner;
        proxy._time = time ?? TimeProvider.System;
        return client;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAdminClient.GetMetadata) && args is { Length: 2 } && args[0] is string topic && args[1] is TimeSpan topicTimeout)
        {
            return TopicMetadata(topic, topicTimeout);
        }

        if (targetMethod.Name == nameof(IAdminClient.GetMetadata) && args is { Length: 1 } && args[0] is TimeSpan timeout)
        {
            return Renew(timeout);
        }

        if (targetMethod.Name == nameof(IDisposable.Dispose) && args is null or { Length: 0 })
        {
            DisposeInBackground();
            return null;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>
    /// Not a pool thread: Streamiz's start blocks pool threads on work that needs other pool threads. A background
    /// thread, so a process that ends does not wait for it.
    /// </summary>
    private void DisposeInBackground()
    {
        var thread = new Thread(_inner.Dispose) { IsBackground = true, Name = "admin-teardown" };
        if (Interlocked.CompareExchange(ref _teardown, thread, null) is null)
        {
            thread.Start();
        }
    }

    private Metadata TopicMetadata(string topic, TimeSpan timeout)
    {
        Metadata? snapshot;
        lock (_gate)
        {
            snapshot = _snapshot is not null && _time.GetElapsedTime(_snapshotTicks) < MaxAge ? _snapshot : null;
        }

        snapshot ??= Renew(timeout);
        foreach (var t in snapshot.Topics)
        {
            if (t.Topic == topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0)
            {
                Interlocked.Increment(ref _served);
                return new Metadata(snapshot.Brokers, [t], snapshot.OriginatingBrokerId, snapshot.OriginatingBrokerName);
            }
        }

        return _inner.GetMetadata(topic, timeout);
    }

    private Metadata Renew(TimeSpan timeout)
    {
        var metadata = _inner.GetMetadata(timeout);
        lock (_gate)
        {
            _snapshot = metadata;
            _snapshotTicks = _time.GetTimestamp();
        }

        return metadata;
    }
}
