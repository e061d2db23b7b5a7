#!/usr/bin/env bash
# Matmul GFLOP/s table of both backends (issue 9) and the measured Java -> BLAS crossover.
#
# Runs backends.MatmulBenchmark over n = 16 ... 2048, float32 and float64, for the three
# implementations (java: the Java backend's own kernel; blas: the Java backend's hand-off to ND4J's
# gemm, copies included; nd4j: Tensor.matmul on the ND4J backend), then prints one table with
# GFLOP/s = 2n^3 / time and the crossover: the smallest n from which the hand-off beats the Java
# kernel at every larger measured n (what JavaMatmul.DEFAULT_CROSSOVER should be).
# Short JMH settings (one JVM, 1 warm-up + 3 x 0.5 s iterations; the Java kernel at n = 2048 is
# timed as single calls), so the whole run takes about 3 minutes on 2 cores (2 min 45 s measured
# under a load average of 8).
#
# Usage (from the repository root): scripts/matmul-table.sh
#   MATMUL_SIZES=64,128,256 scripts/matmul-table.sh   (a subset of the sizes)
#   SKIP_BUILD=1 scripts/matmul-table.sh                (reuse benchmarks/target/gradus-benchmarks.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in java mvn python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "matmul-table: '${tool}' is not installed; it is needed." >&2; exit 2; }
done
jar=benchmarks/target/gradus-benchmarks.jar
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  echo "matmul-table: packaging the benchmarks (mvn -q -pl benchmarks -am package -DskipTests)"
  mvn -q -pl benchmarks -am package -DskipTests
fi
sizes="${MATMUL_SIZES:-16,32,64,128,256,512,1024,2048}"
out=$(mktemp -d)
# The Java kernel at 2048 takes seconds per call: time it as single calls, everything else averaged.
small=$(tr ',' '\n' <<< "$sizes" | awk '$1 < 2048' | paste -sd, -)
run() { java -Xmx4g -jar "$jar" 'backends.MatmulBenchmark' -f 0 "$@" >> "$out/jmh.log" 2>&1 || { tail -n 30 "$out/jmh.log"; exit 1; }; }
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
echo "matmul-table: running JMH (sizes ${sizes}; results in ${out})"
if [[ -n "$small" ]]; then
  run -p size="$small" -wi 1 -w 500ms -i 3 -r 500ms -rf csv -rff "$out/avg.csv"
fi
if [[ ",${sizes}," == *",2048,"* ]]; then
  run -p size=2048 -p impl=blas,nd4j -wi 1 -w 500ms -i 3 -r 500ms -rf csv -rff "$out/big.csv"
  run -p size=2048 -p impl=java -bm ss -wi 0 -i 1 -tu us -rf csv -rff "$out/java2048.csv"
fi
python3 - "$out" <<'PY'
import csv, glob, sys
res = {}
for f in glob.glob(sys.argv[1] + "/*.csv"):
    for row in csv.DictReader(open(f)):
        key = (row["Param: dtype"], int(row["Param: size"]), row["Param: impl"])
        res[key] = float(row["Score"])  # us per product
def gf(n, us):
    return 2 * n ** 3 / (us * 1e3)
print()
print("| dtype | n | Java kernel µs (GFLOP/s) | Java→BLAS hand-off µs (GFLOP/s) | ND4J backend µs (GFLOP/s) | BLAS/Java |")
print("|---|---|---|---|---|---|")
for dtype in ("FLOAT32", "FLOAT64"):
    sizes = sorted({k[1] for k in res if k[0] == dtype})
    for n in sizes:
        cells = []
        for impl in ("java", "blas", "nd4j"):
            us = res.get((dtype, n, impl))
            cells.append("—" if us is None else f"{us:.1f} ({gf(n, us):.2f})")
        j, b = res.get((dtype, n, "java")), res.get((dtype, n, "blas"))
        ratio = "—" if j is None or b is None else f"{j / b:.2f}×"
        print(f"| {dtype} | {n} | " + " | ".join(cells) + f" | {ratio} |")
for dtype in ("FLOAT32", "FLOAT64"):
    both = sorted(n for (d, n, i) in res if d == dtype and i == "java" and (d, n, "blas") in res)
    cross = None
    for n in reversed(both):
        if res[(dtype, n, "blas")] < res[(dtype, n, "java")]:
            cross = n
        else:
            break
    if cross is None:
        print(f"{dtype}: the BLAS hand-off never beats the Java kernel at the largest measured n")
    else:
        print(f"{dtype}: crossover n = {cross} (the BLAS hand-off wins from n = {cross} on;"
              f" JavaMatmul.DEFAULT_CROSSOVER, or -Dgradus.matmul.crossover={cross})")
PY
