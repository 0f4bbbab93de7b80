using System.Text;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// UTF-8 text rules shared by the decoders and the label pipeline. Span data is bytes and may be invalid UTF-8;
/// Tempo keeps such bytes and rejects the label set later (<c>invalid_utf8</c>). To keep that behaviour with .NET strings,
/// each byte of an invalid sequence decodes to a lone low surrogate U+DC80..U+DCFF ("surrogate escape"): the text survives,
/// its UTF-8 length is still one byte per invalid byte, and <see cref="IsValid"/> finds it.
/// </summary>
public static class Utf8Text
{
    private const char EscapeBase = '\uDC00';

    /// <summary>Decodes UTF-8, escaping invalid bytes instead of replacing them.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                consumed = 1;
                builder.Append((char)(EscapeBase + bytes[0]));
            }

            bytes = bytes[consumed..];
        }

        return builder.ToString();
    }

    /// <summary>True when the text is valid UTF-8 once encoded: no escaped bytes and no lone surrogates.</summary>
    public static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>The number of bytes the text had as UTF-8 (an escaped byte counts one).</summary>
    public static int ByteCount(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                count += 1;
            }
            else if (c < 0x800)
            {
                count += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                count += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                count += 1;
            }
            else
            {
                count += 3;
            }
        }

        return count;
    }

    /// <summary>
    /// Cuts the text to at most <paramref name="maxBytes"/> UTF-8 bytes, as Go slices a string: a cut through a
    /// multi-byte character leaves its first bytes, escaped, so the result is then invalid (<see cref="IsValid"/>).
    /// </summary>
    public static string TruncateBytes(string text, int maxBytes)
    {
        if (text.Length * 3 <= maxBytes || ByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = new byte[ByteCount(text)];
        var length = Encode(text, bytes);
        return Decode(bytes.AsSpan(0, Math.Min(length, maxBytes)));
    }

    /// <summary>Encodes to UTF-8, turning escaped bytes back into the bytes they stand for; returns the length written.</summary>
    public static int Encode(string text, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= '\uDC80' && c <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                destination[written++] = (byte)(c - EscapeBase);
                continue;
            }

            var take = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            written += Encoding.UTF8.GetBytes(text.AsSpan(i, take), destination[written..]);
            i += take - 1;
        }

        return written;
    }
}
