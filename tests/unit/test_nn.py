"""lessons.nn: the reference logistic regression the lessons teach and check against."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from lessons import data, nn


def random_problem(n_x: int = 5, m: int = 20, seed: int = 1):
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.5, size=(n_x, 1))
    b = float(rng.normal())
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(np.float64)
    return w, b, X, Y


def separable_problem(n_x: int = 3, m: int = 40, seed: int = 2):
    """Labels from a known hyperplane: logistic regression can drive the cost down."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    true_w = rng.normal(size=(n_x, 1))
    Y = (true_w.T @ X > 0).astype(np.float64)
    assert 0 < Y.sum() < m
    return X, Y


def relative_error(a, b) -> float:
    a, b = np.ravel(a), np.ravel(b)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def cost_by_hand(w, b, X, Y) -> float:
    """The course's formula, written independently of nn (fine away from saturation)."""
    A = 1.0 / (1.0 + np.exp(-(w.T @ X + b)))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


# --------------------------------------------------------------------------- sigmoid


def test_sigmoid_scalar_returns_float():
    assert nn.sigmoid(0) == 0.5
    s = nn.sigmoid(2.0)
    assert isinstance(s, float)
    assert s == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)
    assert nn.sigmoid(-2.0) == pytest.approx(1 - s, rel=1e-15)


def test_sigmoid_array_keeps_shape_and_values():
    z = np.array([[-3.0, -0.5, 0.0, 0.5, 3.0]])
    s = nn.sigmoid(z)
    assert s.shape == (1, 5)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-z)), rtol=1e-14)
    assert nn.sigmoid(np.arange(3)).dtype == np.float64  # ints in, floats out


def test_sigmoid_large_values_no_warning_no_nan():
    z = np.array([-1e6, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e6])
    s = nn.sigmoid(z)  # filterwarnings=error turns any overflow warning into a failure
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.diff(s) >= 0)
    assert nn.sigmoid(-1000) == 0.0 and nn.sigmoid(1000) == 1.0
    assert nn.sigmoid(-40.0) == pytest.approx(np.exp(-40.0), rel=1e-12)  # tiny, not 0


# --------------------------------------------------------------------------- propagate


def test_initialize_with_zeros():
    w, b = nn.initialize_with_zeros(4)
    assert w.shape == (4, 1) and not w.any()
    assert isinstance(b, float) and b == 0.0
    with pytest.raises(ValueError):
        nn.initialize_with_zeros(0)


def test_propagate_shapes_and_types():
    w, b, X, Y = random_problem(n_x=4, m=7)
    grads, cost = nn.propagate(w, b, X, Y)
    assert grads["dw"].shape == (4, 1)
    assert isinstance(grads["db"], float)
    assert isinstance(cost, float)
    assert cost == pytest.approx(cost_by_hand(w, b, X, Y), rel=1e-12)


