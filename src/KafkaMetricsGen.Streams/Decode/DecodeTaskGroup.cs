using System.Buffers;
using KafkaMetricsGen.Streams.Ingest;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// The routing decode tasks of one input topic on one stream thread, which send their frames together: a flush takes
/// the sub-batches every task of the thread holds for a trace partition and sends them as one record, so the
/// spans-by-trace topic gets a record per partition and flush, not per task, partition and flush (with many input
/// partitions each task's own frames stay tiny). The tasks of a thread share its producer and commit together (one
/// transaction under exactly-once), so a task's commit hook may send the other tasks' sub-batches: output is only ever
/// sent earlier. A task closed without a commit drops its own sub-batches (<see cref="Leave"/>); their input is
/// processed again by the partition's next owner.
/// </summary>
/// <remarks>Streamiz runs a task's processors on its stream thread only, so the group needs no locking.</remarks>
public sealed class DecodeTaskGroup
{
    [ThreadStatic]
    private static Dictionary<string, DecodeTaskGroup>? t_groups;

    private readonly List<SubBatchBuffers> _members = [];
    private readonly ArrayBufferWriter<byte> _record = new();
    private readonly FrameArrays _arrays = new();
    private bool _dirty;

    /// <summary>
    /// Adds a task's frames to the group of <paramref name="topic"/> on the calling thread. Records close at the frame
    /// size of the members (every task of a topic has the same settings).
    /// </summary>
    public static DecodeTaskGroup Join(string topic, SubBatchBuffers frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        t_groups ??= new Dictionary<string, DecodeTaskGroup>(StringComparer.Ordinal);
        if (!t_groups.TryGetValue(topic, out var group))
        {
            group = new DecodeTaskGroup();
            t_groups[topic] = group;
        }

        if (!group._members.Contains(frames))
        {
            group._members.Add(frames);
        }

        return group;
    }

    public int Members => _members.Count;

    /// <summary>Removes a task's frames and drops what they still hold.</summary>
    public void Leave(SubBatchBuffers frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        frames.Clear();
        _members.Remove(frames);
    }

    /// <summary>Notes that a member appended sub-batches since the last <see cref="FlushAll"/>.</summary>
    public void MarkDirty() => _dirty = true;

    /// <summary>Sends the sub-batches of every member for every partition.</summary>
    public void FlushAll(Action<int, byte[]> forward)
    {
        if (!_dirty || _members.Count == 0)
        {
            return;
        }

        _dirty = false;
        var partitions = _members[0].Partitions;
        for (var p = 0; p < partitions; p++)
        {
            Flush(p, forward);
        }
    }

    /// <summary>
    /// Sends the sub-batches every member holds for <paramref name="partition"/>, as records of about the frame size
    /// (a record closes once it passes the size, so it is at most the size plus one member's frame).
    /// </summary>
    public void Flush(int partition, Action<int, byte[]> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        foreach (var member in _members)
        {
            if (!member.HasData(partition))
            {
                continue;
            }

            if (_record.WrittenCount == 0)
            {
                SubBatchFrame.Begin(_record);
            }

            member.MoveSubBatchesTo(partition, _record);
            if (_record.WrittenCount >= member.MaxFrameBytes)
            {
                Send(partition, forward, member.MaxRecordBytes);
            }
        }

        if (_record.WrittenCount > 0)
        {
            Send(partition, forward, _members[0].MaxRecordBytes);
        }
    }

    /// <summary>Sends the record in a reused array (<see cref="FrameArrays"/>): the forward returns after the producer copied it.</summary>
    private void Send(int partition, Action<int, byte[]> forward, int maxRecordBytes)
    {
        var value = _arrays.Copy(_record.WrittenSpan, maxRecordBytes);
        _record.ResetWrittenCount();
        forward(partition, value);
    }
}
