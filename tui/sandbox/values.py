"""Python and NumPy values as plain JSON, for the trip between the learner's kernel and the judge.

Grading calls the learner's functions in their kernel with arguments the judge
made, and compares what comes back in the judge. Both directions go through
``encode``/``decode``: arrays keep their dtype, shape and exact bytes; tuples
stay tuples; NaN and infinities survive. Whatever else a learner's function
returns (a generator, a class, a lambda) arrives as an ``Opaque`` that names its
type, so a check can say "returned a generator" instead of crashing.

``decode`` reads data from a process that runs learner code: it checks every
tag, dtype and size, and refuses (ValueError) anything malformed or too big. It
never evaluates anything, so a malicious value can make a check fail, never pass
by itself.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

MAX_BYTES = 8 * 1024**2
"""Array bytes one value may carry (a (64, 1438) float64 array is 0.7 MB)."""

MAX_ITEMS = 100_000
"""Containers' items one value may carry, all levels together."""

MAX_DEPTH = 20
MAX_TEXT = 100_000
ARRAY_KINDS = "biufc"
"""dtype kinds that travel: bool, signed and unsigned ints, floats, complex."""


class Opaque:
    """A value that cannot travel (a function, a generator, an object): its type and a short repr."""

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


class _Budget:
    def __init__(self) -> None:
        self.items = 0
        self.bytes = 0

    def item(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ValueError(f"the value has more than {MAX_ITEMS:,} items")

    def data(self, size: int) -> None:
        self.bytes += size
        if self.bytes > MAX_BYTES:
            raise ValueError(f"the value holds more than {MAX_BYTES // 1024**2} MB of arrays")


def encode(value: Any) -> Any:
    """``value`` as JSON data (ValueError if it is too big to send)."""
    return _encode(value, _Budget(), 0)


def _encode(value: Any, budget: _Budget, depth: int) -> Any:
    budget.item()
    if depth > MAX_DEPTH:
        raise ValueError(f"the value is nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ValueError(f"a string in the value is longer than {MAX_TEXT:,} characters")
        return value
    if isinstance(value, int) and not isinstance(value, np.integer):
        return value if abs(value) < 2**53 else {"int": str(value)}
    if isinstance(value, float) and not isinstance(value, np.floating):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, np.ndarray) and value.dtype.kind in ARRAY_KINDS:
        budget.data(value.nbytes)
        data = np.ascontiguousarray(value).tobytes()
        return {"ndarray": {"dtype": value.dtype.str, "shape": list(value.shape), "data": _b64(data)}}
    if isinstance(value, np.generic) and value.dtype.kind in ARRAY_KINDS:
        return {"scalar": {"dtype": value.dtype.str, "data": _b64(value.tobytes())}}
    if type(value) in (list, tuple):
        items = [_encode(item, budget, depth + 1) for item in value]
        return items if type(value) is list else {"tuple": items}
    if type(value) is dict and all(isinstance(key, str) for key in value):
        return {"dict": {key: _encode(item, budget, depth + 1) for key, item in value.items()}}
    return {"opaque": {"type": _type_name(value), "repr": _short_repr(value)}}


def decode(data: Any) -> Any:
    """The value ``data`` encodes (ValueError if it is malformed or too big)."""
    return _decode(data, _Budget(), 0)


def _decode(data: Any, budget: _Budget, depth: int) -> Any:
    budget.item()
    if depth > MAX_DEPTH:
        raise ValueError("the value is nested too deeply")
    if data is None or isinstance(data, bool | int | float):
        return data
    if isinstance(data, str):
        if len(data) > MAX_TEXT:
            raise ValueError("a string in the value is too long")
        return data
    if isinstance(data, list):
        return [_decode(item, budget, depth + 1) for item in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise ValueError("malformed value")
    ((tag, body),) = data.items()
    if tag == "tuple" and isinstance(body, list):
        return tuple(_decode(item, budget, depth + 1) for item in body)
    if tag == "dict" and isinstance(body, dict):
        return {str(key): _decode(item, budget, depth + 1) for key, item in body.items()}
    if tag == "int" and isinstance(body, str) and len(body) < 5000:
        return int(body)
    if tag == "float" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "ndarray" and isinstance(body, dict):
        return _array(body, budget)
    if tag == "scalar" and isinstance(body, dict):
        dtype = _dtype(body.get("dtype"))
        raw = _unb64(body.get("data"))
        if len(raw) != dtype.itemsize:
            raise ValueError("malformed scalar")
        return np.frombuffer(raw, dtype=dtype)[0]
    if tag == "opaque" and isinstance(body, dict):
        return Opaque(str(body.get("type", "?"))[:200], str(body.get("repr", "?"))[:200])
    raise ValueError(f"malformed value (tag {str(tag)[:20]!r})")


def _array(body: dict[str, Any], budget: _Budget) -> np.ndarray:
    dtype = _dtype(body.get("dtype"))
    shape = body.get("shape")
    if not isinstance(shape, list) or len(shape) > 32 or not all(_size(n) for n in shape):
        raise ValueError("malformed array shape")
    count = math.prod(shape)
    budget.data(count * dtype.itemsize)
    raw = _unb64(body.get("data"))
    if len(raw) != count * dtype.itemsize:
        raise ValueError("the array's data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _size(n: Any) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_BYTES


def _dtype(text: Any) -> np.dtype[Any]:
    if not isinstance(text, str) or len(text) > 8:
        raise ValueError("malformed dtype")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise ValueError("malformed dtype") from None
    if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ValueError(f"arrays of dtype {dtype} cannot travel")
    return dtype


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str) or len(text) > MAX_BYTES * 4 // 3 + 8:
        raise ValueError("malformed array data")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise ValueError("malformed array data") from None


def _type_name(value: Any) -> str:
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a learner's __repr__ may raise anything
        text = f"<{_type_name(value)}>"
    return text if len(text) <= 200 else text[:199] + "…"
