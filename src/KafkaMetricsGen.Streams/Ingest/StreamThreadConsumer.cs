using System.Numerics;
using System.Runtime.CompilerServices;
using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// A stream thread's main consumer: a record's value is let go of as soon as a stage has processed it
/// (<see cref="Processed"/>), not when the thread polls again.
/// <para>
/// Streamiz polls up to <c>max.poll.records</c> records into one list and keeps that list until its next poll, after it
/// has processed every record of it; so every record of a poll, processed or not, lived through each collection that
/// fell within the poll's processing. In the benchmark that was about 500 records of 20 KiB and 256 KiB, and a
/// collection of the youngest objects kept most of what it looked at: 28–62 MB were promoted per collection, 0.10 s of
/// pauses on the stream thread per million spans (docs/benchmarks.md). Once a stage is done with a record, this takes
/// the value out of the record the list holds, so a collection keeps only the records still waiting.
/// </para>
/// <para>
/// Streamiz reads a record's value only to deserialize it before processing; after processing it reads the offset
/// and partition. A value is let go of only after its stage processed it without an error, so a failure still sees it.
/// Records of the last poll that were not processed (a task closed, or Streamiz stopped processing to poll in time) are
/// simply forgotten at the next poll: they keep their values, as they did before.
/// </para>
/// <para>
/// The values of one topic, the spans-by-trace frames, are read into arrays reused once processed
/// (<see cref="ValueDeserializer"/>): the decode stage pads those frames to a few sizes (<see cref="FrameArrays"/>), so a
/// processed frame's array fits one of the next frames, and the frames, a quarter of what the stream thread consumes, no
/// longer take a new large-object-heap array each. An array goes back to the spares (<see cref="SpareValueArrays"/>, one
/// set for the process) only through <see cref="Processed"/>, after the record it came in was processed and let go of;
/// one whose record was never processed is left to the collector.
/// </para>
/// <para>
/// The values of the input topics (<see cref="ValueDeserializer"/>'s padded topics) of at least
/// <see cref="MinReusedBytes"/> are read into reused arrays too, which are a little longer than the value
/// (<see cref="PaddedLength"/>: one of eight sizes per doubling, so an array fits the next values of about its size):
/// an input value of any length no longer takes a new array, and the input, three quarters of what the stream thread
/// consumes, no longer drives the collections of the youngest objects. The bytes past the value are left as they are;
/// <see cref="ValueLength"/> gives the value's own length, which the array keeps as long as it lives.
/// </para>
/// <para>
/// Until the group first assigns it partitions, a poll with a timeout waits for the assignment
/// (<see cref="FirstAssignmentWait"/> at most) in slices of that timeout, and returns as soon as the assignment has
/// arrived (Streamiz's assignment callback ran inside it) or a record did. Streamiz's poll sleeps at least 100 ms
/// whenever it finds the consumer without partitions after a poll that returned nothing, so an assignment arriving in
/// that sleep waited for it: from stream start to partitions assigned took either about 0.05 s or about 0.17 s. Later
/// rebalances are left as they are.
/// </para>
/// <para>
/// Its assignment is read from the client once per change (<see cref="AssignmentChanges"/>): Streamiz asks for it twice
/// after every poll that returned nothing, and the client builds it anew each time (a native call, a list and a topic
/// partition with its topic name copied per partition), about 2 % of the stream thread's time in the benchmark.
/// </para>
/// <para>Everything else goes to the client as it is.</para>
/// </summary>
public sealed class StreamThreadConsumer : IConsumer<byte[], byte[]>
{
    /// <summary>Values shorter than this (bytes) are read into arrays of their own, whatever the topic.</summary>
    public const int MinReusedBytes = FrameArrays.MinPooledBytes;

    /// <summary>How long a poll waits at most for the first assignment: Streamiz's own sleep when it finds none.</summary>
    public static readonly TimeSpan FirstAssignmentWait = TimeSpan.FromMilliseconds(100);

    /// <summary>The value length of every reused array, kept with the array (an array no longer used takes its entry with it).</summary>
    private static readonly ConditionalWeakTable<byte[], StrongBox<int>> s_valueLengths = [];

    /// <summary>What this thread's consumer handed out since its last poll began.</summary>
    [ThreadStatic]
    private static ThreadRecords? t_records;

    private readonly IConsumer<byte[], byte[]> _inner;
    private readonly TimeSpan _firstAssignmentWait;
    private readonly TimeProvider _time;
    private readonly AssignmentChanges? _changes;
    private List<TopicPartition>? _assignment;
    private int _assignmentVersion;
    private bool _assigned;

