#include "cpu/thread_placement.h"

#if defined(__linux__)
#include <sched.h>
#endif

namespace chainer {

#if defined(__linux__)

int CurrentCpu() { return sched_getcpu(); }

void AvoidCpu(int cpu) {
  if (cpu < 0 || sched_getcpu() != cpu) return;
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  // Read afresh each time: the user may have changed the process's affinity since.
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) return;
  cpu_set_t elsewhere = allowed;
  CPU_CLR(cpu, &elsewhere);
  // Narrowing the set migrates the thread at once; widening it again does not move it back.
  if (sched_setaffinity(0, sizeof elsewhere, &elsewhere) == 0) sched_setaffinity(0, sizeof allowed, &allowed);
}

#else

int CurrentCpu() { return -1; }

void AvoidCpu(int) {}

#endif

}  // namespace chainer
