"""helpers.flow, the gradient-flow explorer's numpy model: importable without ipywidgets (and matplotlib)."""

from shared import fresh_python


def test_flow_imports_without_ipywidgets_or_matplotlib():
    result = fresh_python("import sys, helpers.flow; "
                           "assert 'ipywidgets' not in sys.modules, 'ipywidgets'; "
                           "assert 'matplotlib' not in sys.modules, 'matplotlib'")
    assert result.returncode == 0, result.stderr


def test_the_check_can_fail():
    result = fresh_python("import sys, helpers.widgets; assert 'ipywidgets' not in sys.modules")
    assert result.returncode != 0 and "AssertionError" in result.stderr


def test_widgets_re_exports_the_same_trainer():
    from helpers import flow, widgets

    assert widgets.FlowTrainer is flow.FlowTrainer
    assert (widgets.LOSS_LIMIT, widgets.FLOW_HIDDEN, widgets.FLOW_DATASETS, widgets.FLOW_MAX_DEPTH) == (
        flow.LOSS_LIMIT, flow.FLOW_HIDDEN, flow.FLOW_DATASETS, flow.FLOW_MAX_DEPTH)
    trainer = widgets.FlowTrainer("moons", n_h=3, seed=2)
    assert trainer.train(3) == 3 and len(trainer.history["loss"]) == 4
