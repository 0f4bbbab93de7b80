namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Decodes one input record (key and value bytes) of one codec into a <see cref="SpanBatch"/>. Never throws on bad
/// input: a failure is a <see cref="DecodeResult"/> with a reason from <see cref="DecodeFailureReasons"/>. Decoders that
/// know the tenant (push-bytes: the record key) set <see cref="SpanBatch.Tenant"/>; the others leave it empty for the
/// caller (header or default tenant). One instance per thread.
/// </summary>
public interface ISpanBatchDecoder
{
    /// <summary>The codec name (<see cref="Codecs"/>).</summary>
    string Codec { get; }

    DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch);
}
