"""The cold-start section of docs/benchmarks.md, from the folders bench/coldstart.py writes.

A results folder holds one sweep (run.json + runs.jsonl) or several in its direct subfolders
(one per JDK or JVM option set, say); each gets its own tables: for each
training model and step count 1, 10, 100, 1000 the cumulative time of the first steps,
for each kernel the first call and the first 10 calls, as the median over the fresh
processes with their min–max, and the ratios against SCALAR and against PyTorch of the
same sweep; and a chart per sweep of cumulative time against steps, log-log, per model.
bench/render.py calls section(); the figures need only the JSON, so kept results redraw.

Run as a script it compares sweeps, or engines and variants of one sweep (a warm-up against
none, JDK 17 against 25, an AOT cache against none): one table of the medians of each case
and count, one column per (sweep, engine), with the ratio against the first column and, for
records that carry a warm-up's own cost (`warmup`: the kept sweeps of the bench's earlier
warm-up prototype), that cost.

Usage: coldstart_render.py --compare SWEEP[:ENGINE] ... [--engine vector] [--counts 1,10,100] [--from-start]
"""

import argparse
import json
import math
import os
import statistics
from collections import defaultdict

from tables import fmt_number, table

ENGINE_LABEL = {"scalar": "SCALAR", "vector": "VECTOR", "pytorch": "PyTorch",
                "djl-autograd": "DJL autograd", "djl-trainer": "DJL Trainer"}
ENGINE_COLOUR = {"scalar": "#9e9e9e", "vector": "#d62728", "pytorch": "#ff7f0e",
                 "djl-autograd": "#1f77b4", "djl-trainer": "#17becf"}
STEP_COUNTS = (1, 10, 100, 1000)


def label(engine):
    """SCALAR, VECTOR, PyTorch; a variant keeps its name: VECTOR/warmup-off."""
    base, _, variant = engine.partition("/")
    return ENGINE_LABEL.get(base, base) + (f"/{variant}" if variant else "")
