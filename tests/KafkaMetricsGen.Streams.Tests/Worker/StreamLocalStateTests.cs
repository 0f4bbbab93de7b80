using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class StreamLocalStateTests : IDisposable
{
    private const string ApplicationId = "app";

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-local-state-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public void Under_exactly_once_state_a_process_left_without_a_clean_stop_is_deleted_at_start()
    {
        var state = Create(exactlyOnce: true);
        var store = LeaveStore(state);

        state.BeforeStart();

        Assert.False(File.Exists(store));
        Assert.False(Directory.Exists(state.Directory));
    }

    [Fact]
    public void Under_exactly_once_state_left_by_a_clean_stop_is_kept_and_the_marker_goes_while_a_process_runs()
    {
        var state = Create(exactlyOnce: true);
        var store = LeaveStore(state);
        state.StoppedCleanly();

        var next = Create(exactlyOnce: true);
        next.BeforeStart();

        Assert.True(File.Exists(store));
        Assert.False(File.Exists(next.CleanStopMarker));

        // Killed now: the next start deletes it.
        Create(exactlyOnce: true).BeforeStart();
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void A_stop_after_an_aborted_transaction_is_not_clean()
    {
        var state = Create(exactlyOnce: true);
        var store = LeaveStore(state);
        state.MarkAborted();
        state.StoppedCleanly();

        Assert.False(File.Exists(state.CleanStopMarker));
        Create(exactlyOnce: true).BeforeStart();
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void Under_at_least_once_state_is_kept_whatever_the_last_stop()
    {
        var state = Create(exactlyOnce: false);
        var store = LeaveStore(state);

        state.BeforeStart();

        Assert.True(File.Exists(store));
    }

    [Fact]
    public void A_first_start_on_a_state_dir_that_does_not_exist_yet_starts()
    {
        var state = new StreamLocalState(Path.Combine(_stateDir, "not-yet"), ApplicationId, exactlyOnce: true, NullLogger.Instance);

        state.BeforeStart();
        state.StoppedCleanly();

        Assert.True(File.Exists(state.CleanStopMarker));
    }

    private StreamLocalState Create(bool exactlyOnce) => new(_stateDir, ApplicationId, exactlyOnce, NullLogger.Instance);

    /// <summary>A task directory with a store file in it, as Streamiz leaves them.</summary>
    private static string LeaveStore(StreamLocalState state)
    {
        var task = Directory.CreateDirectory(Path.Combine(state.Directory, "1-0", "rocksdb", "series-store")).FullName;
        var file = Path.Combine(task, "000001.log");
        File.WriteAllText(file, "written before the kill");
        return file;
    }
}
