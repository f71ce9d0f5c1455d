"""Every notebook's committed outputs hold under numpy's other SIMD code paths (tools/portability.py).

The variations switch numpy's dispatched SIMD features off from the top down to the baseline, so this machine
runs the code paths of older or other CPUs; each re-runs strict nbval over the whole course, two at a time.
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are left as the machine sets them. On a CPU where numpy dispatches
nothing beyond its baseline there is nothing to switch off, and the test says so as a skip.
The other half of the portability check, numpy 2.0.0 and 2.1.3 against the newest, is tests/test_envs.py.
"""

import portability  # tools/ (tests/conftest.py puts it on sys.path)
import pytest


def test_the_variations_go_down_to_numpys_baseline():
    variations = portability.simd_variations(["X86_V3", "X86_V4", "AVX512_ICL"])
    assert [env["NPY_DISABLE_CPU_FEATURES"] for _, env in variations] == [
        "AVX512_ICL", "X86_V4 AVX512_ICL", "X86_V3 X86_V4 AVX512_ICL"]
    assert all("OPENBLAS_CORETYPE" not in env for _, env in variations)


def test_coretype_refuses_to_swallow_notebook_paths(capsys):
    with pytest.raises(SystemExit) as stop:
        portability.main(["--coretype", "Zen", "notebooks/06_deep_networks.ipynb"])
    assert stop.value.code == 2 and "put the notebooks before it" in capsys.readouterr().err


@pytest.mark.portability
def test_every_notebook_passes_strict_nbval_under_every_simd_variation():
    variations = portability.simd_variations(portability.dispatched_features())
    if not variations:
        pytest.skip("numpy dispatches no SIMD feature that this CPU has: no other code path to run here")
    results = portability.run_all(variations, portability.notebooks(), workers=2)
    portability.report(results)  # shown with -s, and in the failure message below
    failed = [(name, failing, tail) for name, passed, failing, _, tail in results if not passed]
    assert not failed, "\n\n".join(f"{name}: {failing}\n{tail}" for name, failing, tail in failed)
