/*
 * The physical limits for `./build.sh bench`: OpenBLAS's cblas_sgemm called directly (the same
 * static libopenblas.a that libchainer_native.so links, so the same kernels under the same
 * OPENBLAS_CORETYPE), and a plain C loop writing into an existing buffer.
 *
 * Driven by benchmarks/Overhead over stdin/stdout like the Python peers: one request per line,
 * one JSON line per answer. Times are seconds per call.
 *
 *   info                          -> {"name": ..., "openblas_config": ..., "openblas_core": ..., ...}
 *   sgemm M N K TA TB REPS        -> {"samples": [...]}   C(MxN) = op(A) op(B), TA/TB: 0 or 1
 *   gemmseq REPS COUNT (M N K TA TB) x COUNT -> {"samples": [...]}   the COUNT GEMMs in turn, per sample
 *   ew OP N THREADS REPS          -> {"samples": [...]}   OP: add | mul | relu, c[i] = a[i] OP b[i]
 *   quit
 *
 * Built by `./build.sh bench` into build/bench/limits:
 *   gcc -O3 -march=native limits.c libopenblas.a -lpthread -lm
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef enum { CblasRowMajor = 101 } CBLAS_ORDER;
typedef enum { CblasNoTrans = 111, CblasTrans = 112 } CBLAS_TRANSPOSE;
void cblas_sgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k,
                 float alpha, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                 int ldc);
char* openblas_get_config(void);
char* openblas_get_corename(void);
int openblas_get_num_threads(void);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static float* alloc_filled(size_t n, uint32_t seed) {
  float* p = NULL;
  if (posix_memalign((void**)&p, 64, n * sizeof(float) + 64) != 0) {
    return NULL;
  }
  uint32_t s = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {  // values in [-1, 1): relu sees both signs; pages are touched
    s = s * 1664525u + 1013904223u;
    p[i] = (float)((int32_t)s) * (1.0f / 2147483648.0f);
  }
  return p;
}

static void emit_samples(const double* s, int n) {
  printf("{\"samples\": [");
  for (int i = 0; i < n; ++i) {
    printf(i ? ", %.9g" : "%.9g", s[i]);
  }
  printf("]}\n");
  fflush(stdout);
}

static void emit_error(const char* msg) {
  printf("{\"error\": \"%s\"}\n", msg);
  fflush(stdout);
}

#define WARM_SECONDS 0.15

/* ---- sgemm: the operands of the last shape are kept, so repeated requests reuse them ---- */

static float *g_a, *g_b, *g_c;
static long g_m = -1, g_n = -1, g_k = -1;

/* C = op(A) op(B) on the kept operands; row-major: op(A) is m x k, A is stored k x m when transposed */
static void sgemm_once(long m, long n, long k, int ta, int tb) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
              g_a, ta ? (int)m : (int)k, g_b, tb ? (int)k : (int)n, 0.0f, g_c, (int)n);
}

static int sgemm_request(long m, long n, long k, int ta, int tb, int reps) {
  if (m != g_m || n != g_n || k != g_k) {
    free(g_a);
    free(g_b);
    free(g_c);
    g_a = alloc_filled((size_t)(m * k), 1);
    g_b = alloc_filled((size_t)(k * n), 2);
    g_c = alloc_filled((size_t)(m * n), 3);
    if (!g_a || !g_b || !g_c) return -1;
    g_m = m;
    g_n = n;
    g_k = k;
  }
  /* OpenBLAS's threads start asleep; Linux tends to wake them on the caller's CPU, where they
     share one core until the load balancer parts them (tens of ms on the 2-vCPU guests). The
     limit is OpenBLAS's steady state, so it runs untimed for a while first. */
  for (double w0 = now(); now() - w0 < WARM_SECONDS;) sgemm_once(m, n, k, ta, tb);
  double* s = malloc(sizeof(double) * (size_t)reps);
  for (int r = 0; r < reps; ++r) {
    double t0 = now();
    sgemm_once(m, n, k, ta, tb);
    s[r] = now() - t0;
  }
  emit_samples(s, reps);
  free(s);
  return 0;
}

