using KafkaMetricsGen.Commands;

return await CommandLineRunner.RunAsync(args);
