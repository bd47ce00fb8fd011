#!/usr/bin/env bash
# The whole GPU check of backend-cuda in one run on a GPU machine, from the project root, after
# `../shared/tools/gpu-pack backend-cuda` has filled .gpu/ here (see backend-cuda/README.md):
#   1. the TCK and the backend's own tests on the GPU (.gpu/run-tests), full log in tests.log,
#   2. GpuBench: SGEMM 4096 and conv 64->64 56x56 k3 p1 forward+backward, FP32 and TF32,
#   3. bench_torch.py: the same work in PyTorch on the same GPU, and the ratios.
# Logs go to $OUT (set on the device machine) or ./gpu-check-out. Exits with the tests' status.
set -uo pipefail
out=${OUT:-gpu-check-out}
mkdir -p "$out"
nvidia-smi -L 2>&1 | tee "$out/device.txt"
echo "== tests on the GPU"
bash .gpu/run-tests --disable-ansi-colors > "$out/tests.log" 2>&1
tests=$?
grep -E "(tests|containers) (successful|failed|aborted|skipped)|Assumption failed|✘|MethodSource|Exception|expected" \
  "$out/tests.log" | head -150
echo "== benchmark: Fathom"
/tmp/gpu/jre/bin/java --enable-native-access=ALL-UNNAMED -cp ".gpu/lib/*:.gpu/test-classes/backend-cuda" \
  dev.fathom.backend.cuda.bench.GpuBench 2>&1 | tee "$out/fathom.txt"
echo "== benchmark: PyTorch, and ratios"
PYTHONUNBUFFERED=1 python3 backend-cuda/bench_torch.py "$out/fathom.txt" 2>&1 | tee "$out/ratios.txt"
echo "== tests exit status: $tests"
exit "$tests"
