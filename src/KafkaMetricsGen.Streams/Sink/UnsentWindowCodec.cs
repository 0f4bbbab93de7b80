using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// The stored form of an unsent window: the encoded (compressed) requests exactly as they were queued, so a restart
/// sends the same bytes with the same sample timestamps. Layout, little-endian: <c>version:u8 | endpointLength:u16 |
/// endpoint:utf8 | windowEndMs:i64 | requests:i32</c>, then per request <c>samples:i32 | exemplars:i32 |
/// histograms:i32 | maxTimestampMs:i64 | bodyLength:i32 | message:u8 | body</c>, message 0 for remote write 1.0 and
/// 1 for 2.0, so a 2.0 body is never sent as 1.0 after a restart.
/// </summary>
public static class UnsentWindowCodec
{
    private const byte Version = 1;
    private const int RequestHeader = 4 + 4 + 4 + 8 + 4 + 1;

    public static byte[] Encode(CommittedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var endpoint = Encoding.UTF8.GetBytes(window.Endpoint);
        var size = 1 + 2 + endpoint.Length + 8 + 4;
        foreach (var request in window.Window.Requests)
        {
            size += RequestHeader + request.Body.Length;
        }

        var bytes = new byte[size];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt16LittleEndian(span[1..], checked((ushort)endpoint.Length));
        endpoint.CopyTo(span[3..]);
        var at = 3 + endpoint.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], window.Window.WindowEndMs);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], window.Window.Requests.Count);
        at += 12;
        foreach (var request in window.Window.Requests)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], request.Samples);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], request.Exemplars);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], request.Histograms);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 12)..], request.MaxTimestampMs);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 20)..], request.Body.Length);
            span[at + 24] = (byte)request.Message;
            request.Body.CopyTo(span[(at + RequestHeader)..]);
            at += RequestHeader + request.Body.Length;
        }

        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> value, out CommittedWindow window)
    {
        window = null!;
        if (value.Length < 3 || value[0] != Version)
        {
            return false;
        }

        var endpointLength = BinaryPrimitives.ReadUInt16LittleEndian(value[1..]);
        var at = 3 + endpointLength;
        if (value.Length < at + 12)
        {
            return false;
        }

        var endpoint = Encoding.UTF8.GetString(value.Slice(3, endpointLength));
        var windowEnd = BinaryPrimitives.ReadInt64LittleEndian(value[at..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(value[(at + 8)..]);
        at += 12;
        if (count < 0)
        {
            return false;
        }

        var requests = new List<EncodedRequest>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            if (value.Length < at + RequestHeader)
            {
                return false;
            }

            var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(value[(at + 20)..]);
            var message = (RemoteWriteMessage)value[at + 24];
            if (bodyLength < 0 || value.Length - at - RequestHeader < bodyLength || !Enum.IsDefined(message))
            {
                return false;
            }

            requests.Add(new EncodedRequest(
                value.Slice(at + RequestHeader, bodyLength).ToArray(),
                BinaryPrimitives.ReadInt32LittleEndian(value[at..]),
                BinaryPrimitives.ReadInt32LittleEndian(value[(at + 4)..]),
                BinaryPrimitives.ReadInt32LittleEndian(value[(at + 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(value[(at + 12)..]))
            {
                Message = message,
            });
            at += RequestHeader + bodyLength;
        }

        if (at != value.Length)
        {
            return false;
        }

        window = new CommittedWindow(endpoint, new EncodedWindow(windowEnd, requests));
        return true;
    }
}
