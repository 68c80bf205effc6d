#!/usr/bin/python3
"""Renders a benchmark run into docs/benchmarks.md and PNG charts, from its JSON alone.

Reads RESULTS/jmh.json (JMH -rf json) and any further JMH results RESULTS/jmh-*.json (the
OpenBLAS run with forced kernels), RESULTS/peers.json (bench/peers.py), RESULTS/run.json
(bench/run: machine, JVM, knobs) and RESULTS/peer-kernels.json (bench/run with native peers:
their versions and kernels), any of the last three may be missing, and, with --coldstart, the
cold-start sweeps of bench/coldstart.py below COLDSTART (bench/coldstart_render.py), and
writes the Markdown report and its charts. Each comparison shows the implementations the run
measured. Rerunning it on the same folder gives the same report, so the results can be kept
and redrawn.

Usage: render.py RESULTS [--coldstart COLDSTART] [--markdown FILE] [--charts DIR]
"""

import argparse
import glob
import json
import math
import os
import sys
from collections import defaultdict, namedtuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend must be chosen first)
from matplotlib.ticker import FuncFormatter  # noqa: E402

import coldstart_render  # noqa: E402
from tables import fmt_number, table  # noqa: E402

PLAIN_NUMBERS = FuncFormatter(lambda value, _: f"{value:g}")
# Labels of a log axis's minor ticks: the 2s and 5s of each decade only.
TWOS_AND_FIVES = FuncFormatter(lambda value, _: f"{value:g}" if f"{value:.0e}"[0] in "25" else "")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNIT_TO_US = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}

# One implementation in a comparison: where its scores are (a JMH class and method, or the
# benchmark and peer of peers.json, plus parameters of its own) and its label.
Column = namedtuple("Column", "key label cls method extra")
# Colours by implementation; a key ending in "-array" (a float[] overload) is drawn like its
# base with a dotted line and crosses, and OpenBLAS with forced kernels is "openblas-<core>".
COLOURS = {
    "scalar": "#9e9e9e", "vector": "#d62728", "ejml": "#1f77b4", "netlib": "#2ca02c", "numpy": "#9467bd",
    "openblas-detected": "#8c564b", "openblas-forced": "#e377c2", "mkl": "#17becf",
    "pytorch": "#ff7f0e", "djl-autograd": "#bcbd22", "djl-trainer": "#393b79",
}
MARKERS = "osD^v<>phP*Xd"  # the dot charts' markers, one per implementation in order
# The machine's FMA roof in GFLOP/s and its error, from FmaRoofBenchmark.
Roof = namedtuple("Roof", "gflops error")


def style(key):
    """(colour, line style, marker) of an implementation: Panagrad solid, peers dashed, a
    float[] overload dotted with crosses."""
    array = key.endswith("-array")
    base = key[:-len("-array")] if array else key
    if base.startswith("openblas-") and base not in COLOURS:
        base = "openblas-forced"
    if array:
        return COLOURS.get(base, "#000000"), ":", "x"
    return COLOURS.get(base, "#000000"), "-" if base in ("scalar", "vector") else "--", "o"


