namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// What an immutable label set last reached in a <see cref="DeltaRegistry"/>: the open window and, per metric, the delta
/// it updated there. A repeated observation then skips the window's hash lookup and the label comparison. The memo holds
/// while the window is the same object and has not been drained since (its generation); anything else is a miss that
/// runs the reference path and refills the memo. Only a label set whose arrays never change may carry one
/// (<see cref="Processors.Shared.LabelSetCache"/> gives it to the sets it keeps); a sanitized or limited set is a new set
/// without one, so the memo never bypasses the sanitizer or the limiter.
/// </summary>
public sealed class SeriesMemo
{
    internal object? Window { get; set; }

    internal int Generation { get; set; }

    internal SeriesDelta?[] Deltas { get; set; } = [];
}
