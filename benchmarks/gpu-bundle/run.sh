#!/usr/bin/env bash
# The GPU bundle's runner (made by ./build.sh gpu-bundle; docs/cuda.md). On a GPU host with the NVIDIA driver,
# nvcc, CMake and (for the PyTorch column) python3 with torch, and no .NET SDK:
#
#   ./run.sh [STAGE ...]        stages: build cuda-tests tests bench; none given = all four, in that order
#
#   build       builds libchainer_cuda.so from cuda-src/ with the host's nvcc (CMake,
#               CHAINER_CUDA_ARCHITECTURES, default 90) and build/cuda_limits from limits/cuda_limits.cu,
#               and copies the backend next to libchainer_native.so in tests/ and bench/
#   cuda-tests  the GPU test categories (NUnit category "Cuda")
#   tests       the whole test suite
#   bench       the GPU benchmarks (bench/Overhead.dll --gpu)
#
# Later stages build first when the backend is missing. Logs go to "${OUT:-./out}" (run.log, one log per
# stage, the benchmark JSON). The bundled .NET runtime is used (DOTNET_ROOT=<bundle>/dotnet).
# Exit status: 0 when every stage that ran succeeded.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-./out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
BUILD="$HERE/build"
ARCH="${CHAINER_CUDA_ARCHITECTURES:-90}"
export DOTNET_ROOT="$HERE/dotnet"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
DOTNET="$DOTNET_ROOT/dotnet"
export PATH="$PATH:/usr/local/cuda/bin"

exec > >(tee -a "$OUT/run.log") 2>&1

