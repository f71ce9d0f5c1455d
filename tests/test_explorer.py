"""The gradient-flow explorer: helpers.flow's FlowTrainer (here via widgets' re-export) and helpers.widgets'
GradientFlowExplorer, no browser. Its figure is tested in tests/test_flow_figure.py."""

import warnings

import numpy as np
import pytest
from shared import pixels

from helpers import data, network, widgets


# ---------------------------------------------------------------- the trainer: the maths is helpers.network's


def test_trainer_steps_exactly_like_network_train():
    trainer = widgets.FlowTrainer("flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2, seed=1)
    assert trainer.train(50) == 50
    ds = data.load_flower()
    params, losses = network.train(ds.X, ds.Y, 4, "tanh", "sigmoid", 1.2, 50, rng=np.random.default_rng(1),
                                   scale=0.01)
    for key in network.PARAM_NAMES:
        np.testing.assert_allclose(trainer.params[key], params[key], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(trainer.history["loss"][:50], losses, rtol=1e-12)
    assert trainer.step_count == 50 and len(trainer.history["loss"]) == 51  # step 0 .. step 50


@pytest.mark.parametrize("hidden", widgets.FLOW_HIDDEN)
def test_shown_gradients_are_network_backward_and_their_norms(hidden):
    trainer = widgets.FlowTrainer("moons", n_h=5, hidden=hidden, scale=0.5, learning_rate=0.5)
    trainer.train(3)
    A2, cache = network.forward(trainer.params, trainer.X, hidden)
    grads = network.backward(trainer.params, cache, trainer.X, trainer.Y, hidden)
    for key in ("dW1", "dW2", "dZ1", "dZ2"):
        np.testing.assert_allclose(trainer.grads[key], grads[key], rtol=1e-12, atol=1e-15)
        assert trainer.norms[key] == pytest.approx(np.linalg.norm(grads[key]), rel=1e-12)
        assert trainer.history[key][-1] == pytest.approx(trainer.norms[key], rel=1e-12)
    assert trainer.norms["dA1"] == pytest.approx(np.linalg.norm(trainer.params["W2"].T @ grads["dZ2"]))
    assert trainer.loss == pytest.approx(network.loss(A2, trainer.Y))
    assert trainer.accuracy == pytest.approx(network.accuracy(trainer.params, trainer.X, trainer.Y, hidden))


def test_backward_gradients_match_finite_differences():
    trainer = widgets.FlowTrainer("circles", n_h=3, hidden="sigmoid", scale=1.0)
    numeric = network.numerical_param_gradients(trainer.params, trainer.X, trainer.Y, "sigmoid")
    for key in ("dW1", "dW2"):
        np.testing.assert_allclose(trainer.grads[key], numeric[key], rtol=1e-5, atol=1e-9)


def test_large_init_saturates_sigmoid_and_small_init_does_not():
    big = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=10.0)
    small = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=0.01)
    assert big.flat_fraction > 0.5 > small.flat_fraction == 0.0
    assert big.slope_mean < 0.05 < 0.24 < small.slope_mean <= 0.25
    gain = lambda t: t.norms["dZ1"] / t.norms["dA1"]  # noqa: E731
    assert gain(big) < 0.5 * gain(small)


def test_relu_flat_slopes_are_inactive_units():
    trainer = widgets.FlowTrainer("spirals", n_h=6, hidden="relu", scale=1.0)
    slope = (trainer.cache["A1"] > 0).astype(float)
    assert trainer.flat_fraction == pytest.approx(np.mean(slope == 0))


def test_configure_resets_and_reproduces_the_same_weights():
    trainer = widgets.FlowTrainer()
    first = {k: v.copy() for k, v in trainer.params.items()}
    trainer.train(5)
    trainer.configure(n_h=7)
    assert trainer.step_count == 0 and trainer.params["W1"].shape == (7, 2) and len(trainer.history["loss"]) == 1
    trainer.configure(n_h=4)
    for key in first:
        np.testing.assert_array_equal(trainer.params[key], first[key])
    trainer.configure(dataset="spirals")
    assert trainer.X.shape == (2, 400) and trainer.dataset == "spirals"


