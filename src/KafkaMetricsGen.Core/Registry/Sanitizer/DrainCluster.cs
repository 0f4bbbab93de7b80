namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>One span-name pattern: its tokens, some replaced by <see cref="Drain.Param"/> where its names differ.</summary>
internal sealed class DrainCluster(int id, string[] tokens)
{
    private string? _text;

    public int Id { get; } = id;

    public string[] Tokens { get; } = tokens;

    /// <summary>False once the cluster was evicted from the cache; names memoized against it are trained again.</summary>
    public bool Live { get; set; } = true;

    /// <summary>The pattern, e.g. <c>GET /users/&lt;_&gt;</c>.</summary>
    public string Text => _text ??= DrainTokenizer.Join(Tokens);

    /// <summary>Widens the pattern: every token that differs from <paramref name="tokens"/> becomes the parameter.</summary>
    public void Ingest(List<string> tokens)
    {
        for (var i = 0; i < Tokens.Length; i++)
        {
            if (!string.Equals(tokens[i], Tokens[i], StringComparison.Ordinal) && !string.Equals(Tokens[i], Drain.Param, StringComparison.Ordinal))
            {
                Tokens[i] = Drain.Param;
                _text = null;
            }
        }
    }

    /// <summary>The share of tokens equal to <paramref name="tokens"/> (parameters do not count) and the parameter count.</summary>
    public (double Similarity, int Params) Distance(List<string> tokens)
    {
        var similar = 0;
        var parameters = 0;
        for (var i = 0; i < Tokens.Length; i++)
        {
            if (string.Equals(Tokens[i], Drain.Param, StringComparison.Ordinal))
            {
                parameters++;
            }
            else if (string.Equals(Tokens[i], tokens[i], StringComparison.Ordinal))
            {
                similar++;
            }
        }

        return ((double)similar / Tokens.Length, parameters);
    }
}
