namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>Options of the local-blocks processor (YAML <c>metrics_generator.processor.local_blocks</c>).</summary>
public sealed class LocalBlocksOptions
{
    /// <summary><c>complete_block_timeout</c>: retention, and the oldest start a query may ask for.</summary>
    public TimeSpan CompleteBlockTimeout { get; set; } = LocalBlocksDefaults.CompleteBlockTimeout;

    /// <summary><c>max_block_duration</c>: time span of one store segment (segments are the unit of retention).</summary>
    public TimeSpan MaxBlockDuration { get; set; } = LocalBlocksDefaults.MaxBlockDuration;

    /// <summary>
    /// <c>max_block_bytes</c>: here the bound of one tenant's whole store; the oldest segments are dropped (and counted)
    /// beyond it. Tempo uses the key to cut head blocks, and bounds the disk by retention alone.
    /// </summary>
    public long MaxBlockBytes { get; set; } = LocalBlocksDefaults.MaxBlockBytes;

    /// <summary><c>filter_server_spans</c>: keep only spans of kind SERVER or without a parent.</summary>
    public bool FilterServerSpans { get; set; } = LocalBlocksDefaults.FilterServerSpans;

    /// <summary><c>metrics_generator.traces_storage.path</c>: one RocksDB directory per tenant below it.</summary>
    public string Path { get; set; } = LocalBlocksDefaults.Path;

    public void Validate()
    {
        if (CompleteBlockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(LocalBlocksSchema.Path(LocalBlocksSchema.CompleteBlockTimeout) + ": must be > 0");
        }

        if (MaxBlockDuration <= TimeSpan.Zero || MaxBlockDuration > CompleteBlockTimeout)
        {
            throw new ArgumentException(LocalBlocksSchema.Path(LocalBlocksSchema.MaxBlockDuration) + ": must be > 0 and not longer than complete_block_timeout");
        }

        if (MaxBlockBytes <= 0)
        {
            throw new ArgumentException(LocalBlocksSchema.Path(LocalBlocksSchema.MaxBlockBytes) + ": must be > 0");
        }

        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("metrics_generator.traces_storage.path: must be set");
        }
    }
}