    /// <param name="inner">The client.</param>
    /// <param name="firstAssignmentWait">How long a poll waits at most for the first assignment; none: <see cref="FirstAssignmentWait"/>.</param>
    /// <param name="time">The clock of that wait.</param>
    /// <param name="changes">The rebalance callbacks of <paramref name="inner"/>; none: the assignment is read from the client every time.</param>
    public StreamThreadConsumer(IConsumer<byte[], byte[]> inner, TimeSpan? firstAssignmentWait = null, TimeProvider? time = null, AssignmentChanges? changes = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _changes = changes;
        _firstAssignmentWait = firstAssignmentWait ?? FirstAssignmentWait;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// A stage of this thread has processed the record whose value is <paramref name="value"/>: the record handed out
    /// with it forgets it. A value no consumer of this thread handed out (a record a stage made itself) is ignored.
    /// </summary>
    public static void Processed(byte[]? value)
    {
        if (value is { Length: > 0 } && t_records is { } records)
        {
            records.Release(value);
        }
    }

    /// <summary>
    /// The main consumer's value deserializer: values of <paramref name="reusedTopic"/> of at least
    /// <see cref="MinReusedBytes"/> go into a spare array of their exact length when there is one, and those of
    /// <paramref name="paddedTopics"/> into one of their <see cref="PaddedLength"/> (read them with <see cref="ValueLength"/>).
    /// </summary>
    public static IDeserializer<byte[]> ValueDeserializer(string reusedTopic, IEnumerable<string>? paddedTopics = null)
    {
        ArgumentNullException.ThrowIfNull(reusedTopic);
        return new ReusingDeserializer(reusedTopic, new HashSet<string>(paddedTopics ?? [], StringComparer.Ordinal));
    }

    /// <summary>
    /// The length of the value a consumer read into <paramref name="value"/>: shorter than the array when it is a padded
    /// one (<see cref="ValueDeserializer"/>), else the array's.
    /// </summary>
    public static int ValueLength(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return s_valueLengths.TryGetValue(value, out var length) ? length.Value : value.Length;
    }

    /// <summary>
    /// The array length a padded value of <paramref name="length"/> bytes is read into: the length itself below
    /// <see cref="MinReusedBytes"/>, else rounded up to a sixteenth of the next power of two (at most an eighth more).
    /// </summary>
    public static int PaddedLength(int length)
    {
        if (length < MinReusedBytes)
        {
            return length;
        }

        var step = (int)(BitOperations.RoundUpToPowerOf2((uint)length) / 16);
        return (length + step - 1) & ~(step - 1);
    }

    private static void SetValueLength(byte[] array, int length)
    {
        if (s_valueLengths.TryGetValue(array, out var known))
        {
            known.Value = length;
        }
        else
        {
            s_valueLengths.Add(array, new StrongBox<int>(length));
        }
    }

    public Handle Handle => _inner.Handle;

    public string Name => _inner.Name;

    public string MemberId => _inner.MemberId;

    /// <summary>
    /// The assignment, read from the client again only after a rebalance callback or an assignment made through this
    /// consumer. The list is shared until then: read it, do not change it.
    /// </summary>
    public List<TopicPartition> Assignment
    {
        get
        {
            if (_changes is null)
            {
                return _inner.Assignment;
            }

            var version = _changes.Version;
            if (_assignment is null || version != _assignmentVersion)
            {
                // The version is taken before the read: a change during it makes the next caller read again.
                _assignment = _inner.Assignment;
                _assignmentVersion = version;
            }

            return _assignment;
        }
    }

    public List<string> Subscription => _inner.Subscription;

    public IConsumerGroupMetadata ConsumerGroupMetadata => _inner.ConsumerGroupMetadata;

    public ConsumeResult<byte[], byte[]> Consume(int millisecondsTimeout) =>
        Track(_assigned || millisecondsTimeout <= 0 ? _inner.Consume(millisecondsTimeout) : ConsumeUntilAssigned(TimeSpan.FromMilliseconds(millisecondsTimeout)));

    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default) => Track(_inner.Consume(cancellationToken));

    public ConsumeResult<byte[], byte[]> Consume(TimeSpan timeout) =>
        Track(_assigned || timeout <= TimeSpan.Zero ? _inner.Consume(timeout) : ConsumeUntilAssigned(timeout));

    public int AddBrokers(string brokers) => _inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => _inner.SetSaslCredentials(username, password);

    public void Subscribe(IEnumerable<string> topics) => Reassigning().Subscribe(topics);

    public void Subscribe(string topic) => Reassigning().Subscribe(topic);

    public void Unsubscribe() => Reassigning().Unsubscribe();

    public void Assign(TopicPartition partition) => Reassigning().Assign(partition);

    public void Assign(TopicPartitionOffset partition) => Reassigning().Assign(partition);

    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => Reassigning().Assign(partitions);

    public void Assign(IEnumerable<TopicPartition> partitions) => Reassigning().Assign(partitions);

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => Reassigning().IncrementalAssign(partitions);

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => Reassigning().IncrementalAssign(partitions);

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => Reassigning().IncrementalUnassign(partitions);

    public void Unassign() => Reassigning().Unassign();

    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => _inner.StoreOffset(result);

