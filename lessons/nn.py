"""Reference logistic regression, written in the course's conventions.

Logistic regression is a neural network with one neuron: a linear part
z = wᵀx + b followed by the sigmoid activation a = σ(z). Everything here uses
the course's shapes so the lessons, the exercises' checks and this file agree:

- X is (n_x, m): one example per *column* (n_x features, m examples).
- Y is (1, m): a row of labels 0.0 / 1.0.
- w is (n_x, 1): a column, never a rank-1 array of shape (n_x,).
- b is a plain Python float; NumPy broadcasts it over the (1, m) row Z.

Wrong shapes raise ``ValueError`` naming the expected and the actual shape,
because a silently broadcast (n_x,) or (m, 1) array is the classic bug this
course warns about (lesson 12).

The vectorised functions (``propagate``, ``optimize``) and the loop versions
(``propagate_loop``, ``optimize_loop``, lesson 7) compute the same numbers, so a
lesson can time one against the other honestly.

The NumPy drills at the end (``image2vector``, ``sigmoid_derivative``,
``l1_loss``, ``l2_loss``, ``normalize_rows``, ``softmax``, ``standardize``) are
the references the exercises of lessons 1, 6, 8, 10 and 11 are checked against.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "accuracy",
    "compute_cost",
    "image2vector",
    "initialize_with_zeros",
    "l1_loss",
    "l2_loss",
    "model",
    "normalize_rows",
    "numerical_gradients",
    "optimize",
    "optimize_loop",
    "predict",
    "propagate",
    "propagate_loop",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "standardize",
]

FloatArray = NDArray[np.float64]
Grads = dict[str, Any]
"""``{"dw": (n_x, 1) array, "db": float}``."""

COST_EPS = 1e-15
"""How far ``compute_cost`` keeps A from 0 and 1, so log never sees 0."""


# --------------------------------------------------------------------------- sigmoid


def sigmoid(z: ArrayLike) -> Any:
    """σ(z) = 1 / (1 + e^(−z)), for a Python number or any array.

    Computed as 1/(1 + e^(−|z|)) or e^(−|z|)/(1 + e^(−|z|)) depending on the sign,
    so e^(...) never overflows: sigmoid(1000) is 1.0 and sigmoid(-1000) is 0.0
    without a RuntimeWarning. A scalar in gives a Python float out; an array in
    gives an array of the same shape.
    """
    z_arr = np.asarray(z)
    if not np.issubdtype(z_arr.dtype, np.floating):
        z_arr = z_arr.astype(np.float64)
    e = np.exp(-np.abs(z_arr))  # in (0, 1]: cannot overflow
    s = np.where(z_arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if s.ndim == 0:
        return float(s)
    return s


def _sigmoid_scalar(z: float) -> float:
    """σ for one Python float, with the same overflow-free split as ``sigmoid``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _softplus_scalar(z: float) -> float:
    """log(1 + e^z) without overflow; −log σ(z) = softplus(−z)."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


# --------------------------------------------------------------------------- validation


def _shape_hint(name: str, shape: tuple[int, ...]) -> str:
    """Why a shape is wrong, in the words of lesson 12."""
    if len(shape) == 1:
        fix = "reshape(-1, 1)" if name == "w" else "reshape(1, -1)"
        return f" — a rank-1 array; use {name}.{fix}"
    if len(shape) == 2 and name == "w" and shape[0] == 1 and shape[1] != 1:
        return f" — a row, not a column; use {name}.T"
    if len(shape) == 2 and name == "Y" and shape[1] == 1 and shape[0] != 1:
        return f" — a column, not a row; use {name}.T"
    return ""


def _check_X(X: ArrayLike, name: str = "X") -> NDArray[Any]:
    X = np.asarray(X)
    if X.ndim != 2:
        hint = f"; for one example use {name}.reshape(-1, 1)" if X.ndim == 1 else ""
        raise ValueError(f"{name} must be a 2-D array of shape (n_x, m), got {X.shape}{hint}")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no examples: shape {X.shape}, m must be at least 1")
    return X


def _check_w(w: ArrayLike, n_x: int, x_name: str = "X") -> NDArray[Any]:
    w = np.asarray(w)
    if w.shape != (n_x, 1):
        raise ValueError(
            f"w must have shape ({n_x}, 1) to match {x_name}'s {n_x} features, "
            f"got {w.shape}{_shape_hint('w', w.shape)}"
        )
    return w


def _check_Y(Y: ArrayLike, m: int, name: str = "Y", x_name: str = "X") -> NDArray[Any]:
    Y = np.asarray(Y)
    if Y.shape != (1, m):
        raise ValueError(
            f"{name} must have shape (1, {m}) to match {x_name}'s {m} examples, "
            f"got {Y.shape}{_shape_hint('Y', Y.shape)}"
        )
    return Y


def _check_b(b: ArrayLike) -> float:
    if np.ndim(b) != 0:
        raise ValueError(
            f"b must be a scalar (a Python float), got an array of shape {np.shape(b)}; use float(b)"
        )
    return float(b)  # type: ignore[arg-type]


def _check_all(
    w: ArrayLike, b: ArrayLike, X: ArrayLike, Y: ArrayLike
) -> tuple[NDArray[Any], float, NDArray[Any], NDArray[Any]]:
    X = _check_X(X)
    n_x, m = X.shape
    return _check_w(w, n_x), _check_b(b), X, _check_Y(Y, m)


# --------------------------------------------------------------------------- vectorised


def initialize_with_zeros(dim: int) -> tuple[FloatArray, float]:
    """w = zeros (dim, 1) and b = 0.0: zeros are fine for logistic regression
    (one neuron has no symmetry to break)."""
    if isinstance(dim, bool) or not isinstance(dim, int | np.integer) or dim < 1:
        raise ValueError(f"dim must be a positive int, got {dim!r}")
    return np.zeros((int(dim), 1)), 0.0


def compute_cost(A: ArrayLike, Y: ArrayLike) -> float:
    """Cross-entropy cost J = −(1/m) Σ [y log a + (1−y) log(1−a)] from activations A.

    A is clipped to [1e-15, 1 − 1e-15] so a saturated σ gives a large finite cost
    instead of log(0) = −inf. ``propagate`` computes the same cost from Z instead,
    which needs no clipping.
    """
    a = np.asarray(A, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != 1 or a.shape[1] == 0:
        raise ValueError(f"A must have shape (1, m), got {a.shape}{_shape_hint('Y', a.shape)}")
    y = _check_Y(Y, a.shape[1], x_name="A")
    a = np.clip(a, COST_EPS, 1.0 - COST_EPS)
    return float(-np.mean(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)))


def _cost_from_z(Z: FloatArray, Y: NDArray[Any]) -> float:
    # −log σ(z) = log(1 + e^(−z)) and −log(1 − σ(z)) = log(1 + e^z): exact, no log(0).
    return float(np.mean(Y * np.logaddexp(0.0, -Z) + (1.0 - Y) * np.logaddexp(0.0, Z)))


def _propagate(w: NDArray[Any], b: float, X: NDArray[Any], Y: NDArray[Any]) -> tuple[Grads, float]:
    m = X.shape[1]
    Z = np.dot(w.T, X) + b  # (1, m); b broadcast along the row
    A = sigmoid(Z)
    cost = _cost_from_z(Z, Y)
    dZ = A - Y  # (1, m)
    dw = np.dot(X, dZ.T) / m  # (n_x, 1)
    db = float(np.sum(dZ) / m)
    return {"dw": dw, "db": db}, cost


def propagate(w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike) -> tuple[Grads, float]:
    """One forward and backward pass over all m examples, with no Python loops.

    Forward: Z = wᵀX + b, A = σ(Z), J = mean cross-entropy.
    Backward: dZ = A − Y, dw = X dZᵀ / m, db = Σ dZ / m.
    Returns ``({"dw": (n_x, 1) array, "db": float}, cost: float)``. The cost is
    computed from Z (log σ(z) = −log(1 + e^(−z))), so it stays finite even when
    σ saturates to exactly 0.0 or 1.0.
    """
    w, b, X, Y = _check_all(w, b, X, Y)
    return _propagate(w, b, X, Y)


OnIteration = Callable[[int, float], object]


def _gradient_descent(
    step: Callable[[NDArray[Any], float, NDArray[Any], NDArray[Any]], tuple[Grads, float]],
    w: ArrayLike,
    b: float,
    X: ArrayLike,
    Y: ArrayLike,
    num_iterations: int,
    learning_rate: float,
    print_cost: bool,
    callback: OnIteration | None,
) -> tuple[dict[str, Any], Grads, list[float]]:
    w_in, b, x, y = _check_all(w, b, X, Y)
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, int | np.integer):
        raise ValueError(f"num_iterations must be an int, got {num_iterations!r}")
    if num_iterations < 0:
        raise ValueError(f"num_iterations must be >= 0, got {num_iterations}")
    w_now = np.array(w_in, dtype=np.float64)  # a copy: the caller's w is never modified
    costs: list[float] = []
    grads: Grads | None = None
    for i in range(int(num_iterations)):
        grads, cost = step(w_now, b, x, y)
        w_now = w_now - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
        if callback is not None:
            callback(i, cost)
    if grads is None:  # zero iterations: report the gradient at the starting point
        grads, _ = step(w_now, b, x, y)
    return {"w": w_now, "b": float(b)}, grads, costs


def optimize(
    w: ArrayLike,
    b: float,
    X: ArrayLike,
    Y: ArrayLike,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    print_cost: bool = False,
    *,
    callback: OnIteration | None = None,
) -> tuple[dict[str, Any], Grads, list[float]]:
    """Batch gradient descent: repeat w := w − α·dw, b := b − α·db.

    Returns ``(params, grads, costs)``: params = {"w", "b"} after the last update,
    grads from the last iteration (before its update), and the cost recorded at
    iterations 0, 100, 200, ... (the cost *before* that iteration's update).
    Works on a copy, so the caller's w is unchanged. ``callback(i, cost)``, if
    given, is called after every iteration (for a live cost curve); its return
    value is ignored.
    """
    return _gradient_descent(_propagate, w, b, X, Y, num_iterations, learning_rate, print_cost, callback)


def predict(w: ArrayLike, b: float, X: ArrayLike) -> FloatArray:
    """Label each column of X: 1.0 where σ(wᵀx + b) > 0.5, else 0.0. Shape (1, m)."""
    X = _check_X(X)
    w = _check_w(w, X.shape[0])
    b = _check_b(b)
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(np.float64)


def accuracy(Y_pred: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of predictions equal to the labels, between 0.0 and 1.0."""
    Y_pred = np.asarray(Y_pred)
    Y = np.asarray(Y)
    if Y_pred.shape != Y.shape:
        raise ValueError(f"Y_pred has shape {Y_pred.shape} but Y has shape {Y.shape}")
    if Y.size == 0:
        raise ValueError("accuracy of zero examples is undefined")
    return float(np.mean(Y_pred == Y))


def model(
    X_train: ArrayLike,
    Y_train: ArrayLike,
    X_test: ArrayLike,
    Y_test: ArrayLike,
    num_iterations: int = 2000,
    learning_rate: float = 0.5,
    print_cost: bool = False,
    *,
    callback: OnIteration | None = None,
) -> dict[str, Any]:
    """Train from zeros on the training set, then predict both sets.

    Returns a dict with ``costs``, ``Y_prediction_test``, ``Y_prediction_train``,
    ``w``, ``b``, ``learning_rate``, ``num_iterations`` and the extras
    ``train_accuracy`` / ``test_accuracy`` (fractions 0..1). With print_cost it
    prints the cost every 100 iterations and both accuracies at the end.
    """
    X_train = _check_X(X_train, "X_train")
    n_x, m_train = X_train.shape
    Y_train = _check_Y(Y_train, m_train, "Y_train", "X_train")
    X_test = _check_X(X_test, "X_test")
    if X_test.shape[0] != n_x:
        raise ValueError(
            f"X_test must have shape ({n_x}, m_test) like X_train's {n_x} features, got {X_test.shape}"
        )
    Y_test = _check_Y(Y_test, X_test.shape[1], "Y_test", "X_test")

    w, b = initialize_with_zeros(n_x)
    params, _, costs = optimize(
        w, b, X_train, Y_train, num_iterations, learning_rate, print_cost, callback=callback
    )
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_acc = accuracy(Y_prediction_train, Y_train)
    test_acc = accuracy(Y_prediction_test, Y_test)
    if print_cost:
        print(f"train accuracy: {100 * train_acc:.2f} %")
        print(f"test accuracy: {100 * test_acc:.2f} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
    }


def numerical_gradients(w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike, eps: float = 1e-6) -> Grads:
    """dw and db by central differences, (J(θ + ε) − J(θ − ε)) / 2ε, one parameter
    at a time: slow, but a check that needs no calculus (lessons 5, 6 and 10)."""
    w, b, X, Y = _check_all(w, b, X, Y)
    w = np.array(w, dtype=np.float64)
    dw = np.zeros_like(w)
    for j in range(w.shape[0]):
        orig = w[j, 0]
        w[j, 0] = orig + eps
        plus = _cost_from_z(np.dot(w.T, X) + b, Y)
        w[j, 0] = orig - eps
        minus = _cost_from_z(np.dot(w.T, X) + b, Y)
        w[j, 0] = orig
        dw[j, 0] = (plus - minus) / (2 * eps)
    Z = np.dot(w.T, X)
    db = (_cost_from_z(Z + (b + eps), Y) - _cost_from_z(Z + (b - eps), Y)) / (2 * eps)
    return {"dw": dw, "db": float(db)}


# --------------------------------------------------------------------------- loops (lesson 7)


def _propagate_loop(w: NDArray[Any], b: float, X: NDArray[Any], Y: NDArray[Any]) -> tuple[Grads, float]:
    n_x, m = X.shape
    # Plain Python floats: indexing NumPy arrays element by element would add
    # NumPy's per-scalar overhead and overstate how slow loops are.
    xs = X.T.tolist()  # m lists of n_x numbers
    ws = w[:, 0].tolist()
    ys = Y[0].tolist()
    J = 0.0
    dw = [0.0] * n_x
    db = 0.0
    for i in range(m):  # loop 1: over the m examples
        x = xs[i]
        y = ys[i]
        z = b
        for j in range(n_x):  # loop 2: over the n_x features
            z += ws[j] * x[j]
        a = _sigmoid_scalar(z)
        # −[y log a + (1−y) log(1−a)], written so that a = 0 or 1 cannot give log(0)
        J += y * _softplus_scalar(-z) + (1 - y) * _softplus_scalar(z)
        dz = a - y
        for j in range(n_x):
            dw[j] += x[j] * dz
        db += dz
    J /= m
    dw_arr = np.array(dw, dtype=np.float64).reshape(n_x, 1) / m
    return {"dw": dw_arr, "db": db / m}, J


def propagate_loop(w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike) -> tuple[Grads, float]:
    """``propagate`` written the slow way: two nested Python for-loops.

    For each example i: z = b + Σ_j w_j x_j, a = σ(z),
    J += −[y log a + (1−y) log(1−a)], dz = a − y, dw_j += x_j dz, db += dz;
    then J, dw and db are divided by m. Same results and return types as
    ``propagate`` (to rounding), so lesson 7 can time the two against each other.
    """
    w, b, X, Y = _check_all(w, b, X, Y)
    return _propagate_loop(w, b, X, Y)


def optimize_loop(
    w: ArrayLike,
    b: float,
    X: ArrayLike,
    Y: ArrayLike,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    print_cost: bool = False,
    *,
    callback: OnIteration | None = None,
) -> tuple[dict[str, Any], Grads, list[float]]:
    """``optimize`` with ``propagate_loop`` inside: same signature and results."""
    return _gradient_descent(_propagate_loop, w, b, X, Y, num_iterations, learning_rate, print_cost, callback)


# --------------------------------------------------------------------------- NumPy drills


def sigmoid_derivative(z: ArrayLike) -> Any:
    """dσ/dz = σ(z)·(1 − σ(z)), for a number or any array (lesson 6)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def image2vector(image: ArrayLike) -> NDArray[Any]:
    """An (h, w, channels) image unrolled into an (h·w·channels, 1) column, last axis
    fastest (the order of ``reshape``), as lesson 1 unrolls its pictures."""
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"image must have three axes (height, width, channels), got shape {image.shape}")
    return image.reshape(-1, 1)


def _check_pair(yhat: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    yhat = np.asarray(yhat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if yhat.shape != y.shape:
        raise ValueError(f"yhat has shape {yhat.shape} but y has shape {y.shape}")
    return yhat, y


def l1_loss(yhat: ArrayLike, y: ArrayLike) -> float:
    """L1 = Σ |y − ŷ| over every entry (lesson 8)."""
    yhat, y = _check_pair(yhat, y)
    return float(np.sum(np.abs(y - yhat)))


def l2_loss(yhat: ArrayLike, y: ArrayLike) -> float:
    """L2 = Σ (y − ŷ)² over every entry (lesson 8)."""
    yhat, y = _check_pair(yhat, y)
    return float(np.sum((y - yhat) ** 2))


def _check_matrix(x: ArrayLike, name: str = "x") -> FloatArray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {x.shape}")
    return x


def normalize_rows(x: ArrayLike) -> FloatArray:
    """Each row divided by its length ‖row‖₂, so every row has length 1 (lesson 11).

    The (n, 1) column of lengths broadcasts along the rows. A row of zeros has
    no direction and stays zeros.
    """
    x = _check_matrix(x)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0.0, 1.0, norms)


def softmax(x: ArrayLike) -> FloatArray:
    """Row-wise softmax: e^x divided by the sum of its row, so each row sums to 1
    (lesson 11). Each row's maximum is subtracted first, which leaves the result
    unchanged and keeps e^x from overflowing."""
    x = _check_matrix(x)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def standardize(X: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Each feature (row of X, (n_x, m)) shifted to mean 0 and scaled to standard
    deviation 1; returns ``(X_std, mu, sigma)`` with mu and sigma (n_x, 1) columns.

    A feature that never changes has σ = 0; its σ is replaced by 1, so it becomes
    a row of zeros instead of 0/0. Apply the same mu and sigma to the test set:
    ``(X_test - mu) / sigma`` (lesson 10).
    """
    X = _check_X(X)
    X = np.asarray(X, dtype=np.float64)
    mu = X.mean(axis=1, keepdims=True)
    sigma = X.std(axis=1, keepdims=True)
    sigma = np.where(sigma == 0.0, 1.0, sigma)
    return (X - mu) / sigma, mu, sigma
