#!/usr/bin/python3
"""One cold-start measurement of PyTorch in this fresh process: the first training steps.

Times `import torch` apart, builds the network of bench/peers.py (the same model as
TrainingStepBenchmark and ColdStart) on one thread, then makes up to COUNT steps back to
back and prints, as one JSON line in ColdStart's format, the cumulative time since the first
step began at the checkpoints 1, 2, 3, 5, 10, 20, ... up to COUNT, with the process's CPU
time over the same span. No step starts after MAX_SECONDS.

Usage: coldstart_pytorch.py train:MODEL COUNT MAX_SECONDS     (run by bench/coldstart.py)
"""

import json
import sys
import time

from peers import prepare_environment, training_step


def checkpoints(count):
    """1, 2, 3, 5 times the powers of ten below count, then count (as CallTimer.checkpoints)."""
    points, decade = [], 1
    while decade <= count:
        points += [m * decade for m in (1, 2, 3, 5) if m * decade < count]
        decade *= 10
    return points + [count]


def main():
    if len(sys.argv) != 4 or not sys.argv[1].startswith("train:"):
        sys.exit(__doc__.split("\n\n")[-1])
    case, count, max_seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    prepare_environment()
    started = time.perf_counter()
    import torch
    import_ms = (time.perf_counter() - started) * 1e3
    torch.set_num_threads(1)
    step = training_step(torch, case.split(":", 1)[1], lr=0.01)
    points = checkpoints(count)
    elapsed, cpu = [], []
    cpu0 = time.process_time_ns()
    start = time.perf_counter_ns()
    for call in range(1, count + 1):
        loss = step()
        now = time.perf_counter_ns() - start
        if call == points[len(elapsed)]:
            elapsed.append(now)
            cpu.append(time.process_time_ns() - cpu0)
        if now >= max_seconds * 1e9:
            break
    print(json.dumps({"case": case, "engine": "pytorch", "torch": torch.__version__, "import_ms": import_ms,
                      "threads": torch.get_num_threads(), "points": points[:len(elapsed)],
                      "elapsed_ns": elapsed, "cpu_ns": cpu, "check": float(loss)}))


if __name__ == "__main__":
    main()
