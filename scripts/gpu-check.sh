#!/usr/bin/env bash
# GPU check of Gradus's ND4J backend (issue 9).
#
# What it does, in order:
#   1. Checks that java and mvn are installed; if not, says which is missing and exits 2.
#   2. The CPU half: builds gradus-nd4j on nd4j-native and runs its parity tests (BackendParityTest
#      and the whole autodiff suite on the ND4J backend); prints the test counts, exits 1 on a
#      failure. GPU_CHECK_SKIP_CPU=1 skips it (CI runs the same tests in `mvn -B verify`).
#   3. Looks for a GPU with nvidia-smi. None: says so and exits 0.
#   4. Reads the compute capability (nvidia-smi --query-gpu=compute_cap). ND4J 1.0.0-M2.1's
#      published CUDA binaries (nd4j-cuda-11.6) hold machine code for sm_37 ... sm_86 and no PTX
#      (sm_86 code also runs on 8.7 and 8.9), so on compute capability >= 9.0 (Hopper: H100, H200,
#      and newer) they cannot run: the script says so plainly and exits 0 without building for CUDA.
#   5. On a supported GPU (3.7 ... 8.9): builds with -Pcuda (nd4j-cuda-11.6 and the redistributable
#      CUDA runtime org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist), runs the same parity tests on
#      the GPU, then the matmul and MLP (W3, Gradus and the SameDiff anchor) JMH benchmarks, and prints one table: benchmark,
#      backend/impl, dtype, size, score.
#
# Usage: scripts/gpu-check.sh            (from the repository root)
#        GPU_CHECK_QUICK=1 scripts/gpu-check.sh   (matmul sizes 256 and 1024 only)
#        GPU_CHECK_SKIP_CPU=1 scripts/gpu-check.sh (GPU half only)
set -uo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "gpu-check: FAILED: '${tool}' is not installed on this machine; it is needed to build and test gradus-nd4j." >&2
    exit 2
  fi
done

out=$(mktemp -d)
test_counts() {
  grep -h "Tests run" nd4j/target/surefire-reports/*.txt 2>/dev/null \
    | awk -F'[ ,]+' '{r+=$3; f+=$5; e+=$7} END {print r" run, "f" failures, "e" errors"}'
}

if [[ "${GPU_CHECK_SKIP_CPU:-0}" != 1 ]]; then
  echo "gpu-check: CPU half: parity tests of gradus-nd4j on nd4j-native (mvn -B -q -pl nd4j -am verify)"
  if ! mvn -B -q -pl nd4j -am verify > "$out/cpu.log" 2>&1; then
    tail -n 60 "$out/cpu.log"
    echo "gpu-check: FAILED: the parity tests on nd4j-native did not pass (log: $out/cpu.log)"
    exit 1
  fi
  echo "gpu-check: parity tests on the CPU: $(test_counts)"
fi

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU found (nvidia-smi missing or no device); nothing to check on a GPU."
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
# Machine code for sm_86 also runs on later 8.x devices (8.7, 8.9); nothing runs on 9.0 and newer.
if (( major > 8 )); then
  echo "gpu-check: UNSUPPORTED: ND4J 1.0.0-M2.1's CUDA binaries (nd4j-cuda-11.6) contain code for"
  echo "gpu-check: sm_37..sm_86 only and no PTX, so they cannot run on compute capability ${cap}"
  echo "gpu-check: (Hopper and newer). Skipping the CUDA parity tests and benchmarks; this is not a"
  echo "gpu-check: Gradus failure. See nd4j/README.md, section GPUs."
  exit 0
fi

echo "gpu-check: building with -Pcuda and running the parity tests on the GPU"
if ! mvn -B -q -Pcuda -pl nd4j -am verify > "$out/build.log" 2>&1; then
  tail -n 60 "$out/build.log"
  echo "gpu-check: FAILED: the parity tests on the CUDA backend did not pass (log: $out/build.log)"
  exit 1
fi
echo "gpu-check: parity tests on the GPU: $(test_counts)"

echo "gpu-check: packaging the benchmarks with -Pcuda"
mvn -B -q -Pcuda -pl benchmarks -am package -DskipTests > "$out/package.log" 2>&1 || {
  tail -n 40 "$out/package.log"; echo "gpu-check: FAILED to package the benchmarks"; exit 1; }
sizes="256,512,1024,2048"
[[ "${GPU_CHECK_QUICK:-0}" == 1 ]] && sizes="256,1024"
java -jar benchmarks/target/gradus-benchmarks.jar 'backends.MatmulBenchmark' -p impl=nd4j,blas -p size="$sizes" \
  -wi 1 -i 3 -f 1 -rf csv -rff "$out/matmul.csv" > "$out/matmul.log" 2>&1
java -jar benchmarks/target/gradus-benchmarks.jar 'backends\.(SameDiff)?MlpStepBenchmark' -wi 2 -i 3 -f 1 \
  -rf csv -rff "$out/mlp.csv" > "$out/mlp.log" 2>&1

echo
printf '%-16s %-6s %-8s %-6s %12s %s\n' benchmark impl dtype size score unit
for f in "$out/matmul.csv" "$out/mlp.csv"; do
  [[ -f "$f" ]] || { echo "(missing: $f; see ${f%.csv}.log)"; continue; }
  python3 - "$f" <<'PY' 2>/dev/null || tail -n +2 "$f"
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    bench = row["Benchmark"].split(".")[-2]
    impl = row.get("Param: impl") or row.get("Param: backend") or ("samediff" if bench.startswith("SameDiff") else "")
    size = row.get("Param: size", "")
    score, unit = float(row["Score"]), row["Unit"]
    extra = ""
    if size and unit == "us/op":
        n = int(size); extra = f"  ({2 * n ** 3 / (score * 1e3):.1f} GFLOP/s)"
    print(f"{bench:<16} {impl:<6} {row.get('Param: dtype',''):<8} {size:<6} {score:12.2f} {unit}{extra}")
PY
done
echo "gpu-check: done (logs in $out)"
