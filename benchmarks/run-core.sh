#!/usr/bin/env bash
# Runs the core JMH suites (W0 op overhead, W1 Rosenbrock, W2 MLP training step) with short settings
# and then the PyTorch anchor in the same session, so that the figures can be compared side by side.
#
# Usage: benchmarks/run-core.sh [path/to/torch_anchor.py]
#   default anchor: benchmarks/anchors/torch_anchor.py in this checkout
# Environment: JMH_ARGS overrides the short JMH settings (default "-wi 8 -w 1 -i 8 -r 1 -f 1": tiered compilation of the kernels needs several seconds of warm-up).
# The SameDiff anchor is run by hand (see benchmarks/anchors/README.md): it needs nd4j-native downloaded.
set -euo pipefail

root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
anchor="${1:-$root/benchmarks/anchors/torch_anchor.py}"
jmh_args="${JMH_ARGS:--wi 8 -w 1 -i 8 -r 1 -f 1}"

if [[ ! -f "$anchor" ]]; then
    echo "run-core.sh: PyTorch anchor not found at $anchor" >&2
    exit 2
fi

cd "$root"
mvn -q -pl benchmarks -am package -DskipTests
jar="$root/benchmarks/target/gradus-benchmarks.jar"

results="$root/benchmarks/target/jmh-core.json"

echo "== Gradus core suites (JMH, $jmh_args), load: $(cut -d' ' -f1-3 /proc/loadavg)"
# The machine is shared: another JMH run may hold JMH's lock file, which would abort this one.
# shellcheck disable=SC2086
java -Djmh.ignoreLock=true -jar "$jar" $jmh_args -tu us -bm avgt -rf json -rff "$results" \
    'dev.gradus.benchmarks.core.(OpOverhead|Rosenbrock|MlpTrainStep)Benchmark'

echo "== Gradus medians over measurement iterations (us/op)"
/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))
med = {}
for r in runs:
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
    med[name] = statistics.median(raw)
    print(f"{name:40s} median {med[name]:10.3f}  min {min(raw):10.3f}  max {max(raw):10.3f}")
v, g = med.get("RosenbrockBenchmark.value"), med.get("RosenbrockBenchmark.valueAndGrad")
if v and g:
    print(f"W1 value+grad / value = {g / v:.2f}")
PY

echo "== PyTorch anchor ($anchor), load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$anchor"
