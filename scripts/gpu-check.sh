#!/usr/bin/env bash
# GPU check of Gradus's ND4J backend (issue 9).
#
# What it does, in order:
#   1. Looks for a GPU with nvidia-smi. None: says so and exits 0.
#   2. Reads the compute capability (nvidia-smi --query-gpu=compute_cap). ND4J 1.0.0-M2.1's
#      published CUDA binaries (nd4j-cuda-11.6) hold machine code for sm_37 ... sm_86 and no PTX,
#      so on compute capability >= 9.0 (Hopper: H100, H200, and newer) they cannot run: the script
#      says so plainly and exits 0 without building anything.
#   3. On a supported GPU (<= 8.6) with java and mvn present: builds with -Pcuda (nd4j-cuda-11.6 and
#      the redistributable CUDA runtime org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist), runs
#      the backend parity tests of gradus-nd4j (BackendParityTest and the whole autodiff suite on
#      the ND4J backend, now on the GPU), then the matmul and MLP (W3) JMH benchmarks, and prints
#      one table: benchmark, backend/impl, dtype, size, score.
#
# The CPU half (the same parity tests on nd4j-native) runs in CI as part of `mvn -B verify`.
# Usage: scripts/gpu-check.sh            (from the repository root)
#        GPU_CHECK_QUICK=1 scripts/gpu-check.sh   (matmul sizes 256 and 1024 only)
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU found (nvidia-smi missing or no device); nothing to check on a GPU."
  echo "gpu-check: the CPU half (parity tests on nd4j-native) runs with: mvn -B -pl nd4j -am verify"
  exit 0
fi

name=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n1)
cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n1 | tr -d ' ')
echo "gpu-check: GPU 0 is ${name}, compute capability ${cap}"
major=${cap%%.*}
minor=${cap#*.}
if ! [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]]; then
  echo "gpu-check: could not read the compute capability (got '${cap}'); not running the CUDA backend."
  exit 0
fi
if (( major * 10 + minor > 86 )); then
  echo "gpu-check: UNSUPPORTED: ND4J 1.0.0-M2.1's CUDA binaries (nd4j-cuda-11.6) contain code for"
  echo "gpu-check: sm_37..sm_86 only and no PTX, so they cannot run on compute capability ${cap}"
  echo "gpu-check: (Hopper and newer). Skipping the CUDA parity tests and benchmarks; this is not a"
  echo "gpu-check: Gradus failure. See nd4j/README.md, section GPUs."
  exit 0
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "gpu-check: '${tool}' is not installed on this machine; it is needed to build with -Pcuda."
    exit 1
  fi
done

out=$(mktemp -d)
echo "gpu-check: building with -Pcuda and running the parity tests on the GPU"
if ! mvn -B -q -Pcuda -pl nd4j -am verify > "$out/build.log" 2>&1; then
  tail -n 60 "$out/build.log"
  echo "gpu-check: FAILED: the parity tests on the CUDA backend did not pass (log: $out/build.log)"
  exit 1
fi
tests=$(grep -h "Tests run" nd4j/target/surefire-reports/*.txt | awk -F'[ ,]+' '{r+=$3; f+=$5; e+=$7} END {print r" run, "f" failures, "e" errors"}')
echo "gpu-check: parity tests on the GPU: ${tests}"

echo "gpu-check: packaging the benchmarks with -Pcuda"
mvn -B -q -Pcuda -pl benchmarks -am package -DskipTests > "$out/package.log" 2>&1 || {
  tail -n 40 "$out/package.log"; echo "gpu-check: FAILED to package the benchmarks"; exit 1; }
sizes="256,512,1024,2048"
[[ "${GPU_CHECK_QUICK:-0}" == 1 ]] && sizes="256,1024"
java -jar benchmarks/target/gradus-benchmarks.jar 'backends.MatmulBenchmark' -p impl=nd4j,blas -p size="$sizes" \
  -wi 1 -i 3 -f 1 -rf csv -rff "$out/matmul.csv" > "$out/matmul.log" 2>&1
java -jar benchmarks/target/gradus-benchmarks.jar 'backends.MlpStepBenchmark' -wi 2 -i 3 -f 1 \
  -rf csv -rff "$out/mlp.csv" > "$out/mlp.log" 2>&1

echo
printf '%-16s %-6s %-8s %-6s %12s %s\n' benchmark impl dtype size score unit
for f in "$out/matmul.csv" "$out/mlp.csv"; do
  [[ -f "$f" ]] || { echo "(missing: $f; see ${f%.csv}.log)"; continue; }
  python3 - "$f" <<'PY' 2>/dev/null || tail -n +2 "$f"
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    bench = row["Benchmark"].split(".")[-2]
    impl = row.get("Param: impl") or row.get("Param: backend", "")
    size = row.get("Param: size", "")
    score, unit = float(row["Score"]), row["Unit"]
    extra = ""
    if size and unit == "us/op":
        n = int(size); extra = f"  ({2 * n ** 3 / (score * 1e3):.1f} GFLOP/s)"
    print(f"{bench:<16} {impl:<6} {row.get('Param: dtype',''):<8} {size:<6} {score:12.2f} {unit}{extra}")
PY
done
echo "gpu-check: done (logs in $out)"
