namespace KafkaMetricsGen.Core.Windows;

/// <summary>
/// Assigns observations to event-time windows for one task and keeps its watermark (the highest accepted event time,
/// or the wall clock when the caller says the task is idle). Rules (docs/architecture.md, "Time semantics"): an observation
/// whose window is open goes there; a later one goes to its own closed window while it is within the allowed lateness
/// behind the watermark (downstream folds it if that window was already written), otherwise to the oldest open window;
/// one further ahead than the clock + slack is rejected and never moves the watermark. The bound is the clock, not the
/// watermark: otherwise spans each a slack ahead of the last could walk the watermark arbitrarily far past the clock.
/// Not thread-safe.
/// </summary>
public sealed class WindowAssigner
{
    private readonly long _intervalMs;
    private readonly long _graceMs;
    private readonly long _latenessMs;
    private readonly long _slackMs;
    private readonly TimeProvider _time;
    private readonly bool _followsObservations;

    // clock + slack at the last clock read: the clock only moves forward, so anything at or below it is not in the future.
    private long _futureBoundMs = long.MinValue;

    /// <param name="followsObservations">
    /// True (one task's assigner): an accepted observation past the watermark moves it. False: only
    /// <see cref="Advance"/> moves it, for an assigner that several tasks share, whose watermark is the lowest of theirs.
    /// </param>
    public WindowAssigner(TimeSpan interval, TimeSpan grace, TimeSpan allowedLateness, TimeSpan futureSlack, TimeProvider time, bool followsObservations = true)
    {
        _followsObservations = followsObservations;
        _intervalMs = (long)interval.TotalMilliseconds;
        _graceMs = (long)grace.TotalMilliseconds;
        _latenessMs = (long)allowedLateness.TotalMilliseconds;
        _slackMs = (long)futureSlack.TotalMilliseconds;
        _time = time;
    }

    /// <summary>Highest accepted event time in ms, or <see cref="long.MinValue"/> before the first observation.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    public long IntervalMs => _intervalMs;

    public long GraceMs => _graceMs;

    /// <summary>Moves the watermark forward (never back), e.g. to the wall clock when the task is caught up and idle.</summary>
    public void Advance(long watermarkMs)
    {
        if (watermarkMs > WatermarkMs)
        {
            WatermarkMs = watermarkMs;
        }
    }

    /// <summary>
    /// True when <paramref name="eventTimeMs"/> is more than the slack ahead of the clock. The clock is read only for
    /// event times past the bound of the previous read (rare once the stream runs).
    /// </summary>
    public bool IsFuture(long eventTimeMs)
    {
        if (eventTimeMs <= _futureBoundMs)
        {
            return false;
        }

        _futureBoundMs = _time.GetUtcNow().ToUnixTimeMilliseconds() + _slackMs;
        return eventTimeMs > _futureBoundMs;
    }

    /// <summary>Decides the window of an observation and advances the watermark when it is accepted.</summary>
    public WindowVerdict Assign(long eventTimeMs, out long windowEndMs)
    {
        if (IsFuture(eventTimeMs))
        {
            windowEndMs = 0;
            return WindowVerdict.RejectedFuture;
        }

        var watermark = WatermarkMs;
        windowEndMs = EventTimeWindows.EndOf(eventTimeMs, _intervalMs);
        if (watermark == long.MinValue || !EventTimeWindows.IsClosed(windowEndMs, watermark, _graceMs))
        {
            if (_followsObservations && eventTimeMs > watermark)
            {
                WatermarkMs = eventTimeMs;
            }

            return WindowVerdict.OnTime;
        }

        if (watermark - eventTimeMs <= _latenessMs)
        {
            return WindowVerdict.Late;
        }

        windowEndMs = EventTimeWindows.OldestOpenEnd(watermark, _intervalMs, _graceMs);
        return WindowVerdict.Folded;
    }
}