STATUS=0
fail() {
  echo "run.sh: FAILED: $*"
  STATUS=1
}
stage() { printf '\n==== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

build() {
  stage "build: libchainer_cuda.so (CUDA architectures $ARCH) and cuda_limits"
  local nvcc
  nvcc="$(command -v nvcc || true)"
  if [ -z "$nvcc" ]; then
    fail "nvcc not found (PATH and /usr/local/cuda/bin): the GPU tests will skip with the core's reason"
    return
  fi
  "$nvcc" --version | tail -n 2
  cmake --version | head -n 1
  # nvcc 11.x rejects g++ 12 and newer; use g++-11 as its host compiler when there is one.
  local ccbin=()
  if [ -z "${CUDAHOSTCXX:-}" ] && "$nvcc" --version | grep -q 'release 11\.' && command -v g++-11 >/dev/null 2>&1; then
    export CUDAHOSTCXX
    CUDAHOSTCXX="$(command -v g++-11)"
  fi
  if [ -n "${CUDAHOSTCXX:-}" ]; then ccbin=(-ccbin "$CUDAHOSTCXX"); fi
  if cmake -S "$HERE/cuda-src" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_COMPILER="$nvcc" \
    -DCHAINER_CUDA_ARCHITECTURES="$ARCH" >"$OUT/build-cmake.log" 2>&1 &&
    cmake --build "$BUILD" -j"$(nproc)" >>"$OUT/build-cmake.log" 2>&1; then
    tail -n 3 "$OUT/build-cmake.log"
  else
    tail -n 40 "$OUT/build-cmake.log"
    fail "the CUDA backend did not build (log: $OUT/build-cmake.log)"
  fi
  if [ -f "$BUILD/libchainer_cuda.so" ]; then
    cp -f "$BUILD/libchainer_cuda.so" "$HERE/tests/libchainer_cuda.so"
    cp -f "$BUILD/libchainer_cuda.so" "$HERE/bench/libchainer_cuda.so"
    ls -l "$HERE/tests/libchainer_cuda.so"
    ldd "$HERE/tests/libchainer_cuda.so" || true
  fi
  if [ -x "$BUILD/chainer_cuda_selftest" ]; then
    stage "build: the backend's self-test"
    if (cd "$BUILD" && ./chainer_cuda_selftest "$BUILD/libchainer_cuda.so") >"$OUT/selftest.log" 2>&1; then
      tail -n 20 "$OUT/selftest.log"
    else
      tail -n 20 "$OUT/selftest.log"
      # Without a GPU the self-test can only report why; that is the expected outcome, not a failure.
      if [ "$HAVE_GPU" -eq 1 ]; then fail "chainer_cuda_selftest (log: $OUT/selftest.log)"; else echo "(no GPU visible: self-test not required)"; fi
    fi
  fi
  if "$nvcc" "${ccbin[@]}" -O3 -arch="sm_$ARCH" -o "$BUILD/cuda_limits" "$HERE/limits/cuda_limits.cu" -lcublas \
    >"$OUT/build-limits.log" 2>&1; then
    echo "built $BUILD/cuda_limits"
  else
    cat "$OUT/build-limits.log"
    fail "cuda_limits did not build: the benchmark's cuBLAS and copy columns will be empty"
  fi
}

ensure_built() {
  [ -f "$HERE/tests/libchainer_cuda.so" ] || build
}

# Microsoft.Testing.Platform prints "total: / failed: / succeeded: / skipped:".
run_tests() {
  local name="$1"
  shift
  local log="$OUT/$name.log" rc=0
  (cd "$HERE/tests" && "$DOTNET" Chainer.Tests.dll --no-ansi --no-progress --timeout 60m \
    --results-directory "$OUT/$name-results" "$@") >"$log" 2>&1 || rc=$?
  grep -E '^\s*failed [A-Za-z_]' "$log" | head -n 200 || true
  echo "skip reasons (first 3):"
  grep -A1 -E '^\s*skipped [A-Za-z_]' "$log" | grep -v -E '^\s*skipped|^--' | sort | uniq -c | sort -rn | head -n 3 || true
  grep -E '^\s*(total|failed|succeeded|skipped|duration):' "$log" | tail -n 5
  if [ "$rc" -ne 0 ]; then
    fail "$name (exit $rc, log: $log)"
  fi
}

cuda_tests() {
  ensure_built
  stage "cuda-tests: NUnit category Cuda"
  run_tests cuda-tests --filter "TestCategory=Cuda"
}

all_tests() {
  ensure_built
  stage "tests: the whole suite"
  run_tests tests
}

bench() {
  ensure_built
  stage "bench: GPU benchmarks"
  local py
  py="$(command -v python3 || echo /usr/bin/python3)"
  "$py" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda, "available:", torch.cuda.is_available())' ||
    echo "python3 cannot import torch: the PyTorch column will read unavailable"
  local rc
  # shellcheck disable=SC2086
  (cd "$HERE/bench" && "$DOTNET" Overhead.dll --gpu --root "$HERE" --python "$py" --peer-script "$HERE/bench/peer.py" \
    --cuda-limits "$BUILD/cuda_limits" --json "$OUT/gpu-bench.json" ${CHAINER_BENCH_ARGS:-}) 2>&1 | tee "$OUT/bench.log"
  rc="${PIPESTATUS[0]}"
  case "$rc" in
    0) ;;
    3) echo "bench: skipped (CUDA is not available here)" ;;
    *) fail "bench (exit $rc, log: $OUT/bench.log)" ;;
  esac
}

echo "GPU bundle $(cat "$HERE/COMMIT" 2>/dev/null || echo '?'), $(date -u), $(uname -srm)"
echo "==== nvidia-smi -L"
HAVE_GPU=0
if nvidia-smi -L; then HAVE_GPU=1; else echo "nvidia-smi -L failed (no driver or no GPU)"; fi
"$DOTNET" --info 2>/dev/null | sed -n '/Host:/,/Commit/p' | head -n 4

STAGES=("$@")
if [ "${#STAGES[@]}" -eq 0 ]; then STAGES=(build cuda-tests tests bench); fi
for s in "${STAGES[@]}"; do
  case "$s" in
    build) build ;;
    cuda-tests) cuda_tests ;;
    tests) all_tests ;;
    bench) bench ;;
    all) build; cuda_tests; all_tests; bench ;;
    *) fail "unknown stage '$s' (build, cuda-tests, tests, bench, all)" ;;
  esac
done

printf '\n==== run.sh: %s\n' "$([ "$STATUS" -eq 0 ] && echo 'all stages succeeded' || echo 'some stages FAILED (see above)')"
exit "$STATUS"
