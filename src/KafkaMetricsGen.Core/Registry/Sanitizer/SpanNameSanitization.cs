namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>The per-tenant <c>span_name_sanitization</c> mode.</summary>
public enum SpanNameSanitization
{
    /// <summary><c>""</c>: span names pass unchanged and are not clustered.</summary>
    Disabled,

    /// <summary><c>dry_run</c>: names are clustered and counted, but pass unchanged.</summary>
    DryRun,

    /// <summary><c>enabled</c>: a clustered name is replaced by its pattern.</summary>
    Enabled,
}