    public void StoreOffset(TopicPartitionOffset offset) => _inner.StoreOffset(offset);

    public List<TopicPartitionOffset> Commit() => _inner.Commit();

    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => _inner.Commit(offsets);

    public void Commit(ConsumeResult<byte[], byte[]> result) => _inner.Commit(result);

    public void Seek(TopicPartitionOffset tpo) => _inner.Seek(tpo);

    public void Pause(IEnumerable<TopicPartition> partitions) => _inner.Pause(partitions);

    public void Resume(IEnumerable<TopicPartition> partitions) => _inner.Resume(partitions);

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => _inner.Committed(timeout);

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => _inner.Committed(partitions, timeout);

    public Offset Position(TopicPartition partition) => _inner.Position(partition);

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) =>
        _inner.OffsetsForTimes(timestampsToSearch, timeout);

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => _inner.GetWatermarkOffsets(topicPartition);

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => _inner.QueryWatermarkOffsets(topicPartition, timeout);

    public void Close() => Reassigning().Close();

    public void Dispose() => _inner.Dispose();

    /// <summary>The client, for a call that may change the assignment: the kept one is read again at the next ask.</summary>
    private IConsumer<byte[], byte[]> Reassigning()
    {
        _assignment = null;
        return _inner;
    }

    /// <summary>
    /// Polls in slices of <paramref name="timeout"/> until a record or the first assignment arrives, or
    /// <see cref="_firstAssignmentWait"/> (at least the timeout) has passed.
    /// </summary>
    private ConsumeResult<byte[], byte[]> ConsumeUntilAssigned(TimeSpan timeout)
    {
        var started = _time.GetTimestamp();
        var wait = timeout > _firstAssignmentWait ? timeout : _firstAssignmentWait;
        while (true)
        {
            var result = _inner.Consume(timeout);
            if (result is not null || _inner.Assignment.Count > 0)
            {
                _assigned = true;
                return result!;
            }

            if (_time.GetElapsedTime(started) >= wait)
            {
                return null!;
            }
        }
    }

    private static ConsumeResult<byte[], byte[]> Track(ConsumeResult<byte[], byte[]> result)
    {
        var records = t_records;
        var rented = records?.TakeRented();
        if (result?.Message?.Value is { Length: > 0 } value)
        {
            (records ??= t_records = new ThreadRecords()).Add(value, result, ReferenceEquals(value, rented));
        }

        return result!;
    }

    /// <summary>
    /// The records handed out since the thread's last poll began, and the array lent to the value being read. A record handed
    /// out after a stage processed one begins a new poll (Streamiz polls, then processes): what the last poll left
    /// unprocessed is forgotten, its reused arrays with it.
    /// </summary>
    private sealed class ThreadRecords
    {
        private readonly Dictionary<byte[], (ConsumeResult<byte[], byte[]> Result, bool Reused)> _byValue = new(ReferenceEqualityComparer.Instance);
        private bool _processedSincePoll;
        private byte[]? _rented;

        public void Add(byte[] value, ConsumeResult<byte[], byte[]> result, bool reused)
        {
            if (_processedSincePoll)
            {
                _byValue.Clear();
                _processedSincePoll = false;
            }

            _byValue[value] = (result, reused);
        }

        public void Release(byte[] value)
        {
            _processedSincePoll = true;
            if (!_byValue.Remove(value, out var handed))
            {
                return;
            }

            handed.Result.Message.Value = null!;
            if (handed.Reused)
            {
                SpareValueArrays.Shared.Return(value);
            }
        }

        /// <summary>An array of exactly <paramref name="length"/> bytes for a value about to be handed out: a spare one if any.</summary>
        public byte[] Rent(int length)
        {
            var array = SpareValueArrays.Shared.Rent(length);
            _rented = array;
            return array;
        }

        /// <summary>The array <see cref="Rent"/> gave last, once: the value of the record being handed out, if reused.</summary>
        public byte[]? TakeRented()
        {
            var rented = _rented;
            _rented = null;
            return rented;
        }
    }

    private sealed class ReusingDeserializer(string reusedTopic, HashSet<string> paddedTopics) : IDeserializer<byte[]>
    {
        public byte[] Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull)
            {
                return null!;
            }

            var arrayLength = data.Length < MinReusedBytes ? 0
                : string.Equals(context.Topic, reusedTopic, StringComparison.Ordinal) ? data.Length
                : paddedTopics.Contains(context.Topic) ? PaddedLength(data.Length)
                : 0;
            if (arrayLength > 0)
            {
                var array = (t_records ??= new ThreadRecords()).Rent(arrayLength);
                SetValueLength(array, data.Length);
                data.CopyTo(array);
                return array;
            }

            // Every byte is copied over at once: no need to clear the array first.
            var own = GC.AllocateUninitializedArray<byte>(data.Length);
            data.CopyTo(own);
            return own;
        }
    }
}
