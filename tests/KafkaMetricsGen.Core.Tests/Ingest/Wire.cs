using Google.Protobuf;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Hand-written protobuf bytes for tests that need layouts Google.Protobuf objects never produce.</summary>
internal static class Wire
{
    public static byte[] Build(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    public static void Message(CodedOutputStream output, int field, byte[] content)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
    }

    /// <summary>One unknown field of every wire type, numbered from 1000 so no OTLP message knows them.</summary>
    public static void UnknownFields(CodedOutputStream output)
    {
        output.WriteTag(1000, WireFormat.WireType.Varint);
        output.WriteUInt64(ulong.MaxValue);
        output.WriteTag(1001, WireFormat.WireType.Fixed64);
        output.WriteFixed64(42);
        output.WriteTag(1002, WireFormat.WireType.LengthDelimited);
        output.WriteString("ignored");
        output.WriteTag(1003, WireFormat.WireType.Fixed32);
        output.WriteFixed32(7);
        output.WriteTag(1004, WireFormat.WireType.StartGroup);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32(1);
        output.WriteTag(1005, WireFormat.WireType.StartGroup);
        output.WriteTag(1005, WireFormat.WireType.EndGroup);
        output.WriteTag(1004, WireFormat.WireType.EndGroup);
    }
}
