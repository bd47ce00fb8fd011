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
# flags there are no full collections (about 15 ms per step).
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
for T in $THREADS; do
  OMP_NUM_THREADS=$T /usr/bin/python3 benchmarks/resnet_compare.py "$T" "$CASES" > "$TMP/torch_$T"
  "$JAVA" --add-modules jdk.incubator.vector -Xms8g -Xmx8g -Xmn6g -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy -XX:+UseParallelGC -cp "$JAR" dev.fathom.benchmarks.ResNetBench "$T" "$CASES" 2>/dev/null > "$TMP/fathom_$T"
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
