// Where the pool's threads run. Linux may wake a sleeping worker on the CPU of the thread that
// woke it; two busy threads then share one core until the scheduler's load balancer separates
// them. These helpers let a worker notice that and step aside. Elsewhere they do nothing.
#pragma once

namespace chainer {

// The CPU the calling thread runs on now, or -1 where that cannot be known.
int CurrentCpu();

// If the calling thread is on `cpu` and may run elsewhere, moves it to another allowed CPU.
// Its allowed set is left as it was, so the scheduler stays free to place it later.
void AvoidCpu(int cpu);

}  // namespace chainer
