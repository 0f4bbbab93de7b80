#!/usr/bin/env bash
# The long crash suite (docs/faults.md): the worker (`run --config`), the embedded broker (`broker --config`) and the
# trace producer (`generate`) as separate processes; the worker is killed with SIGKILL FAULT_SUITE_KILLS times while
# FAULT_SUITE_SPANS spans flow in, under exactly_once and at_least_once, then the totals in a real Prometheus are
# checked (exact under exactly_once) and one result line per guarantee is printed (CI runs the two guarantees at the
# same time; with more spans than CI's 22,000 they run one after the other). The suite also kills the worker
# during a remote-write outage (Prometheus stopped) and checks that no window of any series is missing afterwards.
# Then the broker trouble suite: the broker stopped with SIGSTOP (busy and idle) and killed and restarted, per guarantee.
#   FAULT_SUITE_KILLS   kills per guarantee (default 10)
#   FAULT_SUITE_SPANS   spans written (default 220000)
#   FAULT_SUITE_SEED    seed of the kill moments (default: random, printed)
#   FAULT_SUITE_REPORT  file the result lines are appended to (default: a temporary file)
#   FAULT_SUITE_BROKER  1 (default) runs the broker hang/restart variants, 0 only the CI one
#   FAULT_SUITE_BROKER_SECONDS  how long the broker hangs (default 90)
#   FAULT_SUITE_LOG     1 prints the worker's log of each run
set -uo pipefail
cd "$(dirname "$0")/.."

export FAULT_SUITE_KILLS="${FAULT_SUITE_KILLS:-10}"
export FAULT_SUITE_SPANS="${FAULT_SUITE_SPANS:-220000}"
export FAULT_SUITE_SEED="${FAULT_SUITE_SEED:-$((RANDOM))}"
export FAULT_SUITE_REPORT="${FAULT_SUITE_REPORT:-$(mktemp)}"
export FAULT_SUITE_BROKER="${FAULT_SUITE_BROKER:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v prometheus >/dev/null 2>&1 || { echo "prometheus is not installed (apt-get install prometheus)"; exit 1; }
echo "kills=$FAULT_SUITE_KILLS spans=$FAULT_SUITE_SPANS seed=$FAULT_SUITE_SEED report=$FAULT_SUITE_REPORT"

dotnet build tests/KafkaMetricsGen.Tests/KafkaMetricsGen.Tests.csproj -c Release -v q -nologo || exit 1
dotnet test tests/KafkaMetricsGen.Tests/KafkaMetricsGen.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~RunCommandCrashTests|FullyQualifiedName~RunCommandBrokerFaultTests" --logger "console;verbosity=normal"
status=$?

echo "guarantee, faults, spans in, records in, total out, lost, double-counted, seed, kill moments (broker lines: fault, guarantee, busy/idle, seconds, spans in, total out, lost, double-counted, stream re-creations, input records):"
cat "$FAULT_SUITE_REPORT"
exit $status
