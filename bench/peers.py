#!/usr/bin/python3
"""Measures Panagrad's Python peers on the cases of a JMH run, on one thread.

For every GemmBenchmark (shape, variant) in the JMH results it times numpy's float32
matmul, which calls OpenBLAS's sgemm with the same transposes; for every
TrainingStepBenchmark model it times one PyTorch eager training step (zero_grad, forward,
MSE loss, backward, SGD step) of the same network at the same batch. Each case is warmed
up, then timed in batches of calls long enough to read the clock well; the result is the
median over the batches, in microseconds per operation like the JMH scores (us/op).

OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE when it loads; some machines set
them to work around old OpenBLAS builds, and they slow a current one down. This script
removes both from its own environment before numpy loads (nothing outside this process is
changed), records what it removed, and records which OpenBLAS kernel then runs.

Usage: peers.py --jmh JMH_JSON --out PEERS_JSON [--repeats N] [--batch-ms MS] [--smoke]
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def prepare_environment():
    """Pins the BLAS and OpenMP pools to one thread and drops the OpenBLAS overrides.

    Must run before numpy or torch is imported. Returns the overrides that were removed."""
    removed = {name: os.environ.pop(name) for name in OPENBLAS_OVERRIDES if name in os.environ}
    for name, value in SINGLE_THREAD.items():
        os.environ[name] = value
    return removed


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jmh", required=True, help="JMH results (-rf json) whose cases are measured")
    parser.add_argument("--out", required=True, help="where to write the peers' JSON")
    parser.add_argument("--repeats", type=int, default=15, help="timed batches per case (default 15)")
    parser.add_argument("--batch-ms", type=float, default=20.0,
                        help="least duration of one timed batch, in ms (default 20)")
    parser.add_argument("--warmup-ms", type=float, default=300.0, help="warm-up per case, in ms (default 300)")
    parser.add_argument("--smoke", action="store_true", help="3 batches of 1 ms after 10 ms of warm-up: checks the script only")
    return parser.parse_args()


def jmh_cases(path):
    """The (benchmark class, params) pairs of a JMH result file, without duplicates."""
    with open(path) as f:
        entries = json.load(f)
    cases = {}
    for entry in entries:
        cls = entry["benchmark"].split(".")[-2]
        params = entry.get("params", {})
        cases[(cls, tuple(sorted(params.items())))] = params
    return [(cls, params) for (cls, _), params in cases.items()]


def timed(fn, repeats, batch_s, warmup_s):
    """Median, quartiles and minimum of fn's time per call, in us, over `repeats` batches."""
    deadline = time.perf_counter() + warmup_s
    calls = 0
    while calls < 3 or time.perf_counter() < deadline:
        fn()
        calls += 1
    inner = 1
    while True:
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= batch_s:
            break
        inner = max(inner * 2, int(inner * batch_s / max(elapsed, 1e-9) * 1.2))
    per_call = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(inner):
            fn()
        per_call.append((time.perf_counter_ns() - start) / inner / 1000.0)
    quartiles = statistics.quantiles(per_call, n=4) if len(per_call) > 1 else per_call * 3
    return {
        "median_us": statistics.median(per_call),
        "q1_us": quartiles[0],
        "q3_us": quartiles[2],
        "min_us": min(per_call),
        "repeats": repeats,
        "calls_per_repeat": inner,
    }


def gemm_operation(np, shape, variant):
    """numpy's C = op(A) @ op(B) into a preallocated C, operands stored as in GemmBenchmark."""
    m, n, k = (int(v) for v in shape.split("x"))
    rng = np.random.default_rng(1)
    trans_a, trans_b = variant[0] == "T", variant[1] == "T"
    a = rng.uniform(-1, 1, (k, m) if trans_a else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if trans_b else (k, n)).astype(np.float32)
    c = np.empty((m, n), dtype=np.float32)
    op_a = a.T if trans_a else a
    op_b = b.T if trans_b else b
    exact = op_a.astype(np.float64) @ op_b.astype(np.float64)
    np.matmul(op_a, op_b, out=c)
    roundings = (k + 2) * 2.0 ** -24
    bound = roundings / (1 - roundings) * (np.abs(op_a.astype(np.float64)) @ np.abs(op_b.astype(np.float64)))
    if not np.all(np.abs(c - exact) <= bound):
        raise RuntimeError(f"numpy gemm {variant} {shape} is outside the gamma(k + 2) error bound")
    return lambda: np.matmul(op_a, op_b, out=c)


