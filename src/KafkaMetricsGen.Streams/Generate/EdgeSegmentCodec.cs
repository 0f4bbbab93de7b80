using System.Buffers;
using System.Buffers.Binary;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// The value of an edge segment (<see cref="EdgeStateKeys.Segment"/>): many pending edges in one entry, so a commit
/// writes one changelog record per segment instead of one per edge. Layout: <c>version:u8 (1) | count:u32 LE</c>, then
/// per edge <c>length:u32 LE | </c><see cref="EdgeCodec"/> bytes. One instance writes segments one after another,
/// reusing its buffers.
/// </summary>
public sealed class EdgeSegmentCodec
{
    public const byte Version = 1;

    private const int HeaderLength = 1 + 4;

    private readonly ArrayBufferWriter<byte> _segment = new(4096);
    private readonly ArrayBufferWriter<byte> _edge = new(256);

    /// <summary>Edges in the segment being written.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the segment being written.</summary>
    public int Length => _segment.WrittenCount;

    /// <summary>Starts a new, empty segment.</summary>
    public void Start()
    {
        _segment.ResetWrittenCount();
        _segment.GetSpan(HeaderLength)[..HeaderLength].Clear();
        _segment.Advance(HeaderLength);
        Count = 0;
    }

    public void Add(Edge edge)
    {
        _edge.ResetWrittenCount();
        EdgeCodec.Write(edge, _edge);
        var span = _segment.GetSpan(4 + _edge.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)_edge.WrittenCount);
        _edge.WrittenSpan.CopyTo(span[4..]);
        _segment.Advance(4 + _edge.WrittenCount);
        Count++;
    }

    /// <summary>The segment's bytes, header completed.</summary>
    public byte[] ToArray()
    {
        var bytes = _segment.WrittenSpan.ToArray();
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), (uint)Count);
        return bytes;
    }

    /// <summary>Reads every edge of a segment into <paramref name="edges"/>; false (and nothing added) when the bytes are not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, List<Edge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (value.Length < HeaderLength || value[0] != Version)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(value[1..]);
        var start = edges.Count;
        var p = HeaderLength;
        for (var i = 0u; i < count; i++)
        {
            if (value.Length - p < 4)
            {
                return Undo(edges, start);
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(value[p..]);
            p += 4;
            if (length > (uint)(value.Length - p) || !EdgeCodec.TryRead(value.Slice(p, (int)length), out var edge))
            {
                return Undo(edges, start);
            }

            edges.Add(edge);
            p += (int)length;
        }

        return p == value.Length || Undo(edges, start);
    }

    private static bool Undo(List<Edge> edges, int start)
    {
        edges.RemoveRange(start, edges.Count - start);
        return false;
    }
}