CALL_COUNTS = (1, 10)
# Colours of the variants and other engines, in their order in a sweep, none of ENGINE_COLOUR's.
OTHER_COLOURS = ("#9467bd", "#2ca02c", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f")


class Sweep:
    """One bench/coldstart.py run: its facts and, per (case, engine), the successful runs."""

    def __init__(self, folder, from_start=False):
        self.folder = folder
        self.from_start = from_start
        with open(os.path.join(folder, "run.json")) as f:
            self.run = json.load(f)
        self.runs = defaultdict(list)
        self.failures = 0
        with open(os.path.join(folder, "runs.jsonl")) as f:
            for line in f:
                record = json.loads(line)
                if "error" in record:
                    self.failures += 1
                else:
                    self.runs[(record["case"], record["engine"])].append(record)
        self.engines = [e for e in self.run.get("engines", []) if any(engine == e for _, engine in self.runs)]

    def cases(self, training):
        """The measured cases in the driver's order (run.json's commands), models or kernels."""
        planned = [key.split(" ")[0] for key in self.run.get("commands", {})]
        measured = {case for case, _ in self.runs}
        return [c for c in dict.fromkeys(planned + sorted(measured)) if c in measured and c.startswith("train:") == training]

    def reached_ms(self, case, engine, count):
        """The cumulative times at `count` calls, in ms, of the runs that reached it, and the number of runs.

        With from_start set, a time counts from the JVM's start (its uptime at the first call added):
        the JVM's start and the set-up before the first call are then included."""
        runs = self.runs.get((case, engine), [])
        values = [record["elapsed_ns"][record["points"].index(count)] / 1e6
                  + (record.get("uptime_ms_at_first_call", 0) if self.from_start else 0)
                  for record in runs if count in record["points"]]
        return values, len(runs)

    def cumulative_ms(self, case, engine, count):
        """The cumulative times at `count` calls, in ms, of all runs; None unless every run reached it."""
        values, runs = self.reached_ms(case, engine, count)
        return values if values and len(values) == runs else None

    def median(self, case, engine, count):
        values = self.cumulative_ms(case, engine, count)
        return statistics.median(values) if values else None

    def cell(self, case, engine, count):
        """'median (min–max)'; when only some runs reached `count`, theirs, marked with how many."""
        values, runs = self.reached_ms(case, engine, count)
        if values and len(values) < runs:
            return f"{fmt_spread(values)}, {len(values)} of {runs} runs"
        return fmt_spread(values)

    def title(self):
        jvm = self.run.get("jvm", {})
        return self.run.get("label") or f"Java {jvm.get('java_version', '?')}"


def is_sweep(folder):
    return all(os.path.exists(os.path.join(folder, name)) for name in ("run.json", "runs.jsonl"))


def find_sweeps(folder):
    """The sweeps in `folder` itself and in its direct subfolders (deeper ones are left to --compare), by name."""
    children = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    return [Sweep(path) for path in [folder] + children if os.path.isdir(path) and is_sweep(path)]


def fmt_spread(values):
    """'median (min–max)' of a list of ms, or — when missing."""
    if not values:
        return "—"
    return f"{fmt_number(statistics.median(values))} ({fmt_number(min(values))}–{fmt_number(max(values))})"


def fmt_ratio(reference, value):
    """reference's time over value's: above 1, value is faster."""
    if reference is None or value is None or value == 0:
        return "—"
    return f"{reference / value:.2f}×"


def ratio_columns(engines):
    """(label, engine, reference) of every ratio column: Panagrad's engines against SCALAR, each against PyTorch."""
    columns = []
    for reference in ("scalar", "pytorch"):
        if reference in engines:
            columns += [(f"{label(e)} vs {label(reference)}", e, reference)
                        for e in engines if e != reference and (reference != "scalar" or e.split("/")[0] == "vector")]
    return columns


def setup_lines(sweep):
    run, jvm = sweep.run, sweep.run.get("jvm", {})
    forks = {len(records) for records in sweep.runs.values()}
    loads = [record["load_average"] for records in sweep.runs.values() for record in records]
    rows = [
        ("Date, commit", f"{run.get('date', '?')}, {run.get('commit', '?')}"
         + (f" with {run['uncommitted_changes']} uncommitted change(s)" if run.get("uncommitted_changes") else "")),
        ("CPU", f"{run.get('cpu', '?')} ({run.get('cpu_family_model', '?')}; {run.get('simd', '?')}), "
                f"{run.get('cores', '?')} cores"),
        ("JVM", f"{jvm.get('java_vm', '?')}; `{' '.join(run.get('jvm_args', []))}`; vector backend "
                f"{jvm.get('vector', '?')}"),
        ("Fresh processes", f"{'/'.join(str(f) for f in sorted(forks))} per case and engine, in shuffled rounds"
         + (f"; {sweep.failures} failed and left out" if sweep.failures else "")),
        ("Load average", f"{min(loads):.1f}–{max(loads):.1f} (1-minute, before each process)" if loads else "—"),
        ("Other work", busy_line(sweep)),
        ("Limits", f"{run.get('calls')} calls per kernel, {run.get('steps')} steps per model, no call after "
                   f"{run.get('max_seconds')} s"),
    ]
    if run.get("variants"):
        rows.append(("Variants", "; ".join(f"`{variant}`" for variant in run["variants"])))
    imports = [record["import_ms"] for records in sweep.runs.values() for record in records if "import_ms" in record]
    uptimes = [record["uptime_ms_at_first_call"] for records in sweep.runs.values() for record in records
               if "uptime_ms_at_first_call" in record]
    if uptimes:
        rows.append(("JVM start to first call", f"{fmt_spread(uptimes)} ms (not in the figures)"))
    if imports:
        rows.append(("PyTorch `import torch`", f"{fmt_spread(imports)} ms (not in the figures)"))
    loads = [record["engine_ms"] for records in sweep.runs.values() for record in records if "engine_ms" in record]
    if loads:
        rows.append(("DJL loading libtorch", f"{fmt_spread(loads)} ms (not in the figures)"))
    statuses = defaultdict(lambda: defaultdict(int))
    for (_, engine), records in sweep.runs.items():
        for record in records:
            if "warmup_status" in record:
                statuses[engine][record["warmup_status"]] += 1
    for engine, counts in sorted(statuses.items()):
        rows.append((f"{label(engine)} warm-up after the last call",
                     "; ".join(f"{status} ({n} processes)" for status, n in sorted(counts.items(), key=lambda i: -i[1]))))
    if run.get("smoke"):
        rows.append(("Note", "smoke run: the numbers mean nothing"))
    return table(["", ""], rows)


def busy_line(sweep):
    busy = [record["busy_cores_before"] for records in sweep.runs.values() for record in records
            if record.get("busy_cores_before") is not None]
    if not busy:
        return "not recorded"
    return (f"cores busy in the 0.3 s before a process: median {statistics.median(busy):.2f}, max {max(busy):.2f}; "
            f"{sum(b > 0.5 for b in busy) / len(busy):.0%} of the processes started beside more than half a core of it")


def training_chart(sweep, cases, save, plt):
    from matplotlib.ticker import FuncFormatter
    plain = FuncFormatter(lambda value, _: f"{value:g}")
    columns = min(2, len(cases))
    rows = math.ceil(len(cases) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5.5 * columns, 4 * rows), squeeze=False)
    for axis, case in zip(axes.flat, cases):
        for engine in sweep.engines:
            points = sorted({p for record in sweep.runs.get((case, engine), []) for p in record["points"]})
            series = [(p, sweep.cumulative_ms(case, engine, p)) for p in points]
            series = [(p, values) for p, values in series if values]
            if not series:
                continue
            steps = [p for p, _ in series]
            others = [e for e in sweep.engines if e not in ENGINE_COLOUR]
            colour = ENGINE_COLOUR.get(engine) or OTHER_COLOURS[others.index(engine) % len(OTHER_COLOURS)]
            axis.plot(steps, [statistics.median(v) for _, v in series], marker="o", markersize=3, color=colour,
                      label=label(engine))
            axis.fill_between(steps, [min(v) for _, v in series], [max(v) for _, v in series], color=colour, alpha=0.15)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.xaxis.set_major_formatter(plain)
        axis.yaxis.set_major_formatter(plain)
        axis.set_title(case.split(":", 1)[1], fontsize=10)
        axis.set_xlabel("steps since the first")
        axis.set_ylabel("cumulative ms (median, band min–max)")
        axis.grid(alpha=0.3, which="both")
        axis.legend(fontsize=8)
    for axis in list(axes.flat)[len(cases):]:
        axis.set_visible(False)
    figure.suptitle(f"cold start, first training steps: {sweep.title()}", fontsize=11)
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    slug = "".join(ch if ch.isalnum() else "-" for ch in os.path.basename(sweep.folder)).strip("-").lower()
    return save(figure, f"coldstart-training-{slug}.png")