def model_widths(model):
    """'128x784-256-10' -> (128, [784, 256, 10]): batch, then the layer widths."""
    match = re.fullmatch(r"(\d+)x(\d+(?:-\d+)+)", model)
    if not match:
        raise ValueError(f"model = '{model}' must be BATCHxIN-...-OUT")
    return int(match.group(1)), [int(w) for w in match.group(2).split("-")]


def training_step(torch, model, lr):
    """One PyTorch eager step of the TrainingStepBenchmark network: Linear layers with a
    ReLU after each hidden one (after the only one, for a single layer), MSE, plain SGD."""
    batch, widths = model_widths(model)
    torch.manual_seed(0)
    layers = []
    count = len(widths) - 1
    for i in range(count):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < count - 1 or count == 1:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    x = torch.rand(batch, widths[0]) * 2 - 1
    y = torch.rand(batch, widths[-1]) * 2 - 1
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    args = parse_args()
    removed = prepare_environment()
    if args.smoke:
        args.repeats, args.batch_ms, args.warmup_ms = 3, 1.0, 10.0
    import numpy as np
    from_threadpoolctl = None
    try:
        import threadpoolctl
        from_threadpoolctl = threadpoolctl
    except ImportError:
        pass

    cases = jmh_cases(args.jmh)
    gemm = sorted({(p["shape"], p["variant"]) for cls, p in cases if cls == "GemmBenchmark"})
    models = sorted({p["model"] for cls, p in cases if cls == "TrainingStepBenchmark"})
    batch_s, warmup_s = args.batch_ms / 1000.0, args.warmup_ms / 1000.0
    results = []
    for shape, variant in gemm:
        stats = timed(gemm_operation(np, shape, variant), args.repeats, batch_s, warmup_s)
        results.append({"benchmark": "GemmBenchmark", "peer": "numpy",
                        "params": {"shape": shape, "variant": variant}, **stats})
        print(f"numpy gemm {variant} {shape}: {stats['median_us']:.2f} us/op", file=sys.stderr)

    torch_info = None
    if models:
        import torch
        torch.set_num_threads(1)
        config = torch.__config__.show()
        torch_info = {"version": torch.__version__, "threads": torch.get_num_threads(),
                      "cpu_capability": re.search(r"CPU capability usage: (\S+)", config).group(1)
                      if "CPU capability usage" in config else None,
                      "blas": re.search(r"BLAS_INFO=([^,]+)", config).group(1) if "BLAS_INFO=" in config else None}
        for model in models:
            stats = timed(training_step(torch, model, lr=0.01), args.repeats, batch_s, warmup_s)
            results.append({"benchmark": "TrainingStepBenchmark", "peer": "pytorch",
                            "params": {"model": model}, **stats})
            print(f"pytorch step {model}: {stats['median_us']:.2f} us/op", file=sys.stderr)

    pools = from_threadpoolctl.threadpool_info() if from_threadpoolctl else "threadpoolctl not installed"
    report = {
        "unit": "us/op",
        "statistic": "median over timed batches after warm-up",
        "repeats": args.repeats,
        "batch_ms": args.batch_ms,
        "warmup_ms": args.warmup_ms,
        "smoke": args.smoke,
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "platform": platform.platform()},
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch_info,
        "thread_pools": pools,
        "environment": {name: os.environ.get(name) for name in SINGLE_THREAD},
        "removed_overrides": removed,
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