def test_divergence_keeps_the_last_good_state_and_never_raises():
    trainer = widgets.FlowTrainer("flower", n_h=8, hidden="relu", scale=1.0, learning_rate=1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning may escape
        taken = trainer.train(100)
    assert taken < 100
    assert "diverged" in trainer.message and "last good state" in trainer.message
    good = {k: v.copy() for k, v in trainer.params.items()}
    assert all(np.isfinite(v).all() for v in good.values()) and np.isfinite(trainer.loss)
    assert trainer.loss <= widgets.LOSS_LIMIT
    step = trainer.step_count
    assert trainer.train(5) == 0 and trainer.step_count == step  # still refuses, still the same state
    for key in good:
        np.testing.assert_array_equal(trainer.params[key], good[key])
    trainer.learning_rate = 0.01
    assert trainer.train(3) == 3 and trainer.message == ""


@pytest.mark.parametrize("kwargs, error", [
    ({"dataset": "digits"}, ValueError), ({"n_h": 0}, ValueError), ({"n_h": 2.5}, TypeError),
    ({"hidden": "softmax"}, ValueError), ({"scale": -1.0}, ValueError), ({"learning_rate": float("nan")}, ValueError),
    ({"seed": "one"}, TypeError), ({"dataset": None}, TypeError),
])
def test_trainer_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        widgets.FlowTrainer(**kwargs)


def test_an_init_scale_that_overflows_falls_back_to_zero_weights_with_a_message():
    trainer = widgets.FlowTrainer("flower", n_h=8, hidden="relu", scale=100.0)
    assert "smaller init scale" in trainer.message
    assert all(not v.any() for v in trainer.params.values()) and np.isfinite(trainer.loss)
    assert trainer.train(1) == 1 and trainer.message == ""


def test_boundary_is_the_network_on_a_grid():
    trainer = widgets.FlowTrainer("moons", scale=1.0)
    (x0, x1, y0, y1), P = trainer.boundary()
    assert P.shape == (60, 60) and x0 < trainer.X[0].min() and y1 > trainer.X[1].max()
    corner, _ = network.forward(trainer.params, np.array([[x0], [y0]]), "tanh")
    assert P[0, 0] == pytest.approx(corner[0, 0])


# ---------------------------------------------------------------- the widget, driven without a browser


def test_explorer_controls_drive_the_trainer_and_redraw(capsys):
    ex = widgets.gradient_flow_explorer()
    assert isinstance(ex, widgets.GradientFlowExplorer) and "gradient-flow-explorer" in ex._dom_classes
    first = ex.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and pixels(first).shape == (928, 840, 3)
    ex.step_button.click()
    assert ex.trainer.step_count == 1 and "step 1" in ex.counter.value and ex.image.value != first
    ex.train_n.value = 10
    ex.train_button.click()
    assert ex.trainer.step_count == 11 and "step 11" in ex.counter.value
    assert not ex.train_button.disabled and ex.train_button.description == "Train N steps"
    ex.units.value = 9
    assert ex.trainer.n_h == 9 and ex.trainer.step_count == 0 and "step 0" in ex.counter.value
    ex.hidden.value = "relu"
    ex.scale.value = 2.0
    ex.dataset.value = "circles"
    assert (ex.trainer.hidden, ex.trainer.scale, ex.trainer.dataset) == ("relu", 2.0, "circles")
    ex.learning_rate.value = 0.1
    assert ex.trainer.learning_rate == 0.1 and ex.trainer.step_count == 0  # a new rate keeps the weights
    ex.step_button.click()
    ex.reset_button.click()
    assert ex.trainer.step_count == 0 and len(ex.trainer.history["loss"]) == 1
    assert capsys.readouterr() == ("", "")  # nothing printed outside the widget
    assert ex.output.outputs == ()


def test_explorer_shows_divergence_in_the_panel(capsys):
    ex = widgets.gradient_flow_explorer(hidden="relu", scale=1.0, n_h=8)
    ex.learning_rate.value = 1000.0
    ex.train_n.value = 100
    ex.train_button.click()
    assert "diverged" in ex.status.value and ex.trainer.message
    assert ex.flow_figure.text.message.get_visible() and "diverged" in ex.flow_figure.text.message.get_text()
    assert all(np.isfinite(v).all() for v in ex.trainer.params.values())
    ex.learning_rate.value = 0.01
    ex.step_button.click()
    assert "diverged" not in ex.status.value and not ex.flow_figure.text.message.get_visible()
    assert capsys.readouterr() == ("", "")


def test_explorer_callbacks_never_raise(monkeypatch, capsys):
    ex = widgets.gradient_flow_explorer()

    def broken(n=1):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(ex.trainer, "train", broken)
    ex.step_button.click()  # must not raise
    assert "RuntimeError" in ex.status.value and "something unexpected" in ex.status.value
    assert capsys.readouterr().out == ""


def test_compact_explorer_and_bad_arguments():
    ex = widgets.gradient_flow_explorer(compact=True)
    assert ex.dataset not in ex.children[0].children and ex.hidden in ex.children[0].children
    assert pixels(ex.image.value).shape[1] == 840
    with pytest.raises(ValueError):
        widgets.gradient_flow_explorer(n_h=51)
    with pytest.raises(TypeError):
        widgets.gradient_flow_explorer(compact=1)


# ---------------------------------------------------------------- the depth control: 1 to 6 hidden layers


@pytest.mark.parametrize("depth, hidden, scale", [(2, "tanh", 0.5), (4, "relu", "he"), (6, "sigmoid", "xavier")])
def test_deep_trainer_steps_exactly_like_network_train(depth, hidden, scale):
    trainer = widgets.FlowTrainer("moons", n_h=5, hidden=hidden, scale=scale, learning_rate=0.1, seed=3, depth=depth)
    assert trainer.L == depth + 1 and trainer.layer_sizes == (2, *[5] * depth, 1)
    assert trainer.train(20) == 20
    ds = data.load_planar("moons")
    params, losses = network.train(ds.X, ds.Y, hidden=hidden, learning_rate=0.1, num_iterations=20,
                                   rng=np.random.default_rng(3), scale=scale, hidden_sizes=[5] * depth)
    assert set(trainer.params) == set(params) == set(network.param_names(depth + 1))
    for key in params:
        np.testing.assert_allclose(trainer.params[key], params[key], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(trainer.history["loss"][:20], losses, rtol=1e-12)


def test_deep_trainer_records_every_layer_against_finite_differences():
    trainer = widgets.FlowTrainer("circles", n_h=3, hidden="tanh", scale=0.8, seed=4, depth=3)
    L = trainer.L
    assert set(trainer.norms) == {*(f"dZ{l}" for l in range(1, L + 1)), *(f"dA{l}" for l in range(1, L)),
                                  *(f"dW{l}" for l in range(1, L + 1))}
    numeric = network.numerical_param_gradients(trainer.params, trainer.X, trainer.Y, "tanh")
    for l in range(1, L + 1):
        np.testing.assert_allclose(trainer.grads[f"dW{l}"], numeric[f"dW{l}"], rtol=1e-5, atol=1e-9)
        assert trainer.norms[f"dW{l}"] == pytest.approx(np.linalg.norm(numeric[f"dW{l}"]), rel=1e-5)
    for l in range(1, L):  # dA[l] = W[l+1]ᵀ dZ[l+1], dZ[l] = dA[l] ⊙ tanh'(Z[l]), computed here independently
        dA = trainer.params[f"W{l + 1}"].T @ trainer.grads[f"dZ{l + 1}"]
        assert trainer.norms[f"dA{l}"] == pytest.approx(np.linalg.norm(dA), rel=1e-12)
        dZ = dA * (1 - np.tanh(trainer.cache[f"Z{l}"]) ** 2)
        assert trainer.norms[f"dZ{l}"] == pytest.approx(np.linalg.norm(dZ), rel=1e-12)
    assert len(trainer.flat_fractions) == len(trainer.slope_means) == L - 1


def test_named_inits_are_network_init_params():
    trainer = widgets.FlowTrainer("flower", n_h=6, hidden="relu", scale="he", seed=5, depth=3)
    same = network.init_params([2, 6, 6, 6, 1], np.random.default_rng(5), "he")
    for key in same:
        np.testing.assert_array_equal(trainer.params[key], same[key])


def test_depth_control_changes_the_network_and_the_picture(capsys):
    ex = widgets.gradient_flow_explorer(n_h=6)
    first = pixels(ex.image.value)
    ex.depth.value = 6
    assert ex.trainer.L == 7 and ex.trainer.step_count == 0 and ex.trainer.params["W4"].shape == (6, 6)
    deep = pixels(ex.image.value)
    assert deep.shape == first.shape and np.count_nonzero(np.any(deep != first, axis=2)) > 5000
    assert "‖dW7‖" in ex.status.value
    ex.step_button.click()
    ex.depth.value = 2
    assert ex.trainer.L == 3 and "W4" not in ex.trainer.params
    ex.init.value = "he"
    assert ex.trainer.scale == "he" and ex.scale.disabled
    ex.init.value = "scale"
    assert ex.trainer.scale == ex.scale.value and not ex.scale.disabled
    assert capsys.readouterr() == ("", "") and ex.output.outputs == ()


def test_depth_change_leaves_no_stalepixels():
    """After the graph is rebuilt for a new depth, the cached layers must equal a fresh drawing."""
    ex = widgets.gradient_flow_explorer(n_h=5)
    ex.depth.value = 5
    for _ in range(3):
        ex.step_button.click()
    ex.depth.value = 3
    ex.step_button.click()
    fresh = widgets.gradient_flow_explorer(n_h=5, depth=3)
    fresh.trainer.train(1)
    fresh.redraw()
    difference = np.abs(pixels(ex.image.value).astype(int) - pixels(fresh.image.value).astype(int))
    assert difference.max() <= 1, f"{np.count_nonzero(difference > 1)} pixels differ by more than 1"


def test_explorer_built_with_a_named_init_and_depth_shows_them_in_its_controls():
    ex = widgets.gradient_flow_explorer(hidden="relu", scale="he", depth=4, n_h=6)
    assert (ex.depth.value, ex.units.value, ex.init.value) == (4, 6, "he") and ex.scale.disabled
    assert ex.trainer.L == 5 and ex.trainer.scale == "he" and "‖dW5‖" in ex.status.value
    compact = widgets.gradient_flow_explorer(compact=True)
    assert compact.depth not in [w for row in compact.children[:3] for w in getattr(row, "children", ())]
