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

    /// <summary>
    /// Decodes the first <paramref name="length"/> bytes of <paramref name="value"/>; a decoder that can walk them in place
    /// lends them to the batch (<see cref="SpanBatch.BorrowBuffer"/>), so they must not change until the batch is reset.
    /// </summary>
    DecodeResult Decode(ReadOnlySpan<byte> key, byte[] value, int length, SpanBatch batch) => Decode(key, value.AsSpan(0, length), batch);
}
