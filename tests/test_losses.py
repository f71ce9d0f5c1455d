"""Losses: values against hand formulas, gradients against finite differences, fused forms finite."""

import numpy as np
import pytest

from helpers import losses
from helpers.activations import sigmoid, softmax
from helpers.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)
A_BIN = RNG.uniform(0.05, 0.95, (1, 6))
Y_BIN = (RNG.random((1, 6)) > 0.5).astype(float)
A_CAT = softmax(RNG.standard_normal((3, 6)))
Y_CAT = np.eye(3)[:, RNG.integers(0, 3, 6)]


def test_bce_value_by_hand():
    A = np.array([[0.9, 0.2]])
    Y = np.array([[1.0, 0.0]])
    assert losses.binary_cross_entropy(A, Y) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2, rel=1e-14)


def test_cross_entropy_value_by_hand():
    A = np.array([[0.7, 0.1], [0.2, 0.6], [0.1, 0.3]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert losses.cross_entropy(A, Y) == pytest.approx(-(np.log(0.7) + np.log(0.6)) / 2, rel=1e-14)


def test_mse_value_by_hand():
    assert losses.mean_squared_error(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]])) == pytest.approx((1 + 4) / 4)


@pytest.mark.parametrize("loss, grad, A, Y", [
    (losses.binary_cross_entropy, losses.binary_cross_entropy_grad, A_BIN, Y_BIN),
    (losses.cross_entropy, losses.cross_entropy_grad, A_CAT, Y_CAT),
    (losses.mean_squared_error, losses.mean_squared_error_grad, A_BIN * 3, Y_BIN),
])
def test_grad_is_m_times_gradient_of_the_mean(loss, grad, A, Y):
    m = A.shape[1]
    numeric = numerical_gradient(lambda Ap: loss(Ap, Y), A.copy())
    assert relative_error(grad(A, Y), m * numeric) < 1e-7


@pytest.mark.parametrize("fused, g, loss, Y", [
    (losses.sigmoid_bce_dZ, sigmoid, losses.binary_cross_entropy, Y_BIN),
    (losses.softmax_ce_dZ, softmax, losses.cross_entropy, Y_CAT),
    (losses.identity_mse_dZ, lambda Z: Z, losses.mean_squared_error, Y_BIN),
])
def test_fused_dZ_matches_finite_differences_through_the_activation(fused, g, loss, Y):
    Z = np.random.default_rng(1).standard_normal(Y.shape)
    numeric = numerical_gradient(lambda Zp: loss(g(Zp), Y), Z)
    assert relative_error(fused(Z, Y), Y.shape[1] * numeric) < 1e-7


def test_fused_forms_and_logit_losses_are_finite_for_huge_inputs():
    Z = np.array([[-1e4, -800.0, 0.0, 800.0, 1e4]])
    Y = np.array([[1.0, 1.0, 0.0, 0.0, 1.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert np.isfinite(losses.sigmoid_bce_dZ(Z, Y)).all()
        assert np.isfinite(losses.bce_with_logits(Z, Y))
        Zc = np.array([[1e4, -1e4], [0.0, 1e4], [-1e4, 0.0]])
        Yc = np.eye(3)[:, [2, 0]]
        assert np.isfinite(losses.softmax_ce_dZ(Zc, Yc)).all()
        assert np.isfinite(losses.cross_entropy_with_logits(Zc, Yc))
    # and the clipped A-based losses never return inf
    assert np.isfinite(losses.binary_cross_entropy(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])))
    assert np.isfinite(losses.binary_cross_entropy_grad(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))).all()
    assert np.isfinite(losses.cross_entropy(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])))


def test_logit_losses_equal_the_a_based_losses():
    Z = np.random.default_rng(2).standard_normal((1, 7)) * 3
    Y = (Z > 0.3).astype(float)
    assert losses.bce_with_logits(Z, Y) == pytest.approx(losses.binary_cross_entropy(sigmoid(Z), Y), rel=1e-12)
    Zc = np.random.default_rng(3).standard_normal((4, 5))
    Yc = np.eye(4)[:, [0, 1, 2, 3, 0]]
    assert losses.cross_entropy_with_logits(Zc, Yc) == pytest.approx(losses.cross_entropy(softmax(Zc), Yc), rel=1e-12)


@pytest.mark.parametrize("fn", [losses.binary_cross_entropy, losses.cross_entropy, losses.mean_squared_error,
                                losses.binary_cross_entropy_grad, losses.sigmoid_bce_dZ])
def test_shape_mismatch_names_both_shapes(fn):
    A = np.full((2, 4), 0.5) if fn is losses.cross_entropy else np.full((1, 4), 0.5)  # a valid A for each loss
    with pytest.raises(ValueError, match=rf"has shape \({A.shape[0]}, 4\) but Y has shape \(4, 1\)"):
        fn(A, np.zeros((4, 1)))


def test_one_d_input_gets_a_reshape_hint():
    with pytest.raises(ValueError, match="reshape"):
        losses.binary_cross_entropy(np.full(4, 0.5), np.zeros(4))


def test_nan_and_wrong_type_raise():
    with pytest.raises(ValueError, match="NaN"):
        losses.mean_squared_error(np.array([[np.nan]]), np.array([[0.0]]))
    with pytest.raises(TypeError):
        losses.cross_entropy("A", np.array([[1.0]]))


def test_output_layer_registry():
    assert set(losses.OUTPUT_LAYERS) == {"sigmoid", "softmax", "identity"}
    assert losses.get_output_layer("softmax").loss is losses.cross_entropy
    with pytest.raises(ValueError, match="unknown output 'linear'"):
        losses.get_output_layer("linear")
