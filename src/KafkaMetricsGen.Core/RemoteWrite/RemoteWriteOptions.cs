namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The remote-write part of <c>metrics_generator.storage</c>.</summary>
public sealed class RemoteWriteOptions
{
    /// <summary>YAML <c>remote_write</c>: the endpoints every tenant writes to (each gets its own queue).</summary>
    public List<RemoteWriteEndpointOptions> RemoteWrite { get; set; } = [];

    /// <summary>YAML <c>remote_write_add_org_id_header</c>: send <c>X-Scope-OrgID: &lt;tenant&gt;</c>.</summary>
    public bool AddOrgIdHeader { get; set; } = RemoteWriteDefaults.AddOrgIdHeader;

    /// <summary>YAML <c>remote_write_flush_deadline</c>: how long shutdown keeps sending.</summary>
    public TimeSpan FlushDeadline { get; set; } = TimeSpan.FromSeconds(RemoteWriteDefaults.FlushDeadlineSeconds);

    public void Validate()
    {
        if (FlushDeadline < TimeSpan.Zero)
        {
            throw new ArgumentException($"{RemoteWriteConfigKeys.FlushDeadline}: must not be negative");
        }

        for (var i = 0; i < RemoteWrite.Count; i++)
        {
            RemoteWrite[i].Validate($"{RemoteWriteConfigKeys.RemoteWrite}[{i}]");
        }
    }
}
