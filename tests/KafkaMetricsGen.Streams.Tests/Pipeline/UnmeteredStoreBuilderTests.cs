using System.Text;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Supplier;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Pipeline;

public sealed class UnmeteredStoreBuilderTests
{
    private const string Store = "s";
    private const string App = "unmetered";

    [Fact]
    public void A_task_gets_the_unmetered_store_and_its_writes_reach_the_changelog_as_streamiz_writes_them()
    {
        var ours = Run(Unmetered);
        var streamiz = Run(supplier => Stores.KeyValueStoreBuilder(supplier, new StringSerDes(), new ByteArraySerDes()).WithLoggingEnabled(new Dictionary<string, string>()));

        Assert.StartsWith(nameof(UnmeteredKeyValueStore<string, byte[]>)[..^2], ours.StoreType, StringComparison.Ordinal);
        Assert.DoesNotContain("Unmetered", streamiz.StoreType, StringComparison.Ordinal);
        Assert.Equal(["61:31", "62:35", "63:32", "62:null", "61:33"], ours.Changelog);
        Assert.Equal(streamiz.Changelog, ours.Changelog);
        Assert.Equal(streamiz.Contents, ours.Contents);
        Assert.Equal(["a=3", "c=2"], ours.Contents);
    }

    [Fact]
    public void The_store_reads_back_what_it_holds_by_key_range_and_in_reverse()
    {
        var result = Run(Unmetered);

        Assert.Equal(["get a=3", "get b=", "range a..c=a,c", "reverse=c,a", "count=2"], result.Reads);
    }

    [Fact]
    public void At_streamiz_debug_recording_level_the_task_gets_streamiz_metered_store_with_its_sensors()
    {
        var result = Run(Unmetered, MetricsRecordingLevel.DEBUG);

        Assert.DoesNotContain("Unmetered", result.StoreType, StringComparison.Ordinal);
        Assert.Equal(["a=3", "c=2"], result.Contents);
    }

    [Fact]
    public void Serdes_that_need_initialization_by_the_stream_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new UnmeteredStoreBuilder<int, byte[]>(Stores.InMemoryKeyValueStore(Store), new Int32SerDes(), new ByteArraySerDes()));

        Assert.Contains("string and byte-array serdes", error.Message, StringComparison.Ordinal);
    }

    private static IStoreBuilder Unmetered(IKeyValueBytesStoreSupplier supplier) =>
        new UnmeteredStoreBuilder<string, byte[]>(supplier, new StringSerDes(), new ByteArraySerDes()).WithLoggingEnabled(new Dictionary<string, string>());

    private static RunResult Run(Func<IKeyValueBytesStoreSupplier, IStoreBuilder> store, MetricsRecordingLevel recording = MetricsRecordingLevel.INFO)
    {
        var builder = new StreamBuilder();
        builder.Stream<string, string>("in")
            .Transform(
                TransformerBuilder.New<string, string, string, string>()
                    .Transformer<StoreWriter>()
                    .StateStore(store(Stores.InMemoryKeyValueStore(Store)))
                    .Build())
            .To("out");
        var config = new StreamConfig<StringSerDes, StringSerDes> { ApplicationId = App, MetricsRecording = recording };
        using var driver = new TopologyTestDriver(builder.Build(), config);
        var input = driver.CreateInputTopic<string, string>("in");
        var output = driver.CreateOutputTopic<string, string>("out");
        var changelog = driver.CreateOutputTopic<byte[], byte[], ByteArraySerDes, ByteArraySerDes>(StreamsNames.ChangelogTopic(App, Store));
        input.PipeInput("a", "1");
        input.PipeInput("b", "5");
        input.PipeInput("c", "2");
        input.PipeInput("b", "");
        input.PipeInput("a", "3");
        input.PipeInput("read", "");
        var records = output.ReadKeyValueList().ToList();
        var contents = driver.GetKeyValueStore<string, byte[]>(Store).All()
            .Select(kv => kv.Key + "=" + Encoding.UTF8.GetString(kv.Value))
            .ToList();
        var logged = changelog.ReadKeyValueList()
            .Select(r => Convert.ToHexString(r.Message.Key) + ":" + (r.Message.Value is null ? "null" : Convert.ToHexString(r.Message.Value)))
            .ToList();
        return new RunResult(records[0].Message.Value, [.. records.Skip(1).Select(r => r.Message.Value)], contents, logged);
    }

    private sealed record RunResult(string StoreType, IReadOnlyList<string> Reads, IReadOnlyList<string> Contents, IReadOnlyList<string> Changelog);

    /// <summary>Writes each record to the store (an empty value deletes); the key "read" reads it back instead.</summary>
    private sealed class StoreWriter : ITransformer<string, string, string, string>
    {
        private ProcessorContext<string, string>? _context;
        private IKeyValueStore<string, byte[]>? _store;
        private bool _typeSent;

        public void Init(ProcessorContext<string, string> context)
        {
            _context = context;
            _store = (IKeyValueStore<string, byte[]>)context.GetStateStore(Store);
        }

        public Record<string, string>? Process(Record<string, string> record)
        {
            var store = _store!;
            if (!_typeSent)
            {
                _typeSent = true;
                _context!.Forward("type", store.GetType().Name);
            }

            if (record.Key != "read")
            {
                if (record.Value.Length == 0)
                {
                    store.Delete(record.Key);
                }
                else
                {
                    store.Put(record.Key, Encoding.UTF8.GetBytes(record.Value));
                }

                return null;
            }

            _context!.Forward("read", "get a=" + Text(store.Get("a")));
            _context.Forward("read", "get b=" + Text(store.Get("b")));
            using (var range = store.Range("a", "c"))
            {
                var keys = new List<string>();
                while (range.MoveNext())
                {
                    keys.Add(range.Current!.Value.Key);
                }

                _context.Forward("read", "range a..c=" + string.Join(',', keys));
            }

            _context.Forward("read", "reverse=" + string.Join(',', store.ReverseAll().Select(kv => kv.Key)));
            _context.Forward("read", "count=" + store.All().Count());
            return null;
        }

        public void Close()
        {
        }

        private static string Text(byte[]? value) => value is null ? string.Empty : Encoding.UTF8.GetString(value);
    }
}
