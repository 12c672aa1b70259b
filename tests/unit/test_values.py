"""Values cross between the learner's kernel and the judge as data: exact, and refused when malformed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui.sandbox import values
from tui.sandbox.values import Opaque, decode, encode


def trip(value):
    return decode(json.loads(json.dumps(encode(value))))


def test_arrays_keep_dtype_shape_and_exact_bits() -> None:
    for array in (
        np.arange(12, dtype=np.float64).reshape(3, 4) / 7,
        np.array([[1, 2]], dtype=np.int32),
        np.array([True, False]),
        np.zeros((0, 3)),
        np.array(3.5),
        np.array([1 + 2j]),
        np.arange(6).reshape(2, 3).T,  # not contiguous
    ):
        back = trip(array)
        assert isinstance(back, np.ndarray)
        assert back.dtype == array.dtype and back.shape == array.shape
        assert np.array_equal(back, array)
        assert back.flags.writeable


def test_python_values_keep_their_types() -> None:
    value = {"grads": {"dw": np.ones((2, 1)), "db": 0.5}, "pair": (1, [2.0, None]), "ok": True, "name": "w"}
    back = trip(value)
    assert back["pair"] == (1, [2.0, None]) and isinstance(back["pair"], tuple)
    assert back["ok"] is True and back["name"] == "w"
    assert np.array_equal(back["grads"]["dw"], np.ones((2, 1)))
    assert trip(float("nan")) != trip(float("nan"))  # still NaN
    assert trip(float("-inf")) == float("-inf")
    assert trip(2**80) == 2**80
    assert isinstance(trip(np.float32(1.5)), np.float32)


def test_what_cannot_travel_arrives_as_an_opaque_that_names_its_type() -> None:
    back = trip(i for i in range(3))
    assert isinstance(back, Opaque) and back.type_name == "generator"
    assert back != back
    assert isinstance(trip(np.array(["a"], dtype=object)), Opaque)


@pytest.mark.parametrize(
    "data",
    [
        {"ndarray": {"dtype": "O", "shape": [1], "data": ""}},
        {"ndarray": {"dtype": "<f8", "shape": [2], "data": "AAAAAAAAAAA="}},  # 8 bytes, not 16
        {"ndarray": {"dtype": "<f8", "shape": [-1], "data": ""}},
        {"ndarray": {"dtype": "<f8", "shape": [10**9, 10**9], "data": ""}},
        {"ndarray": {"dtype": "<f8", "shape": [1], "data": "not base64!"}},
        {"ndarray": {"dtype": [["a", "<f8"]], "shape": [1], "data": ""}},
        {"scalar": {"dtype": "<f8", "data": "AA=="}},
        {"float": "1e999"},
        {"int": "1" * 6000},
        {"eval": "__import__('os')"},
        {"tuple": [], "extra": 1},
    ],
)
def test_malformed_data_is_refused(data) -> None:
    with pytest.raises(ValueError):
        decode(data)


def test_sizes_are_bounded_both_ways(monkeypatch) -> None:
    monkeypatch.setattr(values, "MAX_BYTES", 1000)
    with pytest.raises(ValueError, match="MB"):
        encode(np.zeros(200))
    nested: list = []
    for _ in range(values.MAX_DEPTH + 5):
        nested = [nested]
    with pytest.raises(ValueError, match="nested"):
        encode(nested)
    with pytest.raises(ValueError):
        decode(nested)
