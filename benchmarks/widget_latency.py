"""Latency of the gradient-flow explorer: from a control change to a finished redraw.

    python benchmarks/widget_latency.py              # in a fresh IPython kernel, 60 rounds, depth 1 and 6
    python benchmarks/widget_latency.py --rounds 100 --in-process --depth 6

Each round moves one slider (units per layer, init scale, learning rate, in turn, each to a new value)
and then presses Step, at one depth: 1 hidden layer (notebook 04's network) and 6, the deepest the
depth control offers (7 layers: the most nodes, edges and labels to draw). Both are done programmatically,
exactly as a click in the browser does them: the widget's
observers run, the trainer steps, the figure is updated and rendered to the PNG that the Image
widget sends. The time of each action is measured from setting the value (or clicking) until that
returns, i.e. until the new PNG is in the Image widget. Prints median and p95 per kind of action.
Goal: median <= 100 ms, p95 <= 200 ms.
"""

import argparse
import json
import os
import sys
import textwrap

DRIVER = textwrap.dedent("""
    import json, time
    import numpy as np
    from IPython.display import display
    from helpers.widgets import gradient_flow_explorer

    explorer = gradient_flow_explorer(depth=DEPTH)
    display(explorer)  # as in a notebook: the widget's comm is opened
    units = [4, 5, 6, 5]
    scales = [0.01, 0.02, 0.05, 0.02]
    rates = [1.2, 1.0, 0.8, 1.0]
    times = {"slider": [], "step": [], "slider_cpu": [], "step_cpu": []}
    def timed(kind, action):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        times[kind].append(1000 * (time.perf_counter() - start))
        times[kind + "_cpu"].append(1000 * (time.process_time() - cpu))
    for _ in range(3):  # warm-up: first draws build caches
        explorer.step_button.click()
    for i in range(ROUNDS):
        which = i % 3
        if which == 0:
            timed("slider", lambda: setattr(explorer.units, "value", units[(i // 3) % 4]))
        elif which == 1:
            timed("slider", lambda: setattr(explorer.scale, "value", scales[(i // 3) % 4]))
        else:
            timed("slider", lambda: setattr(explorer.learning_rate, "value", rates[(i // 3) % 4]))
        timed("step", explorer.step_button.click)
    assert explorer.trainer.step_count > 0 and not explorer.output.outputs, explorer.output.outputs
    print("RESULT" + json.dumps(times))
""")


def run_in_kernel(code, timeout=300):
    """Run code in a fresh python3 kernel; return its stdout."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    out = []
    try:
        reply = kc.execute_interactive(code, timeout=timeout,
                                       output_hook=lambda msg: _collect(msg, out))
        if reply["content"]["status"] != "ok":
            raise RuntimeError("the benchmark failed in the kernel:\n" + "".join(out))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return "".join(out)


def _collect(msg, out):
    kind, content = msg["msg_type"], msg["content"]
    if kind == "stream":
        out.append(content["text"])
    elif kind == "error":
        out.append("\n".join(content["traceback"]))


def summary(name, values):
    """One line: count, median, p95, max in ms."""
    import numpy as np

    v = np.asarray(values)
    return (f"{name:<28} n={v.size:4d}   median {np.median(v):6.1f} ms   p95 {np.percentile(v, 95):6.1f} ms   "
            f"max {v.max():6.1f} ms")


def main(argv=None):
    """Drive the explorer at each depth asked for and print the latency figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="slider moves, each followed by a Step (>= 50)")
    parser.add_argument("--in-process", action="store_true", help="run here instead of in a fresh kernel")
    parser.add_argument("--depth", type=int, action="append", choices=range(1, 7),
                        help="hidden layers (repeat for several; default: 1 and 6)")
    args = parser.parse_args(argv)
    for depth in args.depth or [1, 6]:
        measure(args, depth)


def measure(args, depth):
    """Drive the explorer at this depth and print its latency figures."""
    code = DRIVER.replace("ROUNDS", str(args.rounds)).replace("DEPTH", str(depth))
    if args.in_process:
        import contextlib
        import io

        import matplotlib

        matplotlib.use("Agg")
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, "<driver>", "exec"), {})
        text = buffer.getvalue()
    else:
        text = run_in_kernel(code)
    line = next((ln for ln in text.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        sys.exit("no result from the driver:\n" + text)
    times = json.loads(line[len("RESULT"):])
    where = "in-process" if args.in_process else "in an IPython kernel"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"gradient-flow explorer, depth {depth} ({depth} hidden layer{'s' if depth > 1 else ''}), {args.rounds} rounds, "
          f"{where}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print("wall-clock time (the goal: median <= 100 ms, p95 <= 200 ms):")
    print(summary("  slider change -> redraw", times["slider"]))
    print(summary("  Step -> redraw", times["step"]))
    print(summary("  all control changes", times["slider"] + times["step"]))
    print("CPU time of the kernel for the same actions (what a busy machine inflates least):")
    print(summary("  all control changes", times["slider_cpu"] + times["step_cpu"]))


if __name__ == "__main__":
    main()
