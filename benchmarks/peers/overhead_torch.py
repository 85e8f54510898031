#!/usr/bin/python3
"""PyTorch side of benchmarks/Overhead: the same chains of tiny adds, timed in-process.

Driven by benchmarks/Overhead over stdin/stdout, one JSON line per request, so the two
libraries run alternately in one benchmark run:

    info                          -> {"name": "PyTorch", "version": "...", "threads": N}
    run <case> <reps> <chain>     -> {"samples": [us_per_op, ...]}   case: forward | backward
    quit

If PyTorch cannot be imported, the first line printed is {"error": "..."} and the exit code is 3.
`overhead_torch.py --standalone` runs one measurement by itself and prints it.
"""
import json
import statistics
import sys
import time


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
except Exception as e:  # ImportError, or a broken installation
    emit({"error": "PyTorch is not available: %s: %s" % (type(e).__name__, e)})
    sys.exit(3)


def chain_forward(x, chain):
    """chain adds on shape (1,), graph recorded; microseconds per op."""
    t0 = time.perf_counter_ns()
    y = x
    for _ in range(chain):
        y = y + x
    del y
    return (time.perf_counter_ns() - t0) / 1e3 / chain


def chain_forward_backward(x, chain):
    """chain adds, then backward from the (1,)-shaped result; microseconds per op."""
    t0 = time.perf_counter_ns()
    y = x
    for _ in range(chain):
        y = y + x
    y.backward()
    del y
    x.grad = None
    return (time.perf_counter_ns() - t0) / 1e3 / chain


CASES = {"forward": chain_forward, "backward": chain_forward_backward}


def run(case, reps, chain):
    x = torch.ones(1, dtype=torch.float32, requires_grad=True)
    fn = CASES[case]
    return [fn(x, chain) for _ in range(reps)]


def main():
    if "--standalone" in sys.argv:
        for case in CASES:
            run(case, 50, 100)  # warm-up
            print("%-10s %.3f us/op" % (case, statistics.median(run(case, 300, 100))))
        return
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "info":
            emit({"name": "PyTorch", "version": torch.__version__, "threads": torch.get_num_threads()})
        elif parts[0] == "run" and len(parts) == 4 and parts[1] in CASES:
            emit({"samples": run(parts[1], int(parts[2]), int(parts[3]))})
        elif parts[0] == "quit":
            return
        else:
            emit({"error": "unknown request: " + line.strip()})


if __name__ == "__main__":
    main()
