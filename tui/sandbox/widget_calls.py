"""The lesson widgets' computations, run in the kernel so the UI never imports NumPy.

Each returns plain JSON data for one widget (``tui/widgets/lesson_widgets/``).
They run in a private namespace and use private random generators, so the
learner's variables and ``np.random`` state are left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from tui.sandbox.calls import CallContext, kernel_function


@kernel_function("widgets.broadcast")
def broadcast(context: CallContext, a: list[int], b: list[int]) -> dict[str, Any]:
    """The shape NumPy broadcasts ``a`` and ``b`` to, or NumPy's own error."""
    try:
        return {"shape": list(np.broadcast_shapes(tuple(a), tuple(b)))}
    except (ValueError, RuntimeError) as error:
        return {"error": str(error)}


@kernel_function("widgets.graph")
def graph(context: CallContext, a: int, b: int, c: int) -> dict[str, int]:
    """Every value and derivative of J = 3(a + b·c), forward then backward."""
    a_, b_, c_ = np.array([a, b, c], dtype=np.int64)
    u = b_ * c_  # forward, left to right
    v = a_ + u
    J = 3 * v
    dv = np.int64(3)  # backward: J = 3·v
    du = dv * 1  # v = a + u
    da = dv * 1
    db = du * c_  # u = b·c
    dc = du * b_
    values = {"u": u, "v": v, "J": J, "dv": dv, "du": du, "da": da, "db": db, "dc": dc}
    return {name: int(x) for name, x in values.items()}


@kernel_function("widgets.gradient_descent")
def gradient_descent(context: CallContext, w0: float, alpha: float, steps: int, cap: float) -> dict[str, Any]:
    """The path of ``steps`` steps of w := w − α·dJ/dw on J(w) = (w − 3)² + 1, from ``w0``.

    The path stops early once |w| passes ``cap`` (the step size made it run away).
    """

    def cost(w: Any) -> Any:
        return (w - 3) ** 2 + 1

    def slope(w: Any) -> Any:
        return 2 * (w - 3)

    path = [float(w0)]
    w = np.float64(w0)
    exploded = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w = w - alpha * slope(w)
            if not np.isfinite(w) or abs(w) > cap:
                exploded = True
                break
            path.append(float(w))
    ws = np.array(path)
    xs = np.linspace(min(-2.0, ws.min()), max(8.0, ws.max()), 121)
    return {
        "w": ws.tolist(),
        "J": cost(ws).tolist(),
        "dJ": slope(ws).tolist(),
        "xs": xs.tolist(),
        "curve": cost(xs).tolist(),
        "exploded": exploded,
    }


@kernel_function("widgets.race")
def race(context: CallContext, n: int, loop_repeat: int, dot_repeat: int) -> dict[str, Any]:
    """Time a Python loop against ``np.dot`` on the same two random vectors of length ``n``."""
    rng = np.random.default_rng(n)
    a = rng.random(n)
    c = rng.random(n)

    def loop() -> float:
        s = 0.0
        for i in range(n):
            s += a[i] * c[i]
        return s

    def best(f: Callable[[], Any], repeat: int) -> tuple[float, float]:
        times = []
        value = 0.0
        for _ in range(repeat):
            t0 = time.perf_counter()
            value = f()
            times.append(time.perf_counter() - t0)
        return min(times), float(value)

    t_loop, s_loop = best(loop, loop_repeat)
    t_dot, s_dot = best(lambda: np.dot(a, c), dot_repeat)
    return {
        "n": n,
        "loop": t_loop,
        "dot": t_dot,
        "s_loop": s_loop,
        "s_dot": s_dot,
        "same": bool(np.isclose(s_loop, s_dot, rtol=1e-9)),
    }


@kernel_function("widgets.rank1")
def rank1(context: CallContext, shape: list[int]) -> dict[str, Any]:
    """What a (5,), (5, 1) or (1, 5) array does under .T, np.dot and +."""
    a = np.random.RandomState(0).randn(*shape)

    def result(compute: Callable[[], Any]) -> dict[str, Any]:
        try:
            r = np.asarray(compute())
        except ValueError as error:
            return {"error": str(error)}
        return {"shape": list(r.shape), "value": r.tolist()}

    return {
        "a": a.tolist(),
        "shape": list(a.shape),
        "ndim": a.ndim,
        "T": list(a.T.shape),
        "T_is_a": bool(a.T.shape == a.shape),
        "dot_a_aT": result(lambda: np.dot(a, a.T)),
        "dot_aT_a": result(lambda: np.dot(a.T, a)),
        "plus": result(lambda: a + a.T),
    }
