"""Re-run strict nbval over the whole course under variations of the floating-point machinery.

    python tools/portability.py                  # numpy's SIMD paths switched off level by level, in parallel
    python tools/portability.py --list           # the variations this CPU allows, and why some are skipped
    python tools/portability.py --coretype Prescott Haswell SkylakeX   # diagnostic only: force OpenBLAS kernels

A printed number in a notebook must be a property of the mathematics, not of one machine's rounding. numpy
dispatches its ufuncs (exp, tanh, sums, ...) to SIMD code paths chosen per CPU; each path rounds differently in
the last bits. `NPY_DISABLE_CPU_FEATURES` switches paths off, so this machine runs the code that older or other
CPUs run. The variations disable the CPU's dispatched features from the top down, one more level each time,
until numpy runs its baseline; each variation re-runs strict nbval over every notebook (all text outputs compared).

`OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` are left as the machine sets them (some machines set them to avoid
OpenBLAS bugs). `--coretype` forces an OpenBLAS kernel in this one diagnostic command; the tests never use it.
Exit code 0 when every variation passes, 1 otherwise.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_list  # noqa: E402  (tools/ is not a package)
import venvtools  # noqa: E402

ROOT = notebook_list.ROOT
NBVAL = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts=", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]


def dispatched_features(python=sys.executable):
    """numpy's dispatched SIMD feature groups that this CPU has, lowest first (empty: nothing to switch off)."""
    code = ("from numpy._core._multiarray_umath import __cpu_dispatch__ as d, __cpu_features__ as f\n"
            "print(' '.join(x for x in d if f.get(x)))")
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def simd_variations(features):
    """(name, env) pairs: switch off the top feature group, then the top two, ... down to numpy's baseline."""
    return [(f"numpy SIMD without {' '.join(features[k:])}", {"NPY_DISABLE_CPU_FEATURES": " ".join(features[k:])})
            for k in range(len(features) - 1, -1, -1)]


def coretype_variations(coretypes):
    """(name, env) pairs forcing OpenBLAS kernels: diagnostic only, never used by the tests."""
    return [(f"OpenBLAS kernel {c}", {"OPENBLAS_CORETYPE": c}) for c in coretypes]


def notebooks():
    """Every course notebook, in reading order, relative to the repository."""
    return [str(p.relative_to(ROOT)) for p in notebook_list.notebooks()]


def run_variation(name, extra_env, paths, python=sys.executable):
    """Strict nbval over paths with extra_env; (name, passed, failing cells, seconds, output tail)."""
    env = dict(os.environ, **venvtools.TEST_ENV, **extra_env)
    start = time.perf_counter()
    result = subprocess.run([python, *NBVAL, *paths], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    failing = sorted(set(re.findall(r"^FAILED (\S+::Cell \d+)", result.stdout, re.M)))
    passed = result.returncode == 0
    return name, passed, failing, seconds, result.stdout[-4000:]


def run_all(variations, paths, workers=2):
    """Run every variation, `workers` at a time; the list of results in the order given."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda v: run_variation(v[0], v[1], paths), variations))


def report(results):
    """One line per variation, then the failing cells and nbval's words for each failing variation."""
    for name, passed, failing, seconds, _ in results:
        verdict = "passed" if passed else f"FAILED ({len(failing)} cells)"
        print(f"{seconds:6.1f} s  {name:<55} {verdict}", flush=True)
    for name, passed, failing, _, tail in results:
        if not passed:
            print(f"\n== {name}: " + (", ".join(failing) or "nbval did not run") + "\n" + tail, flush=True)


def main(argv=None):
    """Parse the command line, run the variations and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the variations and exit")
    parser.add_argument("--coretype", nargs="+", metavar="KERNEL",
                        help="diagnostic: force these OpenBLAS kernels instead of the SIMD variations")
    parser.add_argument("--workers", type=int, default=2, help="variations run at once (default 2)")
    parser.add_argument("paths", nargs="*", help="notebooks (default: every notebook)")
    args = parser.parse_args(argv)
    if args.coretype and any(k.endswith(".ipynb") for k in args.coretype):  # --coretype swallows what follows it
        parser.error("--coretype takes OpenBLAS kernel names only; put the notebooks before it: "
                     "tools/portability.py notebooks/06_x.ipynb --coretype Haswell Zen")
    features = dispatched_features()
    variations = coretype_variations(args.coretype) if args.coretype else simd_variations(features)
    if args.list or not variations:
        if not variations:
            print("numpy dispatches no SIMD feature that this CPU has: there is nothing to switch off here.")
        for name, env in variations:
            print(f"{name:<55} {env}")
        return 0
    start = time.perf_counter()
    results = run_all(variations, args.paths or notebooks(), workers=max(1, args.workers))
    report(results)
    print(f"{time.perf_counter() - start:6.1f} s  in all, {len(results)} variations", flush=True)
    return 0 if all(r[1] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
