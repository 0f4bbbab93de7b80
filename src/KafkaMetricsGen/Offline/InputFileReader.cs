using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Offline;

/// <summary>
/// Decodes one input file as one record of the chosen codec. Files carry no key, so the tenant given here stands in
/// for the record key (push-bytes needs one) and is set on every batch.
/// An <c>otlp_json</c> file that is not one JSON document is also tried as JSON lines, one request per line, as the
/// OpenTelemetry Collector's file exporter writes them.
/// </summary>
public sealed class InputFileReader
{
    private readonly ISpanBatchDecoder _decoder;
    private readonly SpanBatch _batch = new();
    private readonly byte[] _key;
    private readonly string _tenant;

    public InputFileReader(string format, string tenant)
    {
        _decoder = SpanBatchDecoders.Create(format);
        _tenant = tenant;
        _key = System.Text.Encoding.UTF8.GetBytes(tenant);
    }

    /// <summary>Pushes every batch of the file to <paramref name="consumer"/>; on failure nothing was pushed and the reason is returned.</summary>
    public string? Read(string path, Action<SpanBatch> consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot read the file: " + e.Message;
        }

        var whole = _decoder.Decode(_key, content, _batch);
        if (whole.Success)
        {
            _batch.Tenant = _tenant;
            consumer(_batch);
            return null;
        }

        if (_decoder.Codec != Codecs.OtlpJson || !TrySplitLines(content, out var lines))
        {
            return whole.ToString();
        }

        // Decode every line first, so a bad line leaves no partial input behind.
        foreach (var (start, length) in lines)
        {
            var line = _decoder.Decode(_key, content.AsSpan(start, length), _batch);
            if (!line.Success)
            {
                return whole.ToString();
            }
        }

        foreach (var (start, length) in lines)
        {
            _decoder.Decode(_key, content.AsSpan(start, length), _batch);
            _batch.Tenant = _tenant;
            consumer(_batch);
        }

        return null;
    }

    private static bool TrySplitLines(byte[] content, out List<(int Start, int Length)> lines)
    {
        lines = [];
        var start = 0;
        for (var i = 0; i <= content.Length; i++)
        {
            if (i < content.Length && content[i] != (byte)'\n')
            {
                continue;
            }

            var span = content.AsSpan(start, i - start).Trim(" \t\r"u8);
            if (span.Length > 0)
            {
                lines.Add((start, i - start));
            }

            start = i + 1;
        }

        return lines.Count > 1;
    }
}
