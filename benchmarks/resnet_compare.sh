#!/usr/bin/env bash
# Side-by-side timing of ResNet-18 (224x224: eval forward at batch 1 and 16, one SGD training step at
# batch 16) in Fathom (default CPU backend: SIMD) and PyTorch + torchvision on this machine.
# Usage: benchmarks/resnet_compare.sh [case prefixes, comma-separated]   (default: all)
# Threads: FATHOM_COMPARE_THREADS (default "2"). Needs JDK 25 and Debian's python3-torch/torchvision for
# /usr/bin/python3. Builds benchmarks/target/benchmarks.jar if missing. Fathom runs with ParallelGC, a 6 GB young
# generation and fixed 1 GB survivor spaces: ResNet-18 training allocates about 1 GB of activations per step, of
# which up to 0.7 GB is live when a collection starts mid-step. G1's concurrent marking competed with both compute
# threads on 2 cores (training step 1.82 s with G1 defaults); with a 3 GB young generation the survivors overflowed
# into the old generation and every other collection was a full one (about 50 ms of pauses per step); with these
# flags there are no full collections (about 15 ms per step). -XX:+AlwaysPreTouch faults the heap in at start-up,
# as PyTorch's caching allocator reuses memory it already has (at batch 1 first-touch page faults cost ~2 ms a call).
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${1:-all}"
THREADS="${FATHOM_COMPARE_THREADS:-2}"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$JAR" ]; then ./mvnw -q -pl benchmarks -am package -DskipTests; fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
selected() { # is case $1 named by a prefix in $CASES?
  [ "$CASES" = all ] && return 0
  local p; IFS=, read -ra PREFIXES <<< "$CASES"
  for p in "${PREFIXES[@]}"; do [[ "$1" == "$p"* ]] && return 0; done
  return 1
}
for T in $THREADS; do
  OMP_NUM_THREADS=$T /usr/bin/python3 benchmarks/resnet_compare.py "$T" "$CASES" > "$TMP/torch_$T"
  # One JVM per case, each warmed up for 10 s: the JIT needs several training steps to settle (the
  # first step takes about 6 s, the next few 1.5-2.5 s while C2 competes with the compute threads
  # for the 2 cores), and a JVM that ran the eval cases first sometimes kept a slower training step.
  : > "$TMP/fathom_$T"
  for C in resnet18_eval_b1 resnet18_eval_b16 resnet18_train_b16; do
    selected "$C" || continue
    "$JAVA" --add-modules jdk.incubator.vector -Xms8g -Xmx8g -Xmn6g -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy -XX:+AlwaysPreTouch -XX:+UseParallelGC \
      -Dfathom.bench.warmup=10 -cp "$JAR" dev.fathom.benchmarks.ResNetBench "$T" "$C" 2>/dev/null | grep -P "^$C\t" >> "$TMP/fathom_$T"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$TMP" $THREADS <<'PY'
import sys
tmp, threads = sys.argv[1], sys.argv[2:]
def load(path):
    with open(path) as f:
        return dict((l.split("\t")[0], [float(v) for v in l.split("\t")[1:3]]) for l in f if "\t" in l)
print("| case | threads | PyTorch ms (median / best) | Fathom ms (median / best) | PyTorch img/s (best) | Fathom img/s (best) | speed-up (best) |")
print("|---|---|---|---|---|---|---|")
for t in threads:
    torch, fathom = load("%s/torch_%s" % (tmp, t)), load("%s/fathom_%s" % (tmp, t))
    for name in torch:
        if name not in fathom:
            continue
        (pm, pb), (fm, fb) = torch[name], fathom[name]
        batch = int(name.rsplit("_b", 1)[1])
        print("| %s | %s | %.4g / %.4g | %.4g / %.4g | %.1f | %.1f | %.2fx |" % (name, t, pm, pb, fm, fb, batch * 1e3 / pb, batch * 1e3 / fb, pb / fb))
PY