# Bytes a streaming kernel reads and writes per element (4-byte floats; an accumulator is
# read and written). ColumnSums and AddRowVector count per matrix element.
BYTES_PER_ELEMENT = {
    "ArraycopyBenchmark": 8, "ReluBenchmark": 8, "ScaleBenchmark": 8, "ElementwiseBenchmark": 12,
    "AxpyBenchmark": 12, "ReluBackwardBenchmark": 16, "SumBenchmark": 4, "DotBenchmark": 8,
    "MseBenchmark": 8, "MseBackwardBenchmark": 16, "AdamBenchmark": 28, "ColumnSumsBenchmark": 4,
    "AddRowVectorBenchmark": 8,
}
KERNEL_NAME = {
    "ReluBenchmark": "relu", "ReluBackwardBenchmark": "reluBackward", "AxpyBenchmark": "axpy",
    "ScaleBenchmark": "scale", "SumBenchmark": "sum", "DotBenchmark": "dot", "MseBenchmark": "mse",
    "MseBackwardBenchmark": "mseBackward", "SgdBenchmark": "sgdStep", "AdamBenchmark": "adamStep",
    "ColumnSumsBenchmark": "columnSums", "AddRowVectorBenchmark": "addRowVector", "ElementwiseBenchmark": "",
}
# Where the arrays of the streaming benchmarks' sizes sit on the reference machine (bench Sizes.java).
CACHE_LEVEL = {1000: "L1", 30011: "L2", 1000003: "L3", 30000001: "DRAM"}
# The products one training step runs, with the transposes the autograd layer uses for them.
TRAINING_PRODUCTS = [
    ("128x256x784", "NT", "784→256, batch 128: forward X·Wᵀ"),
    ("256x784x128", "TN", "784→256, batch 128: weight grad dYᵀ·X"),
    ("128x784x256", "NN", "784→256, batch 128: input grad dY·W"),
    ("1000x8x3", "NT", "3→8, batch 1000: forward"),
    ("1000x1x8", "NT", "8→1, batch 1000: forward"),
    ("8x3x1000", "TN", "3→8, batch 1000: weight grad"),
    ("1x8x1000", "TN", "8→1, batch 1000: weight grad"),
    ("1000x8x1", "NN", "8→1, batch 1000: hidden grad"),
    ("1000x1x3", "NT", "3→1 seed, batch 1000: forward"),
    ("1x3x1000", "TN", "3→1 seed, batch 1000: weight grad"),
]
ROLE = {(shape, variant): label for shape, variant, label in TRAINING_PRODUCTS}
# The gemm comparisons: (chart name, title, whether an m×n×k belongs to it).
GEMM_COMPARISONS = [
    ("square", "Squares", lambda dims: len(set(dims)) == 1),
    ("mlp", "MLP products (784→256→10 at batch 128)", lambda dims: len(set(dims)) > 1 and min(dims) >= 16),
    ("thin", "Thin products (3→8→1 and 3→1 at batch 1000)", lambda dims: min(dims) < 16),
]
# Benchmarks whose score is a rate, read apart from the time scores.
RATE_BENCHMARKS = {"FmaRoofBenchmark"}


class Score:
    """One measured case: time per operation in us, its error, and the memory it allocates."""

    def __init__(self, us, error=None, median=None, alloc=None, spread=None):
        self.us, self.error, self.median, self.alloc, self.spread = us, error, median, alloc, spread


def number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) or math.isinf(value) else value


def load_jmh(path):
    """{(class, method, params): Score} from a JMH JSON file, times in us/op."""
    with open(path) as f:
        entries = json.load(f)
    scores = {}
    for entry in entries:
        *_, cls, method = entry["benchmark"].split(".")
        metric = entry["primaryMetric"]
        factor = UNIT_TO_US.get(metric["scoreUnit"])
        if cls in RATE_BENCHMARKS:
            continue
        if factor is None or entry.get("mode") not in ("avgt", "ss", "sample"):
            print(f"render: skipping {cls}.{method} in unit {metric['scoreUnit']}", file=sys.stderr)
            continue
        error = number(metric.get("scoreError"))
        median = number(metric.get("scorePercentiles", {}).get("50.0"))
        alloc = None
        for name, secondary in entry.get("secondaryMetrics", {}).items():
            if name.lstrip("·") == "gc.alloc.rate.norm":
                alloc = number(secondary.get("score"))
        key = (cls, method, frozenset(entry.get("params", {}).items()))
        scores[key] = Score(metric["score"] * factor, error * factor if error is not None else None,
                            median * factor if median is not None else None, alloc)
    return entries, scores


def load_roof(entries):
    """The FMA roof in GFLOP/s (FmaRoofBenchmark's flops per µs over 1000), or None."""
    for entry in entries:
        if entry["benchmark"].endswith(".FmaRoofBenchmark.fma"):
            flops = entry.get("secondaryMetrics", {}).get("flops", {})
            if flops.get("scoreUnit") == "ops/us":
                error = number(flops.get("scoreError"))
                return Roof(flops["score"] / 1000, error / 1000 if error is not None else None)
    return None


def load_peers(path):
    if not os.path.exists(path):
        return None, {}
    with open(path) as f:
        report = json.load(f)
    scores = {}
    for result in report["results"]:
        key = (result["benchmark"], result["peer"], frozenset(result["params"].items()))
        scores[key] = Score(result["median_us"], median=result["median_us"],
                            spread=(result["q1_us"], result["q3_us"]))
    return report, scores


def fmt_score(score):
    if score is None:
        return "—"
    if score.error is None:
        return fmt_number(score.us)
    return f"{fmt_number(score.us)} ± {fmt_number(score.error)}"


def fmt_ratio(numerator, denominator):
    if numerator is None or denominator is None:
        return "—"
    return f"{numerator.us / denominator.us:.2f}×"


def fmt_rate(value):
    return "—" if value is None else (f"{value:.1f}" if value < 100 else f"{value:,.0f}")


