using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Logging;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Commands;

/// <summary><c>generate</c>: writes synthetic shop traces to a Kafka topic (the trace producer of the compose stack).</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap-servers", "--bootstrap-server") { Description = "Kafka bootstrap servers, host:port[,host:port]", Required = true };
        var topic = new Option<string>("--topic") { Description = "Topic to write to (it must exist)", Required = true };
        var rate = new Option<double>("--rate") { Description = "Traces per second (0 = as fast as possible)", DefaultValueFactory = _ => 20 }.AtLeast(0);
        var perRecord = new Option<int>("--traces-per-record") { Description = "Traces per Kafka record", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var codec = new Option<string>("--codec") { Description = "Record encoding: otlp_proto, otlp_json or push-bytes", DefaultValueFactory = _ => Codecs.OtlpProto }.OneOf(Codecs.OtlpProto, Codecs.OtlpJson, Codecs.PushBytes);
        var tenant = new Option<string>("--tenant") { Description = "Tenant (record key for push-bytes, else the tenant header)", DefaultValueFactory = _ => "single-tenant" };
        var count = new Option<long>("--count") { Description = "Stop after this many traces (0 = run until Ctrl-C)", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var errorRate = new Option<double>("--error-rate") { Description = "Share of payment calls that fail, 0..1", DefaultValueFactory = _ => SyntheticTraceDefaults.PaymentErrorRate };
        var deliveryTimeout = new Option<TimeSpan>("--delivery-timeout")
        {
            Description = "How long a record may wait for the broker's acknowledgement before it counts as not delivered (e.g. 30s, 2m); the exit waits for all of them at most this long",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
            CustomParser = r => DurationParser.Parse(r) ?? TimeSpan.Zero,
        };

        var command = new Command("generate", "Write synthetic traces of a small shop system (frontend, checkout, payments, inventory with a database, a queue with a consumer) to Kafka.");
        foreach (var option in new Option[] { bootstrap, topic, rate, perRecord, codec, tenant, count, errorRate, deliveryTimeout })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new SyntheticProducerOptions
            {
                BootstrapServers = result.GetValue(bootstrap)!,
                Topic = result.GetValue(topic)!,
                TracesPerSecond = result.GetValue(rate),
                TracesPerRecord = result.GetValue(perRecord),
                Codec = result.GetValue(codec)!,
                Tenant = result.GetValue(tenant)!,
                MaxTraces = result.GetValue(count),
                DeliveryTimeout = result.GetValue(deliveryTimeout),
            };
            try
            {
                using var loggers = LoggerFactory.Create(b => WorkerLogging.Configure(b, ServerDefaults.LogLevel, ServerDefaults.LogFormat));
                using var producer = new SyntheticProducer(options, new SyntheticTraceOptions { PaymentErrorRate = result.GetValue(errorRate) }, log: new KafkaClientLog(loggers));
                await producer.RunAsync(cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"delivered {producer.TracesDelivered} traces ({producer.SpansDelivered} spans, {producer.RecordsDelivered} records) to {options.Topic}").ConfigureAwait(false);
                if (producer.RecordsNotDelivered == 0)
                {
                    return 0;
                }

                await Console.Error.WriteLineAsync($"error: not delivered: {producer.RecordsNotDelivered} of {producer.RecordsWritten} records ({producer.TracesNotDelivered} traces) to {options.Topic} on {options.BootstrapServers}: {producer.FirstDeliveryError ?? "no acknowledgement within --delivery-timeout"}").ConfigureAwait(false);
                return 1;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + CommandLineRunner.Message(e)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
