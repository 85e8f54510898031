#!/usr/bin/env bash
# Host emulation of libchainer_cuda.so, for checking kernel logic without a GPU.
#
# The .cu sources are compiled as plain C++ against include/cuda_runtime.h and
# include/cublas_v2.h (a small host emulation: device memory is host memory,
# each launch runs every block on blockDim.x real threads with a barrier for
# __syncthreads, cuBLAS is a naive reference), with ASan and UBSan. Then:
#  1. tests/plugin_selftest.cc runs against the emulated plugin;
#  2. with a core build directory (one that has built chainer_core's objects,
#     e.g. build/native), cpu_compare.cc checks every kernel against CpuKernels.
#
# Usage: native/cuda/tests/host_emulation/run.sh [core build dir]
# Not part of CI (about 3 minutes of compilation on 2 cores); numerical
# behaviour specific to the GPU (libdevice math, cuBLAS) is not covered.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cuda="$(cd "$here/../.." && pwd)"
native="$(cd "$cuda/.." && pwd)"
core_build="${1:-}"
work="$(mktemp -d /tmp/chainer-cuda-emu.XXXXXX)"
mkdir -p "$work/src" "$work/obj"
cp "$cuda"/*.cu "$cuda"/*.cc "$cuda"/*.h "$cuda"/*.cuh "$work/src/"
python3 - "$work/src" <<'PY'
import glob, re, sys
d = sys.argv[1]
for p in glob.glob(d + '/*.cu') + glob.glob(d + '/*.cuh'):
    s = open(p).read()
    s = s.replace('extern __shared__ __align__(16) unsigned char smem_raw[];',
                  'unsigned char* smem_raw = emu_dynamic_shared;')
    s = re.sub(r'(\w+<[^<>;]*>)<<<(.*?)>>>\(', r'EmuCfg(\2).Run(\1, ', s, flags=re.S)
    s = s.replace('#pragma unroll', '')
    open(p, 'w').write(s)
PY
san="-fsanitize=address,undefined"
pids=()
for f in "$work"/src/*.cu "$work"/src/*.cc; do
  g++ -std=c++17 -O1 -g -fPIC -x c++ -I"$here/include" -I"$native/include" -I"$native/src" -I"$work/src" \
    -DCHAINER_CUDA_ARCHS_STRING='"emulated"' $san -c "$f" -o "$work/obj/$(basename "$f").o" &
  pids+=($!)
  if (( ${#pids[@]} >= $(nproc) )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
g++ -shared $san "$work"/obj/*.o -o "$work/libchainer_cuda.so" -lpthread
g++ -std=c++17 -O1 -g -I"$native/include" -I"$native/src" "$cuda/tests/plugin_selftest.cc" -o "$work/selftest" -ldl
export ASAN_OPTIONS=detect_leaks=0
export LD_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libubsan.so)"
status=0
"$work/selftest" "$work/libchainer_cuda.so" || status=1
if [[ -n "$core_build" ]]; then
  objs=$(find "$core_build/CMakeFiles/chainer_core.dir" -name '*.o' | grep -v /capi/)
  blas=$(ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a /usr/lib/x86_64-linux-gnu/libopenblas.a 2>/dev/null | head -1)
  LD_PRELOAD= g++ -std=c++17 -O1 -g -I"$native/include" -I"$native/src" "$here/cpu_compare.cc" $objs "$blas" \
    -o "$work/cpu_compare" -ldl -lpthread -lm
  "$work/cpu_compare" "$work/libchainer_cuda.so" || status=1
fi
echo "work directory: $work"
exit $status