def training_table(sweep, cases):
    engines = sweep.engines
    ratios = ratio_columns(engines)
    rows = []
    for case in cases:
        for count in STEP_COUNTS:
            if not any(sweep.reached_ms(case, e, count)[0] for e in engines):
                continue
            medians = {e: sweep.median(case, e, count) for e in engines}
            rows.append([case.split(":", 1)[1], count] + [sweep.cell(case, e, count) for e in engines]
                        + [fmt_ratio(medians[reference], medians[e]) for _, e, reference in ratios])
    header = ["model", "steps"] + [f"{label(e)} ms" for e in engines] + [label for label, _, _ in ratios]
    return table(header, rows)


def kernel_table(sweep, cases):
    engines = [e for e in sweep.engines if e.split("/")[0] in ("scalar", "vector")]
    others = [e for e in engines if e != "scalar"] if "scalar" in engines else []
    rows = []
    for case in cases:
        kernel, _, size = case.partition(":")
        if kernel == "gemm":
            shape, variant = size.split(":")
            kernel, size = f"gemm {variant}", shape
        row = [kernel, size]
        for count in CALL_COUNTS:
            row += [sweep.cell(case, e, count) for e in engines]
            row += [fmt_ratio(sweep.median(case, "scalar", count), sweep.median(case, e, count)) for e in others]
        allocs = [record["alloc_bytes"][-1] / 1e6 for record in sweep.runs.get((case, "vector"), [])
                  if record.get("alloc_bytes")]
        row.append(fmt_number(statistics.median(allocs)) if allocs else "—")
        rows.append(row)
    header = ["kernel", "size"]
    for count in CALL_COUNTS:
        calls = "first call" if count == 1 else f"first {count} calls"
        header += [f"{label(e)} {calls} ms" for e in engines] + [f"{label(e)} vs SCALAR, {calls}" for e in others]
    return table(header + ["VECTOR MB allocated, all calls"], rows)


