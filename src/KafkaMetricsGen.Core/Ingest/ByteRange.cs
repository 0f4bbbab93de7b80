namespace KafkaMetricsGen.Core.Ingest;

/// <summary>A range of <see cref="SpanBatch.Buffer"/>; strings stay UTF-8 bytes until a processor asks for one.</summary>
public readonly record struct ByteRange(int Offset, int Length)
{
    public bool IsEmpty => Length == 0;
}
