#!/usr/bin/env bash
# Chainer.Native: the one build entry point (Linux). docs/building.md has the details.
#
#   ./build.sh [build]        deps + native + managed (the default)
#   ./build.sh deps           install what a fresh Debian 12 lacks (root or sudo)
#   ./build.sh native         CMake build of native/ into build/native
#   ./build.sh bindings-check regenerate the bindings elsewhere and compare with the committed ones
#   ./build.sh managed        dotnet build -c Release Chainer.Native.sln
#   ./build.sh test           everything above, then ctest, the NUnit suites and the package smoke
#                             test; ends with the line "N passed, N failed, N skipped"
#   ./build.sh example        build and run examples/Tutorial (the seed pages' examples)
#   ./build.sh pack           artifacts/Chainer.Native.<version>.nupkg and .snupkg
#   ./build.sh smoke          pack into a temporary feed and run the tutorial from a fresh console app
#   ./build.sh bench [opts]   the benchmark suite (docs/benchmarks.md): ours against the C limits,
#                             PyTorch and Chainer, alternating; table + benchmarks/results/latest.json
#   ./build.sh gpu-bundle     artifacts/gpu-bundle/ and artifacts/gpu-bundle.tar.xz: .NET runtime, test and
#                             benchmark programs, libchainer_native.so and the CUDA backend's sources, with a
#                             run.sh that builds the backend with the GPU host's nvcc and runs the GPU tests,
#                             the whole suite and the GPU benchmarks (docs/cuda.md); --no-build packs as built
#   ./build.sh clean          remove build outputs
#
# Environment:
#   CHAINER_WITH_CUDA=auto|1|0    install the CUDA toolkit (auto: only when CI=true) and pass
#                                 -DCHAINER_CUDA=ON/OFF to CMake (auto: ON when nvcc is found)
#   CHAINER_CMAKE_ARGS            extra arguments for the CMake configure step
#   CHAINER_VERSION               package version override for pack
#   CHAINER_BENCH_INSTALL_PEERS=1 let `bench` install python3-torch and python3-numpy through apt
#   CHAINER_BENCH_QUICK=1         a 1-2 minute smoke run of `bench` (fewer rounds and repetitions)
#   CHAINER_SRC                   Chainer's source tree: `bench` adds real Chainer as a peer
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$ROOT/build.sh"
cd "$ROOT"

BUILD_DIR="$ROOT/build/native"
ARTIFACTS="$ROOT/artifacts"
SLN="$ROOT/Chainer.Native.sln"
CONFIG=Release
LIB_PROJECT="$ROOT/managed/Chainer/Chainer.csproj"
TEST_PROJECTS=(
  "tests/Chainer.Tests/Chainer.Tests.csproj"
  "bindings/generator.tests/Chainer.Bindings.Generator.Tests.csproj"
)
PEER_PYTHON=/usr/bin/python3

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en NUGET_XMLDOC_MODE=skip

log() { printf '\n==> %s\n' "$*"; }
warn() { printf 'build.sh: warning: %s\n' "$*" >&2; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# deps

APT_UPDATED=0

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "installing packages needs root or sudo: run as root, or install them yourself: $*"
  fi
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -q
    APT_UPDATED=1
  fi
}

# Whether to install the CUDA toolkit (CHAINER_WITH_CUDA=auto installs it in CI only).
want_cuda_install() {
  case "${CHAINER_WITH_CUDA:-auto}" in
    1 | on | ON | true | yes) return 0 ;;
    0 | off | OFF | false | no) return 1 ;;
    auto) [ "${CI:-}" = "true" ] ;;
    *) die "CHAINER_WITH_CUDA must be auto, 1 or 0 (got '${CHAINER_WITH_CUDA}')" ;;
  esac
}

# Debian ships nvidia-cuda-toolkit in the non-free component; its libcuda1 dependency needs
# nvidia-support, which is in contrib. Adds both components to every apt source that lacks them.
enable_non_free() {
  local f comp changed=0
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    local pattern='^Components:'
    [ "$f" = /etc/apt/sources.list ] && pattern='^deb[[:space:]]'
    for comp in contrib non-free; do
      if grep -E "$pattern" "$f" | grep -Evq "[[:space:]]$comp([[:space:]]|\$)"; then
        log "enabling Debian's $comp component in $f (for nvidia-cuda-toolkit)"
        as_root sed -i -E "/$pattern/{/[[:space:]]$comp([[:space:]]|\$)/!s/[[:space:]]*\$/ $comp/}" "$f"
        changed=1
      fi
    done
  done
  if [ "$changed" -eq 0 ] && [ ! -f /etc/apt/sources.list.d/debian.sources ] && [ ! -f /etc/apt/sources.list ]; then
    warn "no Debian apt sources found; cannot enable non-free for nvidia-cuda-toolkit"
  fi
}