def section(folder, save, plt, source):
    """The Markdown section for the sweeps below `folder`; charts go through save(figure, name) -> link."""
    sweeps = find_sweeps(folder)
    if not sweeps:
        return None
    parts = ["## Cold start",
             f"From `{source}`, measured by `bench/coldstart.py` (see bench/README.md): every figure comes from "
             "fresh processes, one per measurement — a new JVM with the Vector API module for Panagrad, a new Python "
             "for PyTorch (one thread). A cell is the median over the processes with (min–max), in ms: for a model, "
             "the cumulative time of its first steps (zeroGrad, forward, MSE, backward, SGD) from the start of the "
             "first; for a kernel, of its first calls. Building the model or drawing the operands, loading the "
             "backend and importing torch come before and are not counted (their times are in the setup rows). "
             "A ratio “X vs R” is R's median over X's, from the same sweep: above 1, X is faster; it is left out "
             "(—) where not every process reached the count within the time limit, and such a cell gives the "
             "processes that did."]
    for sweep in sweeps:
        parts.append(f"### {sweep.title()}")
        parts.append(setup_lines(sweep))
        training = sweep.cases(training=True)
        if training:
            parts.append(f"![cold start, cumulative time of the first steps]({training_chart(sweep, training, save, plt)})")
            parts.append(training_table(sweep, training))
        kernels = sweep.cases(training=False)
        if kernels:
            parts.append("First calls of the kernels (sizes as in the JMH suite; columnSums and addRowVector on "
                         "rows × cols):")
            parts.append(kernel_table(sweep, kernels))
    return "\n\n".join(parts)


def comparison(columns, counts):
    """A Markdown table of the medians of every case and count, one column per (sweep, engine)."""
    names = [label(engine) if len({sweep.folder for sweep, _ in columns}) == 1 else f"{sweep.title()} {label(engine)}"
             for sweep, engine in columns]
    cases = list(dict.fromkeys(case for sweep, engine in columns for case, e in sweep.runs if e == engine))
    header = ["case", "count"] + [f"{name} ms" for name in names] + [f"{name} vs {names[0]}" for name in names[1:]]
    rows = []
    for case in cases:
        for count in counts:
            medians = [sweep.median(case, engine, count) for sweep, engine in columns]
            if any(m is not None for m in medians):
                rows.append([case, count] + [sweep.cell(case, engine, count) for sweep, engine in columns]
                            + [fmt_ratio(medians[0], m) for m in medians[1:]])
    for key, what in (("wall_ns", "warm-up wall ms"), ("cpu_ns", "warm-up CPU ms")):
        values = [[record["warmup"][key] / 1e6 for record in sweep_records(sweep, engine) if "warmup" in record]
                  for sweep, engine in columns]
        if any(values):
            rows.append([what, "all cases"] + [fmt_spread(v) for v in values] + [""] * (len(columns) - 1))
    return table(header, rows)


def sweep_records(sweep, engine):
    return [record for (_, e), records in sweep.runs.items() if e == engine for record in records]


def main():
    parser = argparse.ArgumentParser(description="Compares cold-start sweeps of bench/coldstart.py.")
    parser.add_argument("--compare", nargs="+", required=True, metavar="SWEEP[:ENGINE]",
                        help="sweep folders, each with an engine (default --engine); the first is the reference")
    parser.add_argument("--engine", default="vector", help="the engine of a sweep given without one (default vector)")
    parser.add_argument("--counts", default="1,10,100", help="calls or steps shown (default 1,10,100)")
    parser.add_argument("--from-start", action="store_true",
                        help="times from the JVM's start instead of the first call's (includes the start and set-up)")
    args = parser.parse_args()
    sweeps, columns = {}, []
    for spec in args.compare:
        folder, _, engine = spec.rpartition(":") if ":" in spec else (spec, "", args.engine)
        sweep = sweeps.setdefault(folder, Sweep(folder, args.from_start))
        columns.append((sweep, engine))
    print(comparison(columns, [int(c) for c in args.counts.split(",")]))


if __name__ == "__main__":
    main()
