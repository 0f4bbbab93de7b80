using KafkaMetricsGen.Commands;

return await CommandLineFactory.Create().Parse(args).InvokeAsync();