cmd_deps() {
  command -v dotnet >/dev/null 2>&1 ||
    die "the .NET SDK (10.0 or later) is required and was not found on PATH: install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run ./build.sh again"

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    warn "not a Debian/Ubuntu system: install cmake, g++, clang-14, OpenBLAS (static), GoogleTest and NumPy yourself"
    return 0
  fi

  local wanted=(cmake make g++ clang-14 libopenblas-dev libgtest-dev googletest python3-numpy)
  local cuda=0
  if want_cuda_install; then
    cuda=1
    wanted+=(nvidia-cuda-toolkit g++-11)
  fi

  local missing=() p
  for p in "${wanted[@]}"; do
    pkg_installed "$p" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "deps: everything is installed (CUDA toolkit: $([ "$cuda" -eq 1 ] && echo yes || echo "not requested"))"
    return 0
  fi

  log "installing: ${missing[*]}"
  if [ "$cuda" -eq 1 ] && ! pkg_installed nvidia-cuda-toolkit; then
    enable_non_free # before the one apt-get update
  fi
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ---------------------------------------------------------------------------------------------
# native

cuda_cmake_flag() {
  case "${CHAINER_WITH_CUDA:-auto}" in
    1 | on | ON | true | yes) echo ON ;;
    0 | off | OFF | false | no) echo OFF ;;
    *) if command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then echo ON; else echo OFF; fi ;;
  esac
}

cmd_native() {
  command -v cmake >/dev/null 2>&1 || die "cmake not found: run ./build.sh deps"
  local cuda
  cuda="$(cuda_cmake_flag)"
  # nvcc 11.8 (Debian) rejects g++ 12; g++-11 is its host compiler. CMake 3.25 reads CUDAHOSTCXX.
  if [ "$cuda" = ON ] && [ -z "${CUDAHOSTCXX:-}" ] && command -v g++-11 >/dev/null 2>&1 &&
    nvcc --version 2>/dev/null | grep -q 'release 11\.'; then
    export CUDAHOSTCXX="$(command -v g++-11)"
  fi
  log "native: cmake (CHAINER_CUDA=$cuda) -> $BUILD_DIR"
  # shellcheck disable=SC2086
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCHAINER_BUILD_TESTS=ON \
    -DCHAINER_CUDA="$cuda" ${CHAINER_CMAKE_ARGS:-}
  cmake --build "$BUILD_DIR" -j"$(nproc)"
  [ -f "$BUILD_DIR/libchainer_native.so" ] ||
    die "the build did not produce $BUILD_DIR/libchainer_native.so"
  echo "native: $BUILD_DIR/libchainer_native.so"
}

require_native() {
  [ -f "$BUILD_DIR/libchainer_native.so" ] || die "$BUILD_DIR/libchainer_native.so is missing: run ./build.sh native"
}

# ---------------------------------------------------------------------------------------------
# bindings, managed

cmd_bindings_check() {
  [ -f "$ROOT/bindings/check.sh" ] || die "bindings/check.sh is missing"
  log "bindings-check"
  bash "$ROOT/bindings/check.sh"
}

cmd_managed() {
  [ -f "$SLN" ] || die "$SLN is missing"
  log "managed: dotnet build -c $CONFIG $(basename "$SLN")"
  dotnet build "$SLN" -c "$CONFIG" -nologo
}

cmd_build() {
  cmd_deps
  cmd_native
  cmd_managed
}

# ---------------------------------------------------------------------------------------------
# pack, smoke

package_version() {
  if [ -n "${CHAINER_VERSION:-}" ]; then
    echo "$CHAINER_VERSION"
  else
    dotnet msbuild "$LIB_PROJECT" -nologo -getProperty:Version | tr -d '[:space:]'
  fi
}

