"""Latency of the backward-pass stepper (helpers.stepper_widget): from a click to the new edge in the HTML widget.

    python benchmarks/stepper_latency.py              # in a fresh IPython kernel, 120 actions
    python benchmarks/stepper_latency.py --rounds 200

Each action is a click on next ▶ or ◀ back, a move of the step slider, or a switch of convention,
done programmatically exactly as the browser's message does: the observers run and the HTML widget
gets its new value (which the kernel then sends). Also times building the stepper (every edge of
both conventions rendered once). Goal: median <= 100 ms, p95 <= 200 ms per step.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from widget_latency import run_in_kernel, summary  # noqa: E402  (the same kernel driver and summary line)

DRIVER = """
import json, time
from IPython.display import display
start = time.perf_counter()
from helpers.stepper_widget import backprop_stepper
stepper = backprop_stepper()
display(stepper)  # as in a notebook: the widget's comm is opened
build = 1000 * (time.perf_counter() - start)
times = {"next/back": [], "slider": [], "convention": []}
def timed(kind, action):
    t = time.perf_counter()
    before = stepper.view.value
    action()
    times[kind].append(1000 * (time.perf_counter() - t))
    assert stepper.view.value != before or kind == "next/back"
for i in range(ROUNDS):
    which = i % 4
    if which == 0:
        timed("next/back", stepper.next.click if (i // 40) % 2 == 0 else stepper.back.click)
    elif which == 1:
        timed("slider", lambda: setattr(stepper.slider, "value", 1 + (stepper.slider.value + 4) % 11))
    elif which == 2:
        timed("convention", lambda: setattr(stepper.convention, "value",
                                            "row" if stepper.convention.value == "column" else "column"))
    else:
        timed("next/back", stepper.back.click if stepper.step > 0 else stepper.next.click)
print("RESULT" + json.dumps({"build": build, **times}))
"""


def main(argv=None):
    """Drive the stepper in a fresh kernel and print the latency figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=120, help="actions (>= 40)")
    args = parser.parse_args(argv)
    text = run_in_kernel(DRIVER.replace("ROUNDS", str(args.rounds)))
    line = next((ln for ln in text.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        sys.exit("no result from the driver:\n" + text)
    times = json.loads(line[len("RESULT"):])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"backward-pass stepper, {args.rounds} actions, in an IPython kernel, {os.cpu_count()} CPUs, "
          f"load average {load:.1f}")
    print(f"building the stepper (import, every edge rendered): {times['build']:.0f} ms")
    print("wall-clock time per action (the goal: median <= 100 ms, p95 <= 200 ms):")
    for kind in ("next/back", "slider", "convention"):
        print(summary(f"  {kind}", times[kind]))
    print(summary("  all actions", times["next/back"] + times["slider"] + times["convention"]))


if __name__ == "__main__":
    main()
