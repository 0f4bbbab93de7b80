using KafkaMetricsGen.Configuration;

namespace KafkaMetricsGen.Tests.Configuration;

public sealed partial class WorkerConfigSchemaKeysTests
{
    private const string Refused = "Tests/Commands/ConfigCheckCommandTests.A_tempo_key_whose_behaviour_the_worker_lacks_is_refused_naming_it_and_why";
    private const string Ignored = "Tests/Commands/ConfigCheckCommandTests.A_key_for_machinery_the_worker_replaces_is_reported_as_ignored_and_left_out_of_the_effective_configuration";
    private const string Run = "Tests/Commands/RunCommandTests.Runs_the_worker_from_a_config_file_into_prometheus_and_stops_cleanly_on_sigterm";
    private const string StreamConfig = "Streams.Tests/Worker/KafkaWorkerConfigTests.The_worker_settings_reach_the_stream_config";
    private const string SpanMetrics = "Core.Tests/Processors/SpanMetrics/SpanMetricsProcessorTests";
    private const string ServiceGraphs = "Core.Tests/Processors/ServiceGraphs/ServiceGraphsProcessorTests";
    private const string Expiry = "Core.Tests/Processors/ServiceGraphs/ServiceGraphsProcessorExpiryTests";
    private const string LocalBlocks = "Core.Tests/Processors/LocalBlocks/LocalBlocksProcessorTests";
    private const string HostInfo = "Core.Tests/Processors/HostInfo/HostInfoProcessorTests";
    private const string Windows = "Core.Tests/Windows/WindowAssignerTests";
    private const string Accumulator = "Core.Tests/Registry/SeriesAccumulatorTests";
    private const string Registry = "Core.Tests/Registry/InProcessRegistryTests";
    private const string AggregateReload = "Streams.Tests/Aggregate/AggregateEngineReloadTests.Each_registry_override_changed_while_running_acts_from_the_next_window_and_keeps_the_counts";
    private const string Overlay = "Core.Tests/Tenancy/TenantSettingsResolverTests.Processor_keys_replace_the_configured_ones_and_intrinsic_dimensions_merge_by_key";

    private const string Sm = "metrics_generator.processor.span_metrics.";
    private const string Sg = "metrics_generator.processor.service_graphs.";
    private const string Lb = "metrics_generator.processor.local_blocks.";
    private const string Mg = "metrics_generator.";
    private const string Tenant = "overrides.defaults.metrics_generator.";

