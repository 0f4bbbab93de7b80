namespace KafkaMetricsGen.Offline;

/// <summary>Defaults of the offline <c>process</c> command.</summary>
public static class ProcessDefaults
{
    /// <summary>Files carry no record key or header, so the tenant is this unless <c>--tenant</c> says otherwise.</summary>
    public const string Tenant = "single-tenant";

    /// <summary>
    /// Offline, staleness and lateness are switched off by setting them to this many days: every series is reported with
    /// its final value however far apart the input's timestamps are.
    /// </summary>
    public const int UnboundedDays = 365 * 100;

    /// <summary>How far past <c>wait</c> the clock moves at the end, seconds: Tempo rounds expiry times to whole seconds.</summary>
    public const int ExpiryMarginSeconds = 2;

    /// <summary>Exit code of a successful run.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for an undecodable input file or a failed remote write (a bad flag or config exits 2).</summary>
    public const int ExitFailed = 1;
}
