using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Offline;

/// <summary>The arguments of <c>process</c>.</summary>
public sealed class ProcessOptions
{
    /// <summary><c>--config</c>: a YAML file with Tempo's <c>metrics_generator:</c> block (and optionally <c>overrides:</c>).</summary>
    public required string ConfigPath { get; init; }

    /// <summary><c>--format</c>: <c>otlp_json</c>, <c>otlp_proto</c> or <c>push-bytes</c>.</summary>
    public required string Format { get; init; }

    /// <summary><c>--tenant</c>.</summary>
    public string Tenant { get; init; } = ProcessDefaults.Tenant;

    /// <summary><c>--timestamps</c>: print each sample's millisecond timestamp.</summary>
    public bool Timestamps { get; init; }

    /// <summary><c>--remote-write</c>: send every window's samples there instead of printing the final values.</summary>
    public string? RemoteWriteUrl { get; init; }

    /// <summary><c>--remote-write-config</c>: send through the configuration's <c>storage.remote_write</c> entries (auth, TLS,
    /// proxy, queue settings and the tenant's overrides), to check them against the receiver.</summary>
    public bool RemoteWriteConfig { get; init; }

    /// <summary><c>--skip-invalid</c>: continue past undecodable files and report how many there were.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>The input files, in order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public void Validate()
    {
        if (!SpanBatchDecoders.Names.Contains(Format))
        {
            throw new ArgumentException($"--format: unknown value '{Format}', expected one of {string.Join(", ", SpanBatchDecoders.Names)}");
        }

        if (string.IsNullOrEmpty(Tenant))
        {
            throw new ArgumentException("--tenant: must not be empty");
        }

        if (RemoteWriteUrl is not null
            && (!Uri.TryCreate(RemoteWriteUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"--remote-write: must be an absolute http or https URL, got '{RemoteWriteUrl}'");
        }

        if (RemoteWriteConfig && RemoteWriteUrl is not null)
        {
            throw new ArgumentException("--remote-write-config: cannot be combined with --remote-write (one sends through the configured entries, the other to one URL)");
        }

        if (Files.Count == 0)
        {
            throw new ArgumentException("FILES: at least one input file is needed");
        }
    }
}
