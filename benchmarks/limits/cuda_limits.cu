// The GPU limits of the GPU benchmarks (benchmarks/Overhead/GpuSuite.cs, docs/benchmarks.md): cuBLAS's
// cublasSgemm called directly, and the device-to-device copy bandwidth (cudaMemcpyAsync), each timed with CUDA
// events around one call. It speaks the peers' line protocol on stdin/stdout (benchmarks/peers/peer.py):
//
//   info                         -> {"name", "version", "device", "workloads"}
//   run sgemm REPS n=N           -> {"samples": [seconds, ...]}   C = A B, N x N x N float32
//   run d2d REPS bytes=B         -> {"samples": [seconds, ...]}   one copy of B bytes
//   quit
//
// Build (the GPU bundle's run.sh does this): nvcc -O3 -o cuda_limits cuda_limits.cu -lcublas
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

void Emit(const std::string& json) {
  std::fputs(json.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A failing CUDA or cuBLAS call becomes an error answer; the program keeps serving.
struct Failure {
  std::string message;
};

void Check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw Failure{std::string(what) + ": " + cudaGetErrorString(e)};
}

void Check(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS) throw Failure{std::string(what) + ": cuBLAS status " + std::to_string(static_cast<int>(s))};
}

__global__ void FillKernel(float* p, size_t n, unsigned seed) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < n) {
    unsigned h = static_cast<unsigned>(i) * 2654435761u + seed;
    p[i] = static_cast<float>(h % 2001u) / 1000.0f - 1.0f;  // [-1, 1]
  }
}

// Device buffers kept between requests of the same size, as the other implementations keep their operands.
struct Buffers {
  size_t floats = 0;
  std::vector<float*> ptrs;
  void Ensure(size_t n, int count) {
    if (n == floats && static_cast<int>(ptrs.size()) == count) return;
    Release();
    for (int i = 0; i < count; i++) {
      float* p = nullptr;
      Check(cudaMalloc(&p, n * sizeof(float)), "cudaMalloc");
      ptrs.push_back(p);
      FillKernel<<<static_cast<unsigned>((n + 255) / 256), 256>>>(p, n, 17u * (i + 1));
      Check(cudaGetLastError(), "fill");
    }
    floats = n;
    Check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  }
  void Release() {
    for (float* p : ptrs) cudaFree(p);
    ptrs.clear();
    floats = 0;
  }
};

std::string Samples(const std::vector<double>& s) {
  std::ostringstream o;
  o.precision(9);
  o << "{\"samples\": [";
  for (size_t i = 0; i < s.size(); i++) o << (i ? ", " : "") << s[i];
  o << "]}";
  return o.str();
}

template <typename F>
std::vector<double> TimeEvents(int reps, F call) {
  cudaEvent_t start, stop;
  Check(cudaEventCreate(&start), "cudaEventCreate");
  Check(cudaEventCreate(&stop), "cudaEventCreate");
  call();  // one untimed call: first-use costs (cuBLAS heuristics, page mapping) stay out of the samples
  Check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  std::vector<double> out;
  for (int r = 0; r < reps; r++) {
    Check(cudaEventRecord(start), "cudaEventRecord");
    call();
    Check(cudaEventRecord(stop), "cudaEventRecord");
    Check(cudaEventSynchronize(stop), "cudaEventSynchronize");
    float ms = 0;
    Check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
    out.push_back(ms * 1e-3);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return out;
}

}  // namespace

int main() {
  int runtime = 0, driver = 0;
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    Emit("{\"error\": \"no CUDA device\"}");
    return 3;
  }
  cublasHandle_t handle = nullptr;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) {
    Emit("{\"error\": \"cublasCreate failed\"}");
    return 3;
  }
  Buffers gemm, copy;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    if (!(in >> cmd)) continue;
    try {
      if (cmd == "quit") break;
      if (cmd == "info") {
        std::ostringstream o;
        o << "{\"name\": \"CUDA limits\", \"version\": \"runtime " << runtime / 1000 << "." << (runtime % 1000) / 10
          << ", driver " << driver / 1000 << "." << (driver % 1000) / 10 << "\", \"device\": \"" << Escape(prop.name)
          << "\", \"workloads\": [\"sgemm\", \"d2d\"]}";
        Emit(o.str());
        continue;
      }
      std::string name;
      int reps = 0;
      if (cmd != "run" || !(in >> name >> reps) || reps < 1) {
        Emit("{\"error\": \"unknown request: " + Escape(line) + "\"}");
        continue;
      }
      std::map<std::string, long long> p;
      std::string kv;
      while (in >> kv) {
        size_t eq = kv.find('=');
        if (eq != std::string::npos) p[kv.substr(0, eq)] = std::atoll(kv.c_str() + eq + 1);
      }
      if (name == "sgemm") {
        int n = static_cast<int>(p["n"]);
        if (n <= 0) throw Failure{"sgemm needs n=N"};
        copy.Release();
        gemm.Ensure(static_cast<size_t>(n) * n, 3);
        float* a = gemm.ptrs[0];
        float* b = gemm.ptrs[1];
        float* c = gemm.ptrs[2];
        const float alpha = 1.0f, beta = 0.0f;
        // Row-major C = A B is column-major C^T = B^T A^T: the same call with the operands swapped.
        Emit(Samples(TimeEvents(reps, [&] {
          Check(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, b, n, a, n, &beta, c, n), "cublasSgemm");
        })));
      } else if (name == "d2d") {
        long long bytes = p["bytes"];
        if (bytes <= 0) throw Failure{"d2d needs bytes=B"};
        gemm.Release();
        copy.Ensure(static_cast<size_t>((bytes + 3) / 4), 2);
        float* src = copy.ptrs[0];
        float* dst = copy.ptrs[1];
        Emit(Samples(TimeEvents(reps, [&] {
          Check(cudaMemcpyAsync(dst, src, static_cast<size_t>(bytes), cudaMemcpyDeviceToDevice), "cudaMemcpyAsync");
        })));
      } else {
        Emit("{\"error\": \"no workload " + Escape(name) + "\"}");
      }
    } catch (const Failure& f) {
      Emit("{\"error\": \"" + Escape(f.message) + "\"}");
    }
  }
  gemm.Release();
  copy.Release();
  cublasDestroy(handle);
  return 0;
}