/* ---- a sequence of GEMMs per sample (the GEMMs of one training step: a floor for it) ---- */

#define SEQ_MAX 32
static struct {
  long m, n, k;
  int ta, tb;
  float *a, *b, *c;
} g_seq[SEQ_MAX];
static int g_seq_count;

static void gemmseq_once(int count) {
  for (int i = 0; i < count; ++i) {
    long m = g_seq[i].m, n = g_seq[i].n, k = g_seq[i].k;
    int ta = g_seq[i].ta, tb = g_seq[i].tb;
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
                1.0f, g_seq[i].a, ta ? (int)m : (int)k, g_seq[i].b, tb ? (int)k : (int)n, 0.0f, g_seq[i].c, (int)n);
  }
}

static int gemmseq_request(int reps, int count, const long* dims) {
  int same = count == g_seq_count;
  for (int i = 0; same && i < count; ++i) {
    same = g_seq[i].m == dims[5 * i] && g_seq[i].n == dims[5 * i + 1] && g_seq[i].k == dims[5 * i + 2] &&
           g_seq[i].ta == (int)dims[5 * i + 3] && g_seq[i].tb == (int)dims[5 * i + 4];
  }
  if (!same) {
    for (int i = 0; i < g_seq_count; ++i) {
      free(g_seq[i].a);
      free(g_seq[i].b);
      free(g_seq[i].c);
    }
    g_seq_count = 0;
    for (int i = 0; i < count; ++i) {
      g_seq[i].m = dims[5 * i];
      g_seq[i].n = dims[5 * i + 1];
      g_seq[i].k = dims[5 * i + 2];
      g_seq[i].ta = (int)dims[5 * i + 3];
      g_seq[i].tb = (int)dims[5 * i + 4];
      g_seq[i].a = alloc_filled((size_t)(g_seq[i].m * g_seq[i].k), 7 + i);
      g_seq[i].b = alloc_filled((size_t)(g_seq[i].k * g_seq[i].n), 8 + i);
      g_seq[i].c = alloc_filled((size_t)(g_seq[i].m * g_seq[i].n), 9 + i);
      g_seq_count = i + 1;
      if (!g_seq[i].a || !g_seq[i].b || !g_seq[i].c) return -1;
    }
  }
  for (double w0 = now(); now() - w0 < WARM_SECONDS;) gemmseq_once(count); /* as for sgemm */
  double* s = malloc(sizeof(double) * (size_t)reps);
  for (int r = 0; r < reps; ++r) {
    double t0 = now();
    gemmseq_once(count);
    s[r] = now() - t0;
  }
  emit_samples(s, reps);
  free(s);
  return 0;
}

/* ---- elementwise: c[i] = a[i] op b[i] into an existing buffer, THREADS equal chunks ---- */

static float *e_a, *e_b, *e_c;
static long e_n = -1;

typedef struct {
  int op;
  long begin, end;
} ew_job;

static void* ew_run(void* arg) {
  const ew_job* j = (const ew_job*)arg;
  const float* restrict a = e_a;
  const float* restrict b = e_b;
  float* restrict c = e_c;
  long i0 = j->begin, i1 = j->end;
  switch (j->op) {
    case 0:
      for (long i = i0; i < i1; ++i) c[i] = a[i] + b[i];
      break;
    case 1:
      for (long i = i0; i < i1; ++i) c[i] = a[i] * b[i];
      break;
    default:
      for (long i = i0; i < i1; ++i) c[i] = a[i] > 0.0f ? a[i] : 0.0f;
      break;
  }
  return NULL;
}