def test_propagate_known_values():
    # The classic hand-checkable example from the course's exercises.
    w = np.array([[1.0], [2.0]])
    b = 2.0
    X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
    Y = np.array([[1.0, 0.0, 1.0]])
    grads, cost = nn.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.00145557813678, rel=1e-7)
    assert cost == pytest.approx(5.801545319394553, rel=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_propagate_gradients_match_finite_differences(seed):
    w, b, X, Y = random_problem(n_x=6, m=25, seed=seed)
    grads, _ = nn.propagate(w, b, X, Y)
    eps = 1e-6
    dw_num = np.zeros_like(w)
    for j in range(w.shape[0]):
        step = np.zeros_like(w)
        step[j, 0] = eps
        dw_num[j, 0] = (cost_by_hand(w + step, b, X, Y) - cost_by_hand(w - step, b, X, Y)) / (2 * eps)
    db_num = (cost_by_hand(w, b + eps, X, Y) - cost_by_hand(w, b - eps, X, Y)) / (2 * eps)
    assert relative_error(grads["dw"], dw_num) < 1e-7
    assert relative_error(grads["db"], db_num) < 1e-7
    # The library's own checker agrees too.
    num = nn.numerical_gradients(w, b, X, Y)
    assert relative_error(grads["dw"], num["dw"]) < 1e-7
    assert relative_error(grads["db"], num["db"]) < 1e-7


def test_gradient_check_would_catch_a_wrong_gradient():
    # Guard against a vacuous check: a gradient off by a factor 2 fails the threshold.
    w, b, X, Y = random_problem()
    grads, _ = nn.propagate(w, b, X, Y)
    num = nn.numerical_gradients(w, b, X, Y)
    assert relative_error(2 * grads["dw"], num["dw"]) > 0.1


def test_propagate_saturated_sigmoid_is_finite():
    # z = ±1000: σ is exactly 0.0 / 1.0, yet the cost is finite and exact (no log(0)).
    w = np.array([[1000.0]])
    X = np.array([[1.0, -1.0]])
    Y = np.array([[0.0, 1.0]])  # both confidently wrong
    grads, cost = nn.propagate(w, 0.0, X, Y)
    assert cost == pytest.approx(1000.0)
    assert np.all(np.isfinite(grads["dw"])) and np.isfinite(grads["db"])
    _, cost_right = nn.propagate(w, 0.0, X, 1 - Y)  # both confidently right
    assert 0.0 <= cost_right < 1e-300


def test_compute_cost_clips_and_matches():
    A = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1.0, 0.0, 1.0]])
    expected = -np.mean([np.log(0.9), np.log(0.8), np.log(0.6)])
    assert nn.compute_cost(A, Y) == pytest.approx(expected, rel=1e-14)
    saturated = nn.compute_cost(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert np.isfinite(saturated) and saturated > 30


def test_accuracy():
    assert nn.accuracy(np.array([[1.0, 0.0, 1.0, 1.0]]), np.array([[1.0, 1.0, 1.0, 0.0]])) == 0.5
    with pytest.raises(ValueError):
        nn.accuracy(np.zeros((1, 3)), np.zeros(3))


# --------------------------------------------------------------------------- loops


@pytest.mark.parametrize("seed", [1, 4])
def test_propagate_loop_matches_vectorised(seed):
    w, b, X, Y = random_problem(n_x=7, m=30, seed=seed)
    g_vec, c_vec = nn.propagate(w, b, X, Y)
    g_loop, c_loop = nn.propagate_loop(w, b, X, Y)
    assert g_loop["dw"].shape == (7, 1)
    assert isinstance(g_loop["db"], float) and isinstance(c_loop, float)
    np.testing.assert_allclose(g_loop["dw"], g_vec["dw"], rtol=0, atol=1e-10)
    assert abs(g_loop["db"] - g_vec["db"]) < 1e-10
    assert abs(c_loop - c_vec) < 1e-10


def test_optimize_loop_matches_optimize():
    w, b, X, Y = random_problem(n_x=4, m=15)
    p_vec, g_vec, c_vec = nn.optimize(w, b, X, Y, num_iterations=120, learning_rate=0.1)
    p_loop, g_loop, c_loop = nn.optimize_loop(w, b, X, Y, num_iterations=120, learning_rate=0.1)
    np.testing.assert_allclose(p_loop["w"], p_vec["w"], rtol=0, atol=1e-10)
    assert abs(p_loop["b"] - p_vec["b"]) < 1e-10
    np.testing.assert_allclose(g_loop["dw"], g_vec["dw"], rtol=0, atol=1e-10)
    assert len(c_loop) == len(c_vec) == 2
    np.testing.assert_allclose(c_loop, c_vec, rtol=0, atol=1e-10)


# --------------------------------------------------------------------------- optimize


def test_optimize_decreases_cost_on_separable_data():
    X, Y = separable_problem()
    w, b = nn.initialize_with_zeros(X.shape[0])
    params, grads, costs = nn.optimize(w, b, X, Y, num_iterations=1000, learning_rate=0.5)
    assert costs[0] == pytest.approx(np.log(2))  # w = 0, b = 0: σ = 0.5 everywhere
    assert all(later < earlier for earlier, later in pairwise(costs))
    assert costs[-1] < 0.3
    assert params["w"].shape == (3, 1) and isinstance(params["b"], float)
    assert grads["dw"].shape == (3, 1)
    assert nn.accuracy(nn.predict(params["w"], params["b"], X), Y) == 1.0


def test_optimize_does_not_modify_callers_w():
    w, b, X, Y = random_problem()
    w_before = w.copy()
    params, _, _ = nn.optimize(w, b, X, Y, num_iterations=10, learning_rate=1.0)
    np.testing.assert_array_equal(w, w_before)
    assert not np.allclose(params["w"], w_before)  # it did learn something
    nn.optimize_loop(w, b, X, Y, num_iterations=3, learning_rate=1.0)
    np.testing.assert_array_equal(w, w_before)


def test_optimize_costs_every_100_iterations():
    w, b, X, Y = random_problem()
    _, _, costs = nn.optimize(w, b, X, Y, num_iterations=250)
    assert len(costs) == 3
    # costs[k] is the cost before update 100*k: recompute the one at iteration 100.
    params100, _, _ = nn.optimize(w, b, X, Y, num_iterations=100)
    _, cost100 = nn.propagate(params100["w"], params100["b"], X, Y)
    assert costs[1] == pytest.approx(cost100, rel=1e-12)
    _, cost0 = nn.propagate(w, b, X, Y)
    assert costs[0] == pytest.approx(cost0, rel=1e-15)


def test_optimize_returns_last_iterations_grads():
    w, b, X, Y = random_problem()
    p4, _, _ = nn.optimize(w, b, X, Y, num_iterations=4, learning_rate=0.3)
    _, g5, _ = nn.optimize(w, b, X, Y, num_iterations=5, learning_rate=0.3)
    expected, _ = nn.propagate(p4["w"], p4["b"], X, Y)
    np.testing.assert_allclose(g5["dw"], expected["dw"], rtol=1e-13)


def test_optimize_print_cost(capsys):
    w, b, X, Y = random_problem()
    _, _, costs = nn.optimize(w, b, X, Y, num_iterations=201, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Cost after iteration {i}: {c:f}" for i, c in zip((0, 100, 200), costs, strict=True)]


def test_optimize_callback_sees_every_iteration():
    X, Y = separable_problem()
    w, b = nn.initialize_with_zeros(X.shape[0])
    seen: list[tuple[int, float]] = []
    _, _, costs = nn.optimize(
        w, b, X, Y, num_iterations=300, learning_rate=0.5, callback=lambda i, c: seen.append((i, c))
    )
    assert [i for i, _ in seen] == list(range(300))
    cs = [c for _, c in seen]
    assert all(later < earlier for earlier, later in pairwise(cs))
    assert [cs[0], cs[100], cs[200]] == costs


def test_callback_is_keyword_only():
    w, b, X, Y = random_problem()
    with pytest.raises(TypeError):
        nn.optimize(w, b, X, Y, 1, 0.1, False, print)  # type: ignore[misc]


def test_predict_thresholds_at_one_half():
    w = np.array([[1.0]])
    X = np.array([[-2.0, -0.1, 0.1, 3.0]])
    pred = nn.predict(w, 0.0, X)
    assert pred.shape == (1, 4) and pred.dtype == np.float64
    np.testing.assert_array_equal(pred, [[0.0, 0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(nn.predict(w, 0.0, np.zeros((1, 1))), [[0.0]])  # σ(0) = 0.5


# --------------------------------------------------------------------------- validation


def test_rank1_w_is_rejected_with_both_shapes():
    _, b, X, Y = random_problem(n_x=64, m=5)
    for fn in (nn.propagate, nn.propagate_loop, nn.optimize, nn.optimize_loop):
        with pytest.raises(ValueError) as err:
            fn(np.zeros(64), b, X, Y)
        assert "(64, 1)" in str(err.value) and "(64,)" in str(err.value)
        assert "rank-1" in str(err.value)
    with pytest.raises(ValueError, match=r"\(64, 1\).*\(64,\)"):
        nn.predict(np.zeros(64), b, X)


def test_w_with_wrong_n_x_or_a_row_is_rejected():
    w, b, X, Y = random_problem(n_x=5, m=8)
    with pytest.raises(ValueError, match=r"\(5, 1\).*\(4, 1\)"):
        nn.propagate(np.zeros((4, 1)), b, X, Y)
    with pytest.raises(ValueError, match=r"\(5, 1\).*\(1, 5\).*w\.T"):
        nn.propagate(w.T, b, X, Y)


def test_bad_Y_is_rejected():
    w, b, X, Y = random_problem(n_x=5, m=8)
    with pytest.raises(ValueError, match=r"\(1, 8\).*\(8,\).*rank-1"):
        nn.propagate(w, b, X, Y.ravel())
    with pytest.raises(ValueError, match=r"\(1, 8\).*\(8, 1\)"):
        nn.propagate_loop(w, b, X, Y.T)
    with pytest.raises(ValueError, match=r"\(1, 8\).*\(1, 7\)"):
        nn.optimize(w, b, X, Y[:, :7])


def test_bad_X_and_b_are_rejected():
    w, b, X, Y = random_problem(n_x=5, m=8)
    with pytest.raises(ValueError, match=r"2-D.*\(5,\)"):
        nn.predict(w, b, X[:, 0])
    with pytest.raises(ValueError, match="no examples"):
        nn.propagate(w, b, X[:, :0], Y[:, :0])
    with pytest.raises(ValueError, match=r"b must be a scalar.*\(1, 8\)"):
        nn.propagate(w, np.zeros((1, 8)), X, Y)


def test_model_validates_test_set():
    _, _, X, Y = random_problem(n_x=5, m=8)
    with pytest.raises(ValueError, match=r"X_test.*\(5, m_test\).*\(4, 3\)"):
        nn.model(X, Y, np.zeros((4, 3)), np.zeros((1, 3)), num_iterations=1)
    with pytest.raises(ValueError, match=r"Y_test must have shape \(1, 3\).*\(3,\)"):
        nn.model(X, Y, np.zeros((5, 3)), np.zeros(3), num_iterations=1)


# --------------------------------------------------------------------------- real data


@pytest.mark.parametrize("target", [3, 8])
def test_model_on_digits_beats_the_all_zeros_baseline(target):
    train_x, train_y, test_x, test_y = data.load_digits(target)
    d = nn.model(train_x, train_y, test_x, test_y, num_iterations=2000, learning_rate=0.5)
    baseline = 1.0 - float(test_y.mean())  # always answering "not a <target>"
    assert d["test_accuracy"] >= 0.95
    assert d["test_accuracy"] >= baseline + 0.05  # measured ~0.09 (3) and ~0.075 (8)
    assert d["train_accuracy"] >= 0.95
    assert d["test_accuracy"] == nn.accuracy(d["Y_prediction_test"], test_y)
    assert d["Y_prediction_test"].shape == test_y.shape
    assert d["Y_prediction_train"].shape == train_y.shape
    assert d["w"].shape == (64, 1) and isinstance(d["b"], float)
    assert len(d["costs"]) == 20 and d["costs"][-1] < d["costs"][0]
    assert d["learning_rate"] == 0.5 and d["num_iterations"] == 2000


def test_model_print_cost_reports_accuracies(capsys):
    X, Y = separable_problem()
    nn.model(X, Y, X, Y, num_iterations=101, learning_rate=0.5, print_cost=True)
    out = capsys.readouterr().out
    assert "Cost after iteration 100:" in out
    assert "train accuracy:" in out and "test accuracy:" in out


# --------------------------------------------------------------------------- NumPy drills


def test_sigmoid_derivative_matches_a_central_difference():
    z = np.linspace(-8.0, 8.0, 33).reshape(3, 11)
    eps = 1e-6
    numerical = (nn.sigmoid(z + eps) - nn.sigmoid(z - eps)) / (2 * eps)
    np.testing.assert_allclose(nn.sigmoid_derivative(z), numerical, rtol=1e-6, atol=1e-10)
    assert nn.sigmoid_derivative(0.0) == pytest.approx(0.25)
    assert nn.sigmoid_derivative(np.array([-1000.0, 1000.0])).tolist() == [0.0, 0.0]


def test_image2vector_unrolls_in_reshape_order():
    image = np.arange(5 * 4 * 3).reshape(5, 4, 3)
    v = nn.image2vector(image)
    assert v.shape == (60, 1)
    assert v[:3, 0].tolist() == image[0, 0].tolist()  # pixel (0, 0): its three channels first
    assert v[3:6, 0].tolist() == image[0, 1].tolist()
    with pytest.raises(ValueError, match="three axes"):
        nn.image2vector(np.zeros((4, 4)))


def test_l1_and_l2_losses_on_the_course_example():
    yhat = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
    y = np.array([1, 0, 0, 1, 1])
    assert nn.l1_loss(yhat, y) == pytest.approx(1.1)
    assert nn.l2_loss(yhat, y) == pytest.approx(0.43)
    assert nn.l1_loss(y, y) == 0.0 and nn.l2_loss(y, y) == 0.0
    with pytest.raises(ValueError, match="shape"):
        nn.l1_loss(yhat, y.reshape(5, 1))


def test_normalize_rows_gives_unit_rows_in_the_same_direction():
    x = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0], [0.0, 0.0, 0.0]])
    out = nn.normalize_rows(x)
    np.testing.assert_allclose(out[0], [0.0, 0.6, 0.8])
    np.testing.assert_allclose(np.linalg.norm(out[:2], axis=1), 1.0)
    np.testing.assert_allclose(out[1] * np.linalg.norm(x[1]), x[1])
    assert out[2].tolist() == [0.0, 0.0, 0.0]


def test_softmax_rows_sum_to_one_without_overflow():
    x = np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]])
    out = nn.softmax(x)
    by_formula = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(out, by_formula, rtol=1e-12)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    big = nn.softmax(np.array([[1000.0, 1001.0]]))  # e^1000 overflows; the shifted form does not
    np.testing.assert_allclose(big, [[1 / (1 + np.e), np.e / (1 + np.e)]])
    np.testing.assert_allclose(nn.softmax(x + 50.0), out)


def test_standardize_gives_mean_zero_and_unit_spread_per_feature():
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, 3.0, size=(4, 30))
    X[2] = 7.0  # a feature that never changes
    Xs, mu, sigma = nn.standardize(X)
    assert Xs.shape == X.shape and mu.shape == (4, 1) and sigma.shape == (4, 1)
    np.testing.assert_allclose(Xs.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Xs[[0, 1, 3]].std(axis=1), 1.0)
    assert sigma[2, 0] == 1.0 and np.all(Xs[2] == 0.0)
    np.testing.assert_allclose((X - mu) / sigma, Xs)
