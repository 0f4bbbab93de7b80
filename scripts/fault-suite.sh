#!/usr/bin/env bash
# The long crash suite (docs/faults.md): the worker (`run --config`), the embedded broker (`broker --config`) and the
# trace producer (`generate`) as separate processes; the worker is killed with SIGKILL FAULT_SUITE_KILLS times while
# FAULT_SUITE_SPANS spans flow in, under exactly_once and at_least_once, then the totals in a real Prometheus are
# checked (exact under exactly_once) and one result line per guarantee is printed. The suite also kills the worker
# during a remote-write outage (Prometheus stopped) and checks that no window of any series is missing afterwards.
#   FAULT_SUITE_KILLS   kills per guarantee (default 10)
#   FAULT_SUITE_SPANS   spans written (default 220000)
#   FAULT_SUITE_SEED    seed of the kill moments (default: random, printed)
#   FAULT_SUITE_REPORT  file the result lines are appended to (default: a temporary file)
set -uo pipefail
cd "$(dirname "$0")/.."

export FAULT_SUITE_KILLS="${FAULT_SUITE_KILLS:-10}"
export FAULT_SUITE_SPANS="${FAULT_SUITE_SPANS:-220000}"
export FAULT_SUITE_SEED="${FAULT_SUITE_SEED:-$((RANDOM))}"
export FAULT_SUITE_REPORT="${FAULT_SUITE_REPORT:-$(mktemp)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v prometheus >/dev/null 2>&1 || { echo "prometheus is not installed (apt-get install prometheus)"; exit 1; }
echo "kills=$FAULT_SUITE_KILLS spans=$FAULT_SUITE_SPANS seed=$FAULT_SUITE_SEED report=$FAULT_SUITE_REPORT"

dotnet build tests/KafkaMetricsGen.Tests/KafkaMetricsGen.Tests.csproj -c Release -v q -nologo || exit 1
dotnet test tests/KafkaMetricsGen.Tests/KafkaMetricsGen.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~RunCommandCrashTests" --logger "console;verbosity=normal"
status=$?

echo "guarantee, faults, spans in, records in, total out, lost, double-counted, seed, kill moments:"
cat "$FAULT_SUITE_REPORT"
exit $status