def fmt_share(gflops, roof):
    return "" if gflops is None or roof is None else f" ({100 * gflops / roof.gflops:.0f}%)"


def verbose_header(peer):
    """MKL_VERBOSE's first line in a peer of peer-kernels.json (version, instruction set,
    threading layer), as a suffix of a table cell; empty when there is none."""
    header = next((line for line in peer.get("verbose", []) if "SGEMM" not in line), None)
    return f"; MKL_VERBOSE: `{header.removeprefix('MKL_VERBOSE ')}`" if header else ""


def fmt_bytes(score):
    if score is None or score.alloc is None:
        return "—"
    return f"{score.alloc:,.0f}"


def flops(shape):
    m, n, k = (int(v) for v in shape.split("x"))
    return 2.0 * m * n * k


def per_second(amount, score, scale=1e9):
    """amount per operation over the operation's time, in units of `scale` per second."""
    return None if score is None else amount / (score.us * 1e-6) / scale


class Report:
    def __init__(self, results, markdown, charts, coldstart=None):
        self.results = results
        self.coldstart = coldstart
        self.markdown = markdown
        self.charts = charts
        self.entries, self.jmh = load_jmh(os.path.join(results, "jmh.json"))
        for path in sorted(glob.glob(os.path.join(results, "jmh-*.json"))):
            entries, scores = load_jmh(path)
            self.entries += entries
            self.jmh.update(scores)
        self.roof = load_roof(self.entries)
        self.peer_report, self.peers = load_peers(os.path.join(results, "peers.json"))
        run_path = os.path.join(results, "run.json")
        self.run = json.load(open(run_path)) if os.path.exists(run_path) else {}
        kernels_path = os.path.join(results, "peer-kernels.json")
        self.kernels = json.load(open(kernels_path)) if os.path.exists(kernels_path) else {}
        self.params = defaultdict(lambda: defaultdict(list))  # class -> param -> values, in run order
        for cls, _, params in self.jmh:
            for name, value in params:
                if value not in self.params[cls][name]:
                    self.params[cls][name].append(value)
        self.classes = sorted({cls for cls, _, _ in self.jmh})
        self.chart_files = []

    def score(self, cls, method, **params):
        key = frozenset((name, str(value)) for name, value in params.items())
        return self.jmh.get((cls, method, key)) or self.peers.get((cls, method, key))

    def save(self, figure, name):
        os.makedirs(self.charts, exist_ok=True)
        path = os.path.join(self.charts, name)
        figure.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(figure)
        self.chart_files.append(path)
        return os.path.relpath(path, os.path.dirname(os.path.abspath(self.markdown)))

    # ------------------------------------------------------------------ sections

    def setup_section(self):
        run, jvm = self.run, self.run.get("jvm", {})
        timed = [e for e in self.entries if e["benchmark"].split(".")[-2] not in RATE_BENCHMARKS]
        first = timed[0] if timed else {}
        caches = "; ".join(f"{k} {v}" for k, v in run.get("caches", {}).items())
        knobs = run.get("knobs", {})
        jmh_line = (f"JMH {first.get('jmhVersion', '?')}, {first.get('forks', '?')} fork(s), "
                    f"{first.get('warmupIterations', '?')} × {first.get('warmupTime', '?')} warm-up, "
                    f"{first.get('measurementIterations', '?')} × {first.get('measurementTime', '?')} measured, "
                    f"mode {first.get('mode', '?')}")
        if knobs.get("PROF"):
            jmh_line += f", -prof {knobs['PROF']}"
        if knobs.get("JMH_ARGS"):
            jmh_line += f", extra arguments `{knobs['JMH_ARGS']}`"
        rows = [
            ("Date", run.get("date", "unknown")),
            ("Commit", f"{run.get('commit', 'unknown')}"
             + (f" with {run['uncommitted_changes']} uncommitted change(s)" if run.get("uncommitted_changes") else "")),
            ("CPU", f"{run.get('cpu', 'unknown')} ({run.get('cpu_family_model', '?')}; {run.get('simd', '?')}), "
                    f"{run.get('cores', '?')} cores" + (f"; {caches}" if caches else "")),
            ("JDK", f"{first.get('jdkVersion', jvm.get('java_version', '?'))}, "
                    f"{first.get('vmName', '')} {first.get('vmVersion', '')}".strip()),
            ("JVM options", "`" + " ".join(first.get("jvmArgs", [])) + "`"),
            ("Vector backend", jvm.get("vector", "unknown")),
            ("Panagrad threads", knobs.get("THREADS", jvm.get("threads", "?"))),
            ("Measurement", jmh_line),
        ]
        if "load_average_at_start" in run:
            rows.append(("Load average", f"{run['load_average_at_start']:.1f} before JMH, "
                                         f"{run.get('load_average_after_jmh', float('nan')):.1f} after "
                                         f"(1-minute; above 0.5 the machine was not quiet)"))
        peers = self.peer_report
        if peers:
            pools = peers.get("thread_pools")
            if isinstance(pools, list):
                blas = "; ".join(f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')} kernels, "
                                 f"{p.get('num_threads')} thread(s))" for p in pools if p.get("user_api") == "blas")
            else:
                blas = str(pools)
            line = f"numpy {peers.get('numpy')} on {blas}"
            if peers.get("torch"):
                torch = peers["torch"]
                line += (f"; PyTorch {torch.get('version')} ({torch.get('threads')} thread, CPU capability "
                         f"{torch.get('cpu_capability')}, BLAS {torch.get('blas')})")
            removed = peers.get("removed_overrides") or {}
            if removed:
                line += "; removed for the peers only: " + ", ".join(f"{k}={v}" for k, v in removed.items())
            rows.append(("Python peers", line + f"; median of {peers.get('repeats')} timed batches "
                                                f"of ≥ {peers.get('batch_ms')} ms after {peers.get('warmup_ms')} ms warm-up"))
        if self.roof is not None:
            rows.append(("FMA roof", f"{self.roof.gflops:.1f}" + (f" ± {self.roof.error:.1f}" if self.roof.error else "")
                         + " GFLOP/s: FmaRoofBenchmark, FloatVector.fma at the preferred species in 12 independent "
                           "chains, one thread"))
        if run.get("smoke"):
            rows.append(("Note", "smoke run: one short iteration, the numbers mean nothing"))
        return "## Setup\n\n" + table(["", ""], rows)

    def native_peers_section(self):
        """The native peers' builds and the kernels they ran, from peer-kernels.json."""
        if not self.kernels:
            return None
        k = self.kernels
        rows = []
        if "openblas" in k:
            blas = k["openblas"]
            kernels = f"detected: {blas.get('corename')}"
            forced = k.get("openblas_forced")
            if forced:
                kernels += (f"; forced with OPENBLAS_CORETYPE={forced.get('OPENBLAS_CORETYPE')} "
                            f"(a second JMH run right after the first): {forced.get('corename')}")
            rows.append(["OpenBLAS", f"JavaCPP preset {blas.get('preset')} on JavaCPP {blas.get('javacpp')}",
                         f"`{blas.get('config')}`, {blas.get('parallel')} build, {blas.get('threads')} thread",
                         kernels])
        if "mkl" in k:
            mkl = k["mkl"]
            rows.append(["oneMKL", f"JavaCPP preset {mkl.get('preset')} on JavaCPP {mkl.get('javacpp')}",
                         f"{mkl.get('version')}, {mkl.get('threads')} thread",
                         f"code path for “{mkl.get('processor')}”" + verbose_header(mkl)])
        if "djl" in k:
            djl = k["djl"]
            rows.append(["PyTorch through DJL", f"DJL {djl.get('djl')}, {djl.get('engine')} (pytorch-native-cpu jar)",
                         f"{djl.get('intra_op_threads')} intra-op, {djl.get('inter_op_threads')} inter-op thread",
                         "libtorch's own oneMKL" + verbose_header(djl)])
        calls = sum(len([line for line in peer.get("verbose", []) if "SGEMM" in line]) for peer in k.values())
        return ("## Native peers\n\n"
                "Measured in the same JMH run as Panagrad, through the Java libraries a user would take from Maven "
                "Central. What each ran was recorded by PeerKernels right after, in the environment of the benchmark "
                f"forks; peer-kernels.json in the results folder keeps all {calls} MKL_VERBOSE call lines.\n\n"
                + table(["peer", "library", "build and threads", "kernels"], rows))

    def gemm_columns(self):
        """The gemm implementations, Panagrad's first; each comparison keeps those it has scores of."""
        cls = "GemmBenchmark"
        columns = [Column("scalar", "Panagrad scalar", cls, "scalar", {}),
                   Column("vector", "Panagrad vector", cls, "vector", {}),
                   Column("ejml", "EJML", cls, "ejml", {}),
                   Column("netlib", "netlib VectorBLAS", cls, "netlib", {}),
                   Column("numpy", "numpy / OpenBLAS", cls, "numpy", {})]
        detected = self.kernels.get("openblas", {}).get("corename")
        for coretype in self.params["OpenBlasGemmBenchmark"].get("coretype", []):
            if coretype == "detected":
                name = "OpenBLAS " + (f"(detected: {detected})" if detected else "(detected)")
            else:
                name = f"OpenBLAS (forced: {coretype})"
            extra = {"coretype": coretype}
            columns += [Column(f"openblas-{coretype}", name, "OpenBlasGemmBenchmark", "pointer", extra),
                        Column(f"openblas-{coretype}-array", name + " float[]", "OpenBlasGemmBenchmark", "array", extra)]
        columns += [Column("mkl", "oneMKL", "MklGemmBenchmark", "pointer", {}),
                    Column("mkl-array", "oneMKL float[]", "MklGemmBenchmark", "array", {})]
        return columns

    def gemm_score(self, column, shape, variant):
        return self.score(column.cls, column.method, shape=shape, variant=variant, **column.extra)

    def gemm_cell(self, column, shape, variant, reference):
        """Time, share of the roof and, for all but the reference, time over the reference's."""
        score = self.gemm_score(column, shape, variant)
        if score is None:
            return "—"
        cell = fmt_score(score) + fmt_share(per_second(flops(shape), score), self.roof)
        if column.key != "vector" and reference is not None:
            cell += " · " + fmt_ratio(score, reference)
        return cell

    def roof_line(self, axis, vertical=False):
        """Draws the FMA roof on a GFLOP/s axis, with a second axis in percent of it."""
        if self.roof is None:
            return
        share = (lambda g: 100 * g / self.roof.gflops, lambda p: p * self.roof.gflops / 100)
        if vertical:
            axis.axvline(self.roof.gflops, color="k", linestyle="--", linewidth=1.2, label="FMA roof")
            top = axis.secondary_xaxis("top", functions=share)
            top.set_xlabel("% of the FMA roof")
            top.xaxis.set_major_formatter(PLAIN_NUMBERS)
            top.xaxis.set_minor_formatter(TWOS_AND_FIVES)
        else:
            axis.axhline(self.roof.gflops, color="k", linestyle="--", linewidth=1.2, label="FMA roof")
            axis.secondary_yaxis("right", functions=share).set_ylabel("% of the FMA roof")

    def square_chart(self, shapes, variants, columns):
        """One panel per variant: GFLOP/s over n, one line per implementation, and the roof."""
        figure, axes = plt.subplots(1, len(variants), figsize=(6 * len(variants), 4.5), squeeze=False,
                                    gridspec_kw={"wspace": 0.45})
        sizes = sorted(shapes, key=lambda s: int(s.split("x")[0]))
        for axis, variant in zip(axes[0], variants):
            for column in columns:
                points = [(int(s.split("x")[0]), per_second(flops(s), self.gemm_score(column, s, variant))) for s in sizes]
                points = [(x, y) for x, y in points if y is not None]
                if points:
                    colour, line, marker = style(column.key)
                    axis.plot(*zip(*points), line, marker=marker, color=colour, label=column.label)
            self.roof_line(axis)
            axis.set_xscale("log", base=2)
            axis.set_xticks([int(s.split("x")[0]) for s in sizes])
            axis.set_xticklabels([s.split("x")[0] for s in sizes])
            axis.set_title(f"{variant}: square n×n·n×n")
            axis.set_xlabel("n")
            axis.set_ylabel("GFLOP/s (higher is better)")
            axis.grid(alpha=0.3)
        axes[0][-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.18, 1))
        return figure

    def dot_chart(self, cases, columns, title):
        """One row per (shape, variant), GFLOP/s on a log axis, one marker per implementation."""
        figure, axis = plt.subplots(figsize=(10, 1 + 0.32 * len(cases)))
        for index, column in enumerate(columns):
            colour, _, _ = style(column.key)
            points = [(per_second(flops(s), self.gemm_score(column, s, v)), row) for row, (s, v) in enumerate(cases)]
            points = [(x, y) for x, y in points if x is not None]
            if points:
                axis.scatter(*zip(*points), color=colour, marker=MARKERS[index % len(MARKERS)], s=28, label=column.label)
        self.roof_line(axis, vertical=True)
        axis.set_xscale("log")
        axis.xaxis.set_major_formatter(PLAIN_NUMBERS)
        axis.xaxis.set_minor_formatter(TWOS_AND_FIVES)
        axis.set_yticks(range(len(cases)))
        axis.set_yticklabels([f"{s} {v}" + (f" ({ROLE[(s, v)]})" if (s, v) in ROLE else "") for s, v in cases],
                             fontsize=8)
        axis.invert_yaxis()
        axis.set_xlabel("GFLOP/s (higher is better)")
        axis.set_title(title)
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        return figure

    def gemm_section(self):
        cls = "GemmBenchmark"
        if cls not in self.classes:
            return None
        shapes = self.params[cls]["shape"]
        variants = self.params[cls]["variant"]
        columns = self.gemm_columns()
        roof = ("" if self.roof is None else
                f" In parentheses, the product's GFLOP/s (2mnk / time) as a share of the machine's single-thread FMA "
                f"roof, {self.roof.gflops:.1f} GFLOP/s (FmaRoofBenchmark, same run; the dashed line in the charts).")
        parts = ["## gemm: C = op(A)·op(B)",
                 "Row-major float32, alpha = 1, beta = 0; a shape is m×n×k (op(A) is m×k, op(B) is k×n); "
                 "NT means C = A·Bᵀ, TN means C = Aᵀ·B. A cell is µs per product (JMH score ± 99.9% "
                 "half-interval; numpy: median of the batches)." + roof + " After the dot, the implementation's "
                 "time over Panagrad vector's: above 1×, Panagrad is faster. The native peers' versions and "
                 "kernels are listed under Native peers; “float[]” is the same library through JavaCPP's "
                 "float[] overload (which copies the arrays in and out), the column before it through native "
                 "buffers allocated once."]
        for name, title, member in GEMM_COMPARISONS:
            group = [s for s in shapes if member([int(d) for d in s.split("x")])]
            cases = [(s, v) for s in group for v in variants]
            present = [c for c in columns if any(self.gemm_score(c, s, v) for s, v in cases)]
            if not present:
                continue
            parts.append(f"### {title}")
            if name == "square":
                figure = self.square_chart(group, variants, present)
            else:
                figure = self.dot_chart(cases, present, f"gemm, {title}")
            parts.append(f"![gemm GFLOP/s, {title}]({self.save(figure, f'gemm-{name}.png')})")
            vector = next(c for c in columns if c.key == "vector")
            rows = []
            for shape, variant in cases:
                reference = self.gemm_score(vector, shape, variant)
                rows.append([shape, variant, ROLE.get((shape, variant), ""),
                             fmt_rate(per_second(flops(shape), reference))]
                            + [self.gemm_cell(c, shape, variant, reference) for c in present])
            parts.append(table(["m×n×k", "op", "in a training step", "vector GFLOP/s"] + [c.label for c in present],
                               rows))
        return "\n\n".join(parts)

    def streaming_rows(self):
        """(label, class, params, elements) of every streaming-kernel case, in run order."""
        cases = []
        for cls in self.classes:
            if cls not in KERNEL_NAME:
                continue
            params = self.params[cls]
            variants = params.get("op") or params.get("momentum") or [None]
            for variant in variants:
                label = variant if cls == "ElementwiseBenchmark" else KERNEL_NAME[cls]
                if cls == "SgdBenchmark":
                    label = f"sgdStep, momentum {variant}"
                extra = {} if variant is None else {"op" if cls == "ElementwiseBenchmark" else "momentum": variant}
                for size in params.get("n", []) or params.get("matrixShape", []):
                    if "x" in size:
                        rows, cols = (int(v) for v in size.split("x"))
                        cases.append((label, cls, {"matrixShape": size, **extra}, rows * cols))
                    else:
                        cases.append((label, cls, {"n": size, **extra}, int(size)))
        return cases

    def bytes_per_element(self, cls, params):
        if cls == "SgdBenchmark":
            return 12 if float(params["momentum"]) == 0 else 20
        return BYTES_PER_ELEMENT.get(cls)

    def streaming_chart(self, cases, copy):
        """One panel per array size: each vector kernel's GB/s as a bar, its speed-up over
        scalar written at the bar's end, and the copy's GB/s as a dashed line."""
        sizes = sorted({case[2]["n"] for case in cases}, key=int)
        labels = list(dict.fromkeys(case[0] for case in cases))
        if not sizes:
            return None
        figure, axes = plt.subplots(1, len(sizes), figsize=(3.6 * len(sizes) + 1.5, 0.32 * len(labels) + 1.4),
                                    sharey=True, squeeze=False)
        for axis, size in zip(axes[0], sizes):
            for row, (label, cls, params, elements) in enumerate(case for case in cases if case[2]["n"] == size):
                vector, scalar = self.score(cls, "vector", **params), self.score(cls, "scalar", **params)
                rate = per_second(self.bytes_per_element(cls, params) * elements, vector)
                if rate is None:
                    continue
                position = labels.index(label)
                axis.barh(position, rate, color=COLOURS["vector"])
                if scalar is not None:
                    axis.text(rate, position, f" ×{scalar.us / vector.us:.1f}", va="center", fontsize=7)
            yardstick = per_second(8 * int(size), copy.get(size))
            if yardstick:
                axis.axvline(yardstick, color="k", linestyle="--", linewidth=1.2, label="System.arraycopy")
                axis.legend(fontsize=7, loc="lower right")
            level = CACHE_LEVEL.get(int(size))
            axis.set_title(f"n = {int(size):,}" + (f" ({level})" if level else ""), fontsize=10)
            axis.set_xlabel("GB/s, vector backend")
            axis.grid(axis="x", alpha=0.3)
            axis.margins(x=0.25)
        axes[0][0].set_yticks(range(len(labels)))
        axes[0][0].set_yticklabels(labels, fontsize=8)
        axes[0][0].invert_yaxis()
        figure.suptitle("streaming kernels: bandwidth of the vector backend (× = speed-up over scalar)", fontsize=11)
        return self.save(figure, "kernels.png")

    def streaming_section(self):
        cases = self.streaming_rows()
        if not cases:
            return None
        copy = {n: self.score("ArraycopyBenchmark", "copy", n=n) for n in self.params["ArraycopyBenchmark"].get("n", [])}
        parts = ["## Elementwise, reduction and optimizer kernels",
                 "Times in µs per call (JMH score ± 99.9% half-interval). GB/s counts the bytes the kernel must read "
                 "and write (an accumulator both), as for the System.arraycopy yardstick (8 bytes per element); "
                 "sizes are chosen to sit in L1, L2, L3 and main memory. “alloc” is JMH's gc.alloc.rate.norm for the "
                 "vector kernel, bytes per call."]
        chart = self.streaming_chart([case for case in cases if "n" in case[2]], copy)
        if chart:
            parts.append(f"![streaming kernels]({chart})")
        rows = []
        for label, cls, params, elements in cases:
            vector, scalar = self.score(cls, "vector", **params), self.score(cls, "scalar", **params)
            if vector is None and scalar is None:
                continue
            width = self.bytes_per_element(cls, params)
            size = params.get("matrixShape", params.get("n"))
            yardstick = copy.get(params.get("n")) if "n" in params else None
            rows.append([label, size, fmt_score(scalar), fmt_score(vector), fmt_ratio(scalar, vector),
                         fmt_rate(per_second(width * elements, vector)) if width else "—",
                         fmt_rate(per_second(8 * elements, yardstick)) if yardstick else "—",
                         fmt_bytes(vector)])
        parts.append(table(["kernel", "n or rows×cols", "scalar µs", "vector µs", "vector vs scalar",
                            "vector GB/s", "copy GB/s", "alloc B"], rows))
        copies = [[n, fmt_score(s), fmt_rate(per_second(8 * int(n), s)), fmt_bytes(s)]
                  for n, s in copy.items() if s is not None]
        if copies:
            parts.append("The yardstick, System.arraycopy of n floats:\n\n"
                         + table(["n", "copy µs", "copy GB/s", "alloc B"], copies))
        return "\n\n".join(parts)

    def training_section(self):
        cls = "TrainingStepBenchmark"
        if cls not in self.classes:
            return None
        models = self.params[cls]["model"]
        columns = [Column("scalar", "Panagrad scalar", cls, "scalar", {}),
                   Column("vector", "Panagrad vector", cls, "vector", {}),
                   Column("pytorch", "PyTorch (Python)", cls, "pytorch", {}),
                   Column("djl-autograd", "DJL NDArray autograd", "DjlTrainingStepBenchmark", "autograd", {}),
                   Column("djl-trainer", "DJL Trainer", "DjlTrainingStepBenchmark", "trainer", {})]
        scores = {(c.key, m): self.score(c.cls, c.method, model=m) for c in columns for m in models}
        columns = [c for c in columns if any(scores[(c.key, m)] for m in models)]
        parts = ["## Training step",
                 "One step = zeroGrad, forward, MSE loss, backward, SGD step (lr 0.01), with a ReLU after each hidden "
                 "Linear layer (and after the seed model's only one). A model is batch × layer widths. PyTorch runs the "
                 "same network eagerly on one thread from Python (bench/peers.py, right after JMH); DJL runs it in "
                 "libtorch on one intra-op and one inter-op thread, in the same JMH run, written with NDArrays and a "
                 "GradientCollector or with DJL's Trainer API. A cell is µs per step (JMH score ± 99.9% half-interval; "
                 "PyTorch: median of the batches), then, after the dot, its time over Panagrad vector's: above 1×, "
                 "Panagrad is faster. “alloc” is the Java heap memory one step allocates (gc.alloc.rate.norm)."]
        figure, axis = plt.subplots(figsize=(10, 4))
        width = 0.8 / len(columns)
        for index, column in enumerate(columns):
            values = [scores[(column.key, m)] for m in models]
            axis.bar([i + index * width for i in range(len(models))], [v.us if v else 0 for v in values], width,
                     yerr=[v.error or 0 if v else 0 for v in values], color=style(column.key)[0], label=column.label)
        axis.set_xticks([i + 0.4 - width / 2 for i in range(len(models))])
        axis.set_xticklabels(models)
        axis.set_yscale("log")
        axis.yaxis.set_major_formatter(PLAIN_NUMBERS)
        axis.set_ylabel("µs per step (lower is better)")
        axis.set_title("one training step")
        axis.grid(axis="y", alpha=0.3)
        axis.legend(fontsize=8)
        parts.append(f"![training step time]({self.save(figure, 'training-step.png')})")
        panagrad = [c for c in columns if c.cls == cls and c.key in ("scalar", "vector")]
        rows = []
        for model in models:
            reference = scores[("vector", model)]
            cells = [fmt_score(scores[(c.key, model)])
                     + ("" if c.key == "vector" or scores[(c.key, model)] is None
                        else " · " + fmt_ratio(scores[(c.key, model)], reference)) for c in columns]
            rows.append([model] + cells + [fmt_bytes(scores[(c.key, model)]) for c in panagrad])
        parts.append(table(["model"] + [c.label for c in columns] + [f"alloc B/step {c.key}" for c in panagrad], rows))
        return "\n\n".join(parts)

    def other_section(self):
        known = {"GemmBenchmark", "TrainingStepBenchmark", "ArraycopyBenchmark", "OpenBlasGemmBenchmark",
                 "MklGemmBenchmark", "DjlTrainingStepBenchmark", *KERNEL_NAME}
        rows = [[f"{cls}.{method}", ", ".join(f"{k}={v}" for k, v in sorted(params)), fmt_score(score)]
                for (cls, method, params), score in sorted(self.jmh.items(), key=lambda item: str(item[0]))
                if cls not in known]
        return "## Other benchmarks\n\n" + table(["benchmark", "params", "µs/op"], rows) if rows else None

    def coldstart_section(self):
        if not self.coldstart:
            return None
        return coldstart_render.section(self.coldstart, self.save, plt, os.path.relpath(self.coldstart, ROOT))

    def render(self):
        source = os.path.relpath(self.results, ROOT)
        sections = [
            "# Benchmarks",
            f"Generated by `bench/render.py` from `{source}`; do not edit by hand. `bench/run` measures and "
            f"renders again; `bench/render.py {source}` redraws this page from the JSON alone. "
            "How the suite is built and its knobs: [bench/README.md](../bench/README.md).",
            self.setup_section(),
            self.native_peers_section(),
            self.gemm_section(),
            self.training_section(),
            self.streaming_section(),
            self.other_section(),
            self.coldstart_section(),
        ]
        os.makedirs(os.path.dirname(os.path.abspath(self.markdown)), exist_ok=True)
        with open(self.markdown, "w") as f:
            f.write("\n\n".join(section for section in sections if section) + "\n")
        return self.markdown, self.chart_files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", help="a results folder of bench/run (holding jmh.json)")
    parser.add_argument("--coldstart", help="a results folder of bench/coldstart.py: adds the cold-start section")
    parser.add_argument("--markdown", default=os.path.join(ROOT, "docs", "benchmarks.md"),
                        help="the report to write (default docs/benchmarks.md)")
    parser.add_argument("--charts", default=os.path.join(ROOT, "docs", "benchmarks"),
                        help="the folder of the PNG charts (default docs/benchmarks)")
    args = parser.parse_args()
    coldstart = os.path.abspath(args.coldstart) if args.coldstart else None
    markdown, charts = Report(os.path.abspath(args.results), args.markdown, args.charts, coldstart).render()
    print(f"render: wrote {markdown} and {len(charts)} chart(s) in {args.charts}")


if __name__ == "__main__":
    main()
