#!/usr/bin/env bash
# Stiff work-precision tables (issue 17): Gradus's Rodas4, Kvaerno3 and auto against SciPy's
# solve_ivp Radau, BDF and LSODA on Robertson (to t = 1e5), Van der Pol (mu = 1000) and HIRES over
# rtol 1e-3 ... 1e-8, both measured in this one run on this machine. Error against the tight
# references of scripts/stiff_reference.py; times = medians over REPEATS solves, after one warm-up solve
# per configuration (Java: after a first pass over the whole sweep for the JIT), of the wall time and of
# the solving thread's CPU time (less distorted on a loaded machine). Prints one markdown table per problem with, for each
# Gradus row, the fastest SciPy method's time at the same error (log-log interpolation along its
# work-precision curve) and the speed-ups (CPU and wall); the raw CSV goes to $OUT_DIR (default: a temporary folder).
#
# Usage (from the repository root): scripts/stiff-work-precision.sh
#   REPEATS=9 scripts/stiff-work-precision.sh      (more repeats; default 5)
#   SKIP_BUILD=1 scripts/stiff-work-precision.sh   (reuse benchmarks/target/gradus-benchmarks.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
for tool in java mvn "$python"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "stiff-work-precision: '${tool}' is not installed; it is needed." >&2; exit 2; }
done
"$python" -c 'import scipy' 2>/dev/null || { echo "stiff-work-precision: SciPy is needed (Debian: python3-scipy)" >&2; exit 2; }
jar=benchmarks/target/gradus-benchmarks.jar
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  echo "stiff-work-precision: packaging the benchmarks (mvn -q -pl benchmarks -am package -DskipTests)" >&2
  mvn -q -pl benchmarks -am package -DskipTests >&2
fi
repeats="${REPEATS:-5}"
out="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out"
echo "stiff-work-precision: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start" >&2
echo "stiff-work-precision: Gradus (Java) ..." >&2
java -cp "$jar" dev.gradus.benchmarks.adjoint.StiffWorkPrecision adjoint/src/test/resources/dev/gradus/adjoint/stiff \
  "$repeats" 2> "$out/gradus.log" > "$out/gradus.csv" || { tail -n 30 "$out/gradus.log" >&2; exit 1; }
echo "stiff-work-precision: SciPy $("$python" -c 'import scipy; print(scipy.__version__)') ..." >&2
"$python" scripts/stiff_work_precision.py scipy "$repeats" > "$out/scipy.csv"
grep '^garbage collection' "$out/gradus.log" >&2 || true
echo "stiff-work-precision: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; CSV in $out" >&2
"$python" scripts/stiff_work_precision.py tables "$out/gradus.csv" "$out/scipy.csv"