    /// <summary>
    /// Key path (or a subtree ending in <c>.*</c>) → the test that shows its effect, written
    /// <c>&lt;project suffix&gt;/&lt;folder&gt;/&lt;Class&gt;.&lt;Method&gt;</c>. A per-tenant processor key is covered by the test
    /// of the key it replaces plus the overlay test.
    /// </summary>
    private static readonly Dictionary<string, string> KeyTests = WithTempoSections(new(StringComparer.Ordinal)
    {
        [Sm + "histogram_buckets"] = SpanMetrics + ".Rules.Sorts_the_histogram_buckets",
        [Sm + "intrinsic_dimensions.service"] = SpanMetrics + ".Rules.Turns_off_every_intrinsic_leaving_custom_dimensions",
        [Sm + "intrinsic_dimensions.span_name"] = SpanMetrics + ".Rules.Turns_off_every_intrinsic_leaving_custom_dimensions",
        [Sm + "intrinsic_dimensions.span_kind"] = SpanMetrics + ".Rules.Turns_off_every_intrinsic_leaving_custom_dimensions",
        [Sm + "intrinsic_dimensions.status_code"] = SpanMetrics + ".Rules.Turns_off_every_intrinsic_leaving_custom_dimensions",
        [Sm + "intrinsic_dimensions.status_message"] = SpanMetrics + ".Adds_custom_dimensions_and_status_message_without_absent_ones",
        [Sm + "dimensions"] = SpanMetrics + ".Adds_custom_dimensions_and_status_message_without_absent_ones",
        [Sm + "dimension_mappings"] = SpanMetrics + ".Joins_dimension_mapping_sources",
        [Sm + "dimension_mappings[].*"] = SpanMetrics + ".Joins_dimension_mapping_sources",
        [Sm + "enable_target_info"] = SpanMetrics + ".TargetInfo.Writes_target_info_with_job_and_instance_on_span_metrics_too",
        [Sm + "target_info_excluded_dimensions"] = SpanMetrics + ".TargetInfo.Leaves_excluded_dimensions_out_of_target_info",
        [Sm + "enable_instance_label"] = SpanMetrics + ".TargetInfo.Drops_the_instance_label_everywhere_when_disabled",
        [Sm + "span_multiplier_key"] = SpanMetrics + ".Rules.Weights_calls_and_latency_by_the_multiplier_but_not_the_size",
        [Sm + "enable_tracestate_span_multiplier"] = SpanMetrics + ".Rules.Uses_the_tracestate_multiplier_when_enabled",
        [Sm + "filter_policies"] = SpanMetrics + ".Filters.Applies_filter_policies_and_counts_the_dropped_spans",
        [Sm + "filter_policies[].*"] = SpanMetrics + ".Filters.Applies_filter_policies_and_counts_the_dropped_spans",

        [Sg + "wait"] = Expiry + ".Edges_wait_until_their_expiration_second",
        [Sg + "max_items"] = ServiceGraphs + ".A_full_store_drops_new_spans_and_counts_them",
        [Sg + "workers"] = Ignored,
        [Sg + "histogram_buckets"] = ServiceGraphs + ".Queue_database_trace_gives_Tempos_counts_and_latencies",
        [Sg + "dimensions"] = ServiceGraphs + ".Prefix_mode_labels_each_side_with_its_own_dimension_values",
        [Sg + "enable_client_server_prefix"] = ServiceGraphs + ".Prefix_mode_labels_each_side_with_its_own_dimension_values",
        [Sg + "enable_messaging_system_latency_histogram"] = ServiceGraphs + ".Queue_database_trace_gives_Tempos_counts_and_latencies",
        [Sg + "peer_attributes"] = Expiry + ".Peer_attributes_choose_the_attribute_that_names_the_virtual_server",
        [Sg + "span_multiplier_key"] = ServiceGraphs + ".The_multiplier_comes_from_the_side_that_arrived_last",
        [Sg + "enable_tracestate_span_multiplier"] = ServiceGraphs + ".The_tracestate_threshold_of_the_last_side_extrapolates_the_edge",
        [Sg + "enable_virtual_node_label"] = Expiry + ".Unpaired_edges_become_virtual_nodes_on_expiry",
        [Sg + "database_name_attributes"] = ServiceGraphs + ".Database_name_attributes_choose_the_node_name",
        [Sg + "filter_policies"] = ServiceGraphs + ".Filter_policies_decide_which_spans_take_part",
        [Sg + "filter_policies[].*"] = ServiceGraphs + ".Filter_policies_decide_which_spans_take_part",

        [Lb + "block"] = Refused,
        [Lb + "search"] = Refused,
        [Lb + "flush_check_period"] = Refused,
        [Lb + "trace_idle_period"] = Refused,
        [Lb + "trace_live_period"] = Refused,
        [Lb + "max_block_duration"] = LocalBlocks + ".Max_block_duration_sets_the_width_of_a_store_segment",
        [Lb + "max_block_bytes"] = LocalBlocks + ".The_oldest_segments_go_when_the_store_exceeds_max_block_bytes",
        [Lb + "concurrency"] = Refused,
        [Lb + "complete_block_timeout"] = LocalBlocks + ".Segments_older_than_complete_block_timeout_are_dropped_and_counted",
        [Lb + "max_live_traces"] = Refused,
        [Lb + "max_live_traces_bytes"] = Refused,
        [Lb + "filter_server_spans"] = LocalBlocks + ".Keeps_every_span_when_the_server_filter_is_off",
        [Lb + "flush_to_storage"] = Refused,
        [Lb + "concurrent_blocks"] = Refused,
        [Lb + "time_overlap_cutoff"] = Refused,
        [Mg + "processor.host_info.host_identifiers"] = HostInfo + ".Uses_the_configured_identifiers_and_metric_name",
        [Mg + "processor.host_info.metric_name"] = HostInfo + ".Uses_the_configured_identifiers_and_metric_name",

        [Mg + "registry.collection_interval"] = Windows + ".Windows_are_aligned_to_the_epoch_and_end_exclusive",
        [Mg + "registry.stale_duration"] = Accumulator + ".A_series_not_updated_for_the_stale_duration_gets_a_staleness_marker_and_is_dropped",
        [Mg + "registry.external_labels"] = Registry + ".External_labels_override_span_labels_and_the_tenant_label_overrides_both",
        [Mg + "registry.inject_tenant_id_as"] = Registry + ".External_labels_override_span_labels_and_the_tenant_label_overrides_both",
        [Mg + "registry.max_label_name_length"] = Registry + ".Label_limits_of_the_options_apply_to_the_label_builder",
        [Mg + "registry.max_label_value_length"] = Registry + ".Label_limits_of_the_options_apply_to_the_label_builder",
        [Mg + "registry.limiter_type"] = "Streams.Tests/Aggregate/TenantSeriesLimitTests.A_tenant_over_its_limit_writes_no_more_than_the_limit_over_all_series_partitions",
        [Mg + "registry.window_grace"] = Windows + ".A_window_stays_open_until_the_watermark_reaches_its_end_plus_grace",
        [Mg + "registry.allowed_lateness"] = Windows + ".An_observation_beyond_the_allowed_lateness_is_folded_into_the_oldest_open_window",
        [Mg + "registry.future_slack"] = Windows + ".An_observation_too_far_ahead_of_the_clock_and_watermark_is_rejected",

        [Mg + "storage.path"] = Ignored,
        [Mg + "storage.wal"] = Ignored,
        [Mg + "storage.remote_write_flush_deadline"] = "Core.Tests/RemoteWrite/RemoteWriteQueueTests.Retries_an_unreachable_endpoint_until_the_flush_deadline_and_counts_the_rest_as_dropped",
        [Mg + "storage.remote_write_add_org_id_header"] = "Core.Tests/RemoteWrite/RemoteWriteEndpointTests.Sends_no_org_id_when_the_option_is_off",
        [Mg + "metrics_ingestion_time_range_slack"] = "Core.Tests/Tenancy/TenantSettingsResolverTests.Tempos_ingestion_slack_becomes_the_future_slack_and_the_allowed_lateness_and_a_tenants_own_wins",
        [Mg + "ring"] = Ignored,
        [Mg + "traces_storage.path"] = LocalBlocks + ".Spans_survive_a_restart",
        [Mg + "traces_query_storage"] = Ignored,
        [Mg + "query_timeout"] = Refused,
        [Mg + "override_ring_key"] = Ignored,
        [Mg + "instance_id"] = Ignored,
        [Mg + "ring_mode"] = Ignored,
        [Mg + "ingest_concurrency"] = Ignored,
        [Mg + "leave_consumer_group_on_shutdown"] = Ignored,
        [Mg + "skip_stale_backlog_on_startup"] = Refused,
        [Mg + "codec"] = IngestTests + ".The_generators_otlp_codec_is_the_record_codec_of_the_ingest_topic",

        ["kafka.bootstrap_servers"] = Run,
        ["kafka.application_id"] = Run,
        ["kafka.topics"] = Run,
        ["kafka.topics[].name"] = Run,
        ["kafka.topics[].codec"] = "Streams.Tests/EndToEnd/TempoFixturesToPrometheusTests.Fixtures_in_both_record_formats_end_in_prometheus_with_tempos_values",
        ["kafka.topics[].trace_partitioned"] = "Tests/Topology/TopologyFilesTests.A_trace_partitioned_input_has_no_spans_by_trace_hop",
        ["kafka.tenant_header"] = Run,
        ["kafka.default_tenant"] = Run,
        ["kafka.dead_letter_topic"] = Run,
        ["kafka.state_dir"] = StreamConfig,
        ["kafka.processing_guarantee"] = StreamConfig,
        ["kafka.num_stream_threads"] = StreamConfig,
        ["kafka.commit_interval"] = StreamConfig,
        ["kafka.max_unsent_windows"] = "Streams.Tests/Sink/UnsentWindowsTests.Past_max_unsent_windows_the_oldest_is_no_longer_kept_and_is_counted",
        ["kafka.trace_partitions"] = "Tests/EndToEnd/DifferentialTests.Process_and_the_worker_write_the_same_series",
        ["kafka.client_config"] = "Streams.Tests/Worker/KafkaWorkerConfigTests.Client_settings_with_enumerated_values_reach_the_stream_config",

        [Tenant + "processors"] = "Core.Tests/Tenancy/ProcessorSelectionTests.Bare_service_graphs_enables_request_and_latency_but_not_connection_info",
        [Tenant + "max_active_series"] = "Streams.Tests/Aggregate/TenantSeriesLimitTests.A_tenant_over_its_limit_writes_no_more_than_the_limit_over_all_series_partitions",
        [Tenant + "max_active_entities"] = "Streams.Tests/Aggregate/TenantSeriesLimitTests.A_tenant_over_its_limit_writes_no_more_than_the_limit_over_all_series_partitions",
        [Tenant + "max_cardinality_per_label"] = "Core.Tests/Registry/Limiters/PerLabelLimiterTests.A_high_cardinality_label_overflows_and_the_others_keep_their_values",
        [Tenant + "collection_interval"] = AggregateReload,
        [Tenant + "disable_collection"] = AggregateReload,
        [Tenant + "generate_native_histograms"] = AggregateReload,
        [Tenant + "native_histogram_bucket_factor"] = AggregateReload,
        [Tenant + "native_histogram_max_bucket_number"] = AggregateReload,
        [Tenant + "native_histogram_min_reset_duration"] = AggregateReload,
        [Tenant + "trace_id_label_name"] = AggregateReload,
        [Tenant + "ingestion_time_range_slack"] = "Core.Tests/Tenancy/TenantSettingsResolverTests.Tempos_ingestion_slack_becomes_the_future_slack_and_the_allowed_lateness_and_a_tenants_own_wins",
        [Tenant + "span_name_sanitization"] = "Core.Tests/Registry/Sanitizer/SpanNameSanitizerTests.Similar_names_get_one_pattern_and_the_other_labels_stay",
        [Tenant + "remote_write_headers"] = "Core.Tests/RemoteWrite/RemoteWriteEndpointTests.Merges_tenant_headers_over_configured_ones",
        [Tenant + "remote_write_url"] = "Core.Tests/RemoteWrite/RemoteWriteEndpointTests.A_tenant_url_replaces_the_endpoints_and_keeps_the_first_entrys_settings",
        [Tenant + "ring_size"] = Ignored,
        [Tenant + "forwarder"] = Ignored,
        [Tenant + "processor.span_metrics.*"] = Overlay,
        [Tenant + "processor.service_graphs.enable_client_server_prefix"] = "Core.Tests/Tenancy/TenantSettingsResolverTests.A_tenant_can_only_turn_the_client_server_prefix_on",
        [Tenant + "processor.service_graphs.*"] = Overlay,
        [Tenant + "processor.local_blocks.max_block_duration"] = Overlay,
        [Tenant + "processor.local_blocks.max_block_bytes"] = Overlay,
        [Tenant + "processor.local_blocks.complete_block_timeout"] = Overlay,
        [Tenant + "processor.local_blocks.flush_check_period"] = Refused,
        [Tenant + "processor.local_blocks.trace_idle_period"] = Refused,
        [Tenant + "processor.local_blocks.max_live_traces"] = Refused,
        [Tenant + "processor.host_info.*"] = "Core.Tests/Tenancy/TenantSettingsResolverTests.Host_info_keys_of_a_tenant_replace_the_configured_ones_one_by_one",
        ["overrides.defaults.ingestion"] = Ignored,
        ["overrides.defaults.read"] = Ignored,
        ["overrides.defaults.compaction"] = Ignored,
        ["overrides.defaults.forwarders"] = Ignored,
        ["overrides.defaults.global"] = Ignored,
        ["overrides.defaults.storage"] = Ignored,
        ["overrides.defaults.cost_attribution"] = Ignored,
        ["overrides.per_tenant_override_config"] = "Core.Tests/Tenancy/TenantSettingsProviderTests.Changing_a_tenants_dimensions_raises_a_change_event_for_that_tenant_only",
        ["overrides.per_tenant_override_period"] = "Core.Tests/Tenancy/TenantSettingsProviderTests.The_file_is_not_checked_before_the_period_has_passed",
        ["overrides.user_configurable_overrides"] = Refused,

        ["server.http_listen_address"] = Run,
        ["server.http_listen_port"] = Run,
        ["server.log_level"] = "Tests/Logging/WorkerLoggingTests.Tempo_level_names_map_to_dotnet_levels",
        ["server.log_format"] = "Tests/Logging/WorkerLoggingTests.The_format_selects_the_console_formatter",

        [Ingest + "address"] = IngestTests + ".A_whole_tempo_yaml_reads_ingest_kafka_as_a_push_bytes_input_keyed_by_tenant",
        [Ingest + "topic"] = IngestTests + ".A_whole_tempo_yaml_reads_ingest_kafka_as_a_push_bytes_input_keyed_by_tenant",
        [Ingest + "consumer_group"] = IngestTests + ".A_whole_tempo_yaml_reads_ingest_kafka_as_a_push_bytes_input_keyed_by_tenant",
        [Ingest + "client_id"] = IngestClient,
        [Ingest + "client_rack"] = IngestClient,
        [Ingest + "consumer_group_offset_commit_interval"] = IngestClient,
        [Ingest + "tls_enabled"] = IngestClient,
        [Ingest + "tls_ca_path"] = IngestClient,
        [Ingest + "tls_cert_path"] = IngestClient,
        [Ingest + "tls_key_path"] = IngestClient,
        [Ingest + "tls_insecure_skip_verify"] = IngestClient,
        [Ingest + "sasl_mechanism"] = IngestClient,
        [Ingest + "sasl_username"] = IngestClient,
        [Ingest + "sasl_password"] = IngestClient,
        [Ingest + "dial_timeout"] = IngestIgnored,
        [Ingest + "write_timeout"] = IngestIgnored,
        [Ingest + "producer_max_record_size_bytes"] = IngestIgnored,
        [Ingest + "producer_max_buffered_bytes"] = IngestIgnored,
        [Ingest + "producer_compression"] = IngestIgnored,
        [Ingest + "auto_create_topic_enabled"] = IngestIgnored,
        [Ingest + "auto_create_topic_default_partitions"] = IngestIgnored,
        [Ingest + "last_produced_offset_retry_timeout"] = IngestIgnored,
        [Ingest + "target_consumer_lag_at_startup"] = IngestIgnored,
        [Ingest + "max_consumer_lag_at_startup"] = IngestIgnored,
        [Ingest + "disable_kafka_telemetry"] = IngestIgnored,
        [Ingest + "consumer_group_lag_metric_update_interval"] = IngestIgnored,
    });

    private const string Ingest = "ingest.kafka.";
    private const string IngestTests = "Tests/Configuration/TempoIngestSectionTests";
    private const string IngestClient = IngestTests + ".Tls_sasl_and_client_keys_become_librdkafka_settings";
    private const string IngestIgnored = IngestTests + ".Keys_the_worker_has_no_use_for_are_reported_as_ignored_with_the_reason";

    /// <summary>Tempo's other top-level sections, each reported as ignored by one test.</summary>
    private static Dictionary<string, string> WithTempoSections(Dictionary<string, string> keys)
    {
        foreach (var section in WorkerConfigSchema.TempoOtherSections)
        {
            keys[section] = "Tests/Commands/ConfigCheckCommandTests.Every_other_section_of_a_tempo_yaml_is_reported_as_ignored";
        }

        foreach (var key in ServerOptions.TempoGrpcKeys.Concat(ServerOptions.TempoHttpTuningKeys))
        {
            keys[ServerOptions.SectionKey + "." + key] = Ignored;
        }

        return keys;
    }
}
