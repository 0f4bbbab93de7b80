namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The sinks of one aggregate task (see <see cref="IDurableTenantSinks"/>).</summary>
public interface ITaskSinks : ITenantSinks
{
    /// <summary>
    /// Removes from the task's store the windows the sending side has finished with. Store writes belong to the
    /// stream thread, so the sender only marks windows and the task's punctuator calls this.
    /// </summary>
    /// <returns>How many windows were removed from the store.</returns>
    int Acknowledge();
}
