# Multi-stage build of the worker. The runtime image runs as the unprivileged "app" user and keeps its RocksDB state
# in a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props KafkaMetricsGen.sln .editorconfig ./
COPY src/ src/
RUN dotnet publish src/KafkaMetricsGen/KafkaMetricsGen.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /var/lib/kafka-metrics-gen && chown app:app /var/lib/kafka-metrics-gen
VOLUME ["/var/lib/kafka-metrics-gen"]
USER app
EXPOSE 8080
ENTRYPOINT ["/app/kafka-metrics-gen"]
CMD ["demo", "--http", "0.0.0.0:8080"]