static int ew_request(const char* opname, long n, int threads, int reps) {
  int op = strcmp(opname, "add") == 0 ? 0 : strcmp(opname, "mul") == 0 ? 1 : strcmp(opname, "relu") == 0 ? 2 : -1;
  if (op < 0) return -2;
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  if (n != e_n) {
    free(e_a);
    free(e_b);
    free(e_c);
    e_a = alloc_filled((size_t)n, 4);
    e_b = alloc_filled((size_t)n, 5);
    e_c = alloc_filled((size_t)n, 6);
    if (!e_a || !e_b || !e_c) return -1;
    e_n = n;
  }
  ew_job jobs[64];
  pthread_t tids[64];
  double* s = malloc(sizeof(double) * (size_t)reps);
  for (int r = 0; r < reps; ++r) {
    double t0 = now();
    for (int t = 0; t < threads; ++t) {
      jobs[t].op = op;
      jobs[t].begin = n * t / threads;
      jobs[t].end = n * (t + 1) / threads;
    }
    for (int t = 1; t < threads; ++t) pthread_create(&tids[t], NULL, ew_run, &jobs[t]);
    ew_run(&jobs[0]);
    for (int t = 1; t < threads; ++t) pthread_join(tids[t], NULL);
    s[r] = now() - t0;
  }
  emit_samples(s, reps);
  free(s);
  return 0;
}

static void json_string(const char* key, const char* v) {
  printf("\"%s\": \"", key);
  for (; v && *v; ++v) {
    if (*v == '"' || *v == '\\') putchar('\\');
    if ((unsigned char)*v >= 0x20) putchar(*v);
  }
  printf("\"");
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "--info") == 0) {
    printf("%s | core %s | threads %d\n", openblas_get_config(), openblas_get_corename(), openblas_get_num_threads());
    return 0;
  }
  char line[512];
  while (fgets(line, sizeof line, stdin)) {
    char cmd[32] = {0}, op[32] = {0};
    if (sscanf(line, "%31s", cmd) != 1) continue;
    if (strcmp(cmd, "quit") == 0) break;
    if (strcmp(cmd, "info") == 0) {
      printf("{");
      json_string("name", "C (OpenBLAS direct, plain loop)");
      printf(", ");
      json_string("version", openblas_get_config());
      printf(", ");
      json_string("openblas_config", openblas_get_config());
      printf(", ");
      json_string("openblas_core", openblas_get_corename());
      printf(", \"openblas_threads\": %d, \"threads\": %d, \"cores\": %ld}\n", openblas_get_num_threads(),
             openblas_get_num_threads(), sysconf(_SC_NPROCESSORS_ONLN));
      fflush(stdout);
    } else if (strcmp(cmd, "sgemm") == 0) {
      long m, n, k;
      int ta, tb, reps;
      if (sscanf(line, "%*s %ld %ld %ld %d %d %d", &m, &n, &k, &ta, &tb, &reps) != 6 || m < 1 || n < 1 ||
          k < 1 || reps < 1) {
        emit_error("usage: sgemm M N K TA TB REPS");
      } else if (sgemm_request(m, n, k, ta, tb, reps) != 0) {
        emit_error("out of memory");
      }
    } else if (strcmp(cmd, "gemmseq") == 0) {
      long dims[5 * SEQ_MAX];
      int reps = 0, count = 0, ok = 1, off = 0, used = 0;
      const char* p = line;
      if (sscanf(p, "%*s %d %d%n", &reps, &count, &used) != 2 || reps < 1 || count < 1 || count > SEQ_MAX) ok = 0;
      p += used;
      for (int i = 0; ok && i < 5 * count; ++i, p += off) {
        if (sscanf(p, "%ld%n", &dims[i], &off) != 1 || (i % 5 < 3 && dims[i] < 1)) ok = 0;
      }
      if (!ok) {
        emit_error("usage: gemmseq REPS COUNT (M N K TA TB) x COUNT");
      } else if (gemmseq_request(reps, count, dims) != 0) {
        emit_error("out of memory");
      }
    } else if (strcmp(cmd, "ew") == 0) {
      long n;
      int threads, reps;
      if (sscanf(line, "%*s %31s %ld %d %d", op, &n, &threads, &reps) != 4 || n < 1 || reps < 1) {
        emit_error("usage: ew OP N THREADS REPS");
      } else {
        int rc = ew_request(op, n, threads, reps);
        if (rc == -1) emit_error("out of memory");
        if (rc == -2) emit_error("unknown op");
      }
    } else {
      emit_error("unknown request");
    }
  }
  return 0;
}