# pack_to DIR: Chainer.Native.<version>.nupkg and .snupkg into DIR, contents checked.
pack_to() {
  local out="$1" version
  version="$(package_version)"
  require_native
  mkdir -p "$out"
  rm -f "$out/Chainer.Native.$version.nupkg" "$out/Chainer.Native.$version.snupkg"
  # A full rebuild: an incremental one would keep a Chainer.dll compiled without
  # ContinuousIntegrationBuild (local paths instead of /_/, not reproducible).
  local props=(-c "$CONFIG" -nologo -p:Version="$version" -p:ContinuousIntegrationBuild=true)
  dotnet build "$LIB_PROJECT" "${props[@]}" --no-incremental
  dotnet pack "$LIB_PROJECT" "${props[@]}" --no-build -o "$out"
  local nupkg="$out/Chainer.Native.$version.nupkg" snupkg="$out/Chainer.Native.$version.snupkg"
  [ -f "$nupkg" ] || die "dotnet pack did not produce $nupkg"
  [ -f "$snupkg" ] || die "dotnet pack did not produce $snupkg"
  python3 - "$nupkg" "$snupkg" <<'EOF'
import sys, zipfile
nupkg, snupkg = sys.argv[1], sys.argv[2]
names = set(zipfile.ZipFile(nupkg).namelist())
need = ["lib/net10.0/Chainer.dll", "lib/net10.0/Chainer.xml",
        "runtimes/linux-x64/native/libchainer_native.so", "Chainer.Native.nuspec", "README.md"]
missing = [n for n in need if n not in names]
sym = set(zipfile.ZipFile(snupkg).namelist())
if "lib/net10.0/Chainer.pdb" not in sym:
    missing.append("lib/net10.0/Chainer.pdb (in the .snupkg)")
if missing:
    sys.exit("package is missing: " + ", ".join(missing))
dll = zipfile.ZipFile(nupkg).read("lib/net10.0/Chainer.dll")
if b"/_/" not in dll:
    sys.exit("lib/net10.0/Chainer.dll was not built with ContinuousIntegrationBuild (no /_/ source paths)")
print("package contents ok:", ", ".join(sorted(n for n in names if n.startswith(("lib/", "runtimes/")))))
EOF
}

cmd_pack() {
  cmd_native
  log "pack -> $ARTIFACTS"
  pack_to "$ARTIFACTS"
  ls -l "$ARTIFACTS"/Chainer.Native.*
}

