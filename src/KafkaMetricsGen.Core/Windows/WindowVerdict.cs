namespace KafkaMetricsGen.Core.Windows;

/// <summary>Where an observation went, by its event time relative to the task's watermark.</summary>
public enum WindowVerdict
{
    /// <summary>Its own window, which is still open.</summary>
    OnTime = 0,

    /// <summary>Its own window, already closed for this task but within the allowed lateness.</summary>
    Late = 1,

    /// <summary>Too late for its own window: folded into the oldest open window.</summary>
    Folded = 2,

    /// <summary>Too far in the future: not recorded.</summary>
    RejectedFuture = 3,
}