# The packaging smoke test: the tutorial's first example through the package in a fresh console app.
cmd_smoke() {
  require_native
  local tmp version
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/chainer-smoke.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  version="$(package_version)"
  log "smoke: pack Chainer.Native $version into a local feed"
  pack_to "$tmp/feed"

  log "smoke: fresh console app consuming the package"
  trap 'echo "smoke: FAILED (see above)"' ERR
  cd "$tmp"
  dotnet new console -n SmokeApp -o app --framework net10.0 >/dev/null
  # A private package folder, so a package of the same version packed earlier is never reused.
  cat >app/nuget.config <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$tmp/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$tmp/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Chainer.Native" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
  cd app
  dotnet add package Chainer.Native --version "$version"
  cp "$ROOT/tests/PackageSmoke/Program.cs" Program.cs
  dotnet build -c Release -nologo -v q
  if [ ! -f bin/Release/net10.0/runtimes/linux-x64/native/libchainer_native.so ]; then
    echo "smoke: FAILED: the package's native asset was not copied to the app's output"
    return 1
  fi
  env -u CHAINER_NATIVE_PATH dotnet run -c Release --no-build >"$tmp/actual.txt"
  trap - ERR

  if diff -u "$ROOT/tests/PackageSmoke/expected.txt" "$tmp/actual.txt"; then
    cat "$tmp/actual.txt"
    echo "smoke: passed"
  else
    echo "smoke: FAILED: the output differs from tests/PackageSmoke/expected.txt"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# test

RESULT_NAMES=()
RESULT_PASSED=()
RESULT_FAILED=()
RESULT_SKIPPED=()
RESULT_NOTES=()

record() { # name passed failed skipped [note]
  RESULT_NAMES+=("$1")
  RESULT_PASSED+=("$2")
  RESULT_FAILED+=("$3")
  RESULT_SKIPPED+=("$4")
  RESULT_NOTES+=("${5:-}")
}

# Runs a step as its own process, so `set -e` holds inside it.
step() { "$SELF" "$@"; }

run_ctest() {
  local log="$1" rc=0
  if [ ! -f "$BUILD_DIR/CTestTestfile.cmake" ]; then
    record "ctest (native)" 0 0 0 "no CTest tests registered"
    return
  fi
  set +e
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 600 2>&1 | tee "$log"
  rc="${PIPESTATUS[0]}"
  set -e
  local line total failed skipped
  line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [ -z "$line" ]; then
    if grep -q 'No tests were found' "$log"; then
      record "ctest (native)" 0 "$((rc != 0))" 0 "no tests found"
    else
      record "ctest (native)" 0 1 0 "ctest did not report a result (exit $rc)"
    fi
    return
  fi
  failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
  skipped="$(grep -Ec '^[[:space:]]*[0-9]+ - .*\(Skipped\)[[:space:]]*$' "$log" || true)"
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  record "ctest (native)" "$((total - failed - skipped))" "$failed" "$skipped"
}

# Microsoft.Testing.Platform prints "total: N / failed: N / succeeded: N / skipped: N".
run_dotnet_suite() {
  local project="$1" log="$2" name rc=0
  name="$(basename "$project" .csproj)"
  set +e
  dotnet test --project "$ROOT/$project" -c "$CONFIG" --no-build --no-ansi --no-progress \
    --results-directory "$ROOT/build/test-results/$name" --timeout 30m 2>&1 | tee "$log"
  rc="${PIPESTATUS[0]}"
  set -e
  local total failed succeeded skipped
  total="$(grep -E '^[[:space:]]*total: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
  failed="$(grep -E '^[[:space:]]*failed: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
  succeeded="$(grep -E '^[[:space:]]*succeeded: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
  skipped="$(grep -E '^[[:space:]]*skipped: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
  if [ -z "$total" ] || [ -z "$succeeded" ]; then
    record "$name" 0 1 0 "no test summary found (exit $rc)"
    return
  fi
  failed="${failed:-0}"
  skipped="${skipped:-0}"
  local note=""
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    note="test run failed with exit code $rc (crash, or no tests ran)"
  fi
  record "$name" "$succeeded" "$failed" "$skipped" "$note"
}

cmd_test() {
  local logs="$ROOT/build/test-logs"
  mkdir -p "$logs"
  local native_ok=1 managed_ok=1

  log "test: deps"
  step deps || record "build: deps" 0 1 0 "./build.sh deps failed"
  log "test: native"
  step native || { native_ok=0; record "build: native" 0 1 0 "./build.sh native failed"; }
  log "test: bindings-check"
  step bindings-check || record "check: bindings" 0 1 0 "committed bindings differ from the generator's output (or the check failed)"
  log "test: managed"
  step managed || { managed_ok=0; record "build: managed" 0 1 0 "dotnet build failed"; }

  if [ "$native_ok" -eq 1 ]; then
    log "test: ctest (native)"
    run_ctest "$logs/ctest.log"
  fi

  local project
  for project in "${TEST_PROJECTS[@]}"; do
    if [ ! -f "$ROOT/$project" ]; then
      record "$(basename "$project" .csproj)" 0 1 0 "$project is missing"
      continue
    fi
    if [ "$managed_ok" -eq 0 ]; then continue; fi
    if [ "$native_ok" -eq 0 ] && [[ "$project" != bindings/* ]]; then continue; fi
    log "test: $(basename "$project" .csproj)"
    run_dotnet_suite "$project" "$logs/$(basename "$project" .csproj).log"
  done

  if [ "$native_ok" -eq 1 ] && [ "$managed_ok" -eq 1 ]; then
    log "test: package smoke test"
    if step smoke; then
      record "package smoke test" 1 0 0
    else
      record "package smoke test" 0 1 0
    fi
  fi

  local i passed=0 failed=0 skipped=0
  log "test summary"
  for i in "${!RESULT_NAMES[@]}"; do
    printf '  %-40s %4d passed, %d failed, %d skipped%s\n' "${RESULT_NAMES[$i]}:" \
      "${RESULT_PASSED[$i]}" "${RESULT_FAILED[$i]}" "${RESULT_SKIPPED[$i]}" \
      "${RESULT_NOTES[$i]:+  (${RESULT_NOTES[$i]})}"
    passed=$((passed + RESULT_PASSED[i]))
    failed=$((failed + RESULT_FAILED[i]))
    skipped=$((skipped + RESULT_SKIPPED[i]))
  done
  if [ "$((passed + failed))" -eq 0 ]; then
    echo "  no test ran"
    failed=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

# ---------------------------------------------------------------------------------------------
# example, bench, clean

cmd_example() {
  cmd_deps
  cmd_native
  log "example: examples/Tutorial"
  dotnet run --project "$ROOT/examples/Tutorial/Tutorial.csproj" -c "$CONFIG"
}

# The bench helpers: peers (opt-in apt install), the C limits program, the suite itself.
bench_peers() {
  if "$PEER_PYTHON" -c 'import torch, numpy' >/dev/null 2>&1; then
    return 0
  fi
  if [ "${CHAINER_BENCH_INSTALL_PEERS:-0}" = 1 ]; then
    log "bench: installing python3-torch python3-numpy (CHAINER_BENCH_INSTALL_PEERS=1)"
    apt_update_once
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch python3-numpy
  else
    warn "$PEER_PYTHON cannot import torch: PyTorch columns will read unavailable (CHAINER_BENCH_INSTALL_PEERS=1 installs Debian's python3-torch)"
  fi
}

# build/bench/limits: cblas_sgemm called directly and a plain C loop, linked with the same static
# OpenBLAS as libchainer_native.so (the one CMake found), so both run the same kernels.
bench_limits() {
  local out="$ROOT/build/bench" blas=""
  mkdir -p "$out"
  if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
    blas="$(sed -n 's/^CHAINER_OPENBLAS_STATIC:FILEPATH=//p' "$BUILD_DIR/CMakeCache.txt")"
  fi
  if [ -z "$blas" ] || [ ! -f "$blas" ]; then
    local c
    for c in /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a /usr/lib/x86_64-linux-gnu/libopenblas.a \
      /usr/lib/libopenblas.a; do
      if [ -f "$c" ]; then blas="$c"; break; fi
    done
  fi
  [ -n "$blas" ] || die "bench: libopenblas.a not found (install libopenblas-dev)"
  log "bench: build/bench/limits (C limits, $blas)"
  "${CC:-cc}" -O3 -march=native -std=c11 -o "$out/limits" "$ROOT/benchmarks/limits/limits.c" "$blas" -lpthread -lm
  "$out/limits" --info
}

# ./build.sh bench [options]: options go to the suite (docs/benchmarks.md), e.g. --quick, --only mlp,cnn.
cmd_bench() {
  cmd_deps
  cmd_native
  bench_peers
  bench_limits
  log "bench: benchmarks/Overhead (dotnet build -c $CONFIG)"
  dotnet build "$ROOT/benchmarks/Overhead/Overhead.csproj" -c "$CONFIG" -nologo -v q
  local quick=()
  case "${CHAINER_BENCH_QUICK:-0}" in 1 | true | yes) quick=(--quick) ;; esac
  log "bench: run"
  dotnet "$ROOT/benchmarks/Overhead/bin/$CONFIG/net10.0/Overhead.dll" --root "$ROOT" --python "$PEER_PYTHON" \
    --limits "$ROOT/build/bench/limits" "${quick[@]}" "$@"
}

# ---------------------------------------------------------------------------------------------
# gpu-bundle: everything a GPU host without the .NET SDK needs to run the GPU tests and benchmarks

cmd_gpu_bundle() {
  local build=1
  if [ "${1:-}" = "--no-build" ]; then build=0; fi
  if [ "$build" -eq 1 ]; then
    cmd_native
    cmd_managed
  fi
  require_native
  local tests_bin="$ROOT/tests/Chainer.Tests/bin/$CONFIG/net10.0"
  local bench_bin="$ROOT/benchmarks/Overhead/bin/$CONFIG/net10.0"
  [ -f "$tests_bin/Chainer.Tests.dll" ] || die "$tests_bin/Chainer.Tests.dll is missing: run ./build.sh managed"
  [ -f "$bench_bin/Overhead.dll" ] || die "$bench_bin/Overhead.dll is missing: run ./build.sh managed"

  # The .NET runtime the test assembly targets, from the SDK installed here: the host muxer, hostfxr and
  # shared/Microsoft.NETCore.App/<version> (the GPU host has no .NET).
  local dotnet_root version
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  version="$(find "$dotnet_root/shared/Microsoft.NETCore.App" -mindepth 1 -maxdepth 1 -type d -name '10.*' -printf '%f\n' |
    sort -V | tail -n 1)"
  [ -n "$version" ] || die "no .NET 10 runtime under $dotnet_root/shared/Microsoft.NETCore.App"
  local fxr
  fxr="$(find "$dotnet_root/host/fxr" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1)"

  local out="$ARTIFACTS/gpu-bundle"
  log "gpu-bundle: $out (.NET runtime $version)"
  rm -rf "$out" "$ARTIFACTS/gpu-bundle.tar.xz"
  mkdir -p "$out/dotnet/shared/Microsoft.NETCore.App" "$out/dotnet/host/fxr" "$out/cuda-src/native/src" "$out/limits"
  cp -a "$dotnet_root/dotnet" "$out/dotnet/"
  cp -a "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$out/dotnet/" 2>/dev/null || true
  cp -a "$dotnet_root/host/fxr/$fxr" "$out/dotnet/host/fxr/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$version" "$out/dotnet/shared/Microsoft.NETCore.App/"

  # The test assembly (a Microsoft.Testing.Platform executable) and the benchmark program, without the results
  # of local runs. The benchmark folder links to the test folder's copy of the 30 MB core library.
  cp -a "$tests_bin" "$out/tests"
  rm -rf "$out/tests/TestResults" "$out/tests/function_reference_diffs.txt"
  # The core as built now (the copy in the test folder is only refreshed by a managed build).
  cp -f "$BUILD_DIR/libchainer_native.so" "$out/tests/libchainer_native.so"
  cp -a "$bench_bin" "$out/bench"
  rm -f "$out/bench/libchainer_native.so" "$out/bench/libchainer_cuda.so" "$out/tests/libchainer_cuda.so"
  ln -s ../tests/libchainer_native.so "$out/bench/libchainer_native.so"
  cp -a "$ROOT/benchmarks/peers/peer.py" "$out/bench/"
  cp -a "$ROOT/benchmarks/limits/cuda_limits.cu" "$out/limits/"

  # The CUDA backend's sources, built on the GPU host with its own nvcc (the backend must match the host's
  # driver, and cudart is linked statically): native/cuda as it is, the public header and the core's headers
  # it includes, and a small top-level CMakeLists in place of the repository's.
  cp -a "$ROOT/native/cuda" "$out/cuda-src/native/"
  cp -a "$ROOT/native/include" "$out/cuda-src/native/"
  (cd "$ROOT/native/src" && find . -name '*.h' -print0 | xargs -0 cp --parents -t "$out/cuda-src/native/src")
  cat >"$out/cuda-src/CMakeLists.txt" <<'CMAKE'
# Builds libchainer_cuda.so alone (the repository's CMakeLists.txt also builds the core, which the bundle
# already carries). native/cuda/CMakeLists.txt reads the sources relative to this project's directory.
cmake_minimum_required(VERSION 3.20)
project(chainer_cuda_plugin LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()
find_package(Threads REQUIRED)
add_subdirectory(native/cuda)
CMAKE
  cp -a "$ROOT/benchmarks/gpu-bundle/run.sh" "$out/run.sh"
  chmod +x "$out/run.sh"
  cp -a "$ROOT/benchmarks/gpu-bundle/README.md" "$out/README.md"
  (cd "$ROOT" && git rev-parse HEAD 2>/dev/null || echo unknown) >"$out/COMMIT"

  log "gpu-bundle: $ARTIFACTS/gpu-bundle.tar.xz"
  tar -C "$ARTIFACTS" -cf - gpu-bundle | xz -T0 -9 >"$ARTIFACTS/gpu-bundle.tar.xz"
  local size
  size="$(stat -c %s "$ARTIFACTS/gpu-bundle.tar.xz")"
  echo "gpu-bundle: $(du -sh "$out" | cut -f1) in $out, $((size / 1024 / 1024)) MiB compressed"
  [ "$size" -lt $((60 * 1000 * 1000)) ] || die "gpu-bundle.tar.xz is $size bytes, over the 60 MB limit"
}

cmd_clean() {
  log "clean"
  rm -rf "$ROOT/build" "$ROOT/artifacts" "$ROOT/TestResults"
  local proj dir
  while IFS= read -r -d '' proj; do
    dir="$(dirname "$proj")"
    rm -rf "$dir/bin" "$dir/obj" "$dir/TestResults"
  done < <(find "$ROOT/managed" "$ROOT/tests" "$ROOT/examples" "$ROOT/bindings" "$ROOT/benchmarks" \
    -name '*.csproj' -print0 2>/dev/null)
}

usage() {
  sed -n '2,/^set -euo pipefail/{/^#/p}' "$SELF" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-build}"
  [ "$#" -gt 0 ] && shift
  case "$cmd" in
    build) cmd_build ;;
    deps) cmd_deps ;;
    native) cmd_native ;;
    bindings-check) cmd_bindings_check ;;
    managed) cmd_managed ;;
    test) cmd_test ;;
    example) cmd_example ;;
    pack) cmd_pack ;;
    smoke) cmd_smoke ;;
    bench) cmd_bench "$@" ;;
    gpu-bundle) cmd_gpu_bundle "$@" ;;
    clean) cmd_clean ;;
    -h | --help | help) usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

# Sourcing this file (for its functions) runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
