"""The handwritten-digits data the lessons train on, and a way to draw it as text.

The data is the test set of the UCI "Optical Recognition of Handwritten Digits"
data set (Alpaydin & Kaynak, 1998; CC BY 4.0, see ``data/README.md``): 1797
images of 8x8 pixels with values 0..16. It ships inside the package, so it is
read with ``importlib.resources`` and works from a wheel or a zip as well.

``load_digits(target)`` turns it into the course's "is this a cat?" task: "is
this digit a 3?", with X as (64, m) and Y as (1, m) like every lesson.

Digits are drawn with shade characters only, never ANSI colours, so the text
looks the same in the app's output pane, over SSH and in a plain ``print``.
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ASCII_SHADES",
    "N_IMAGES",
    "SHADES",
    "digit_to_text",
    "digits_side_by_side",
    "load_digit_images",
    "load_digit_pair",
    "load_digits",
    "split_indices",
    "text_to_digit",
]

DATA_FILE = "uci-digits.csv.gz"
N_IMAGES = 1797
N_PIXELS = 64
MAX_PIXEL = 16
TRAIN_FRACTION = 0.8

SHADES = " ░▒▓█"
"""Five shades, blank to full block: pixel 0.0 is " ", 1.0 is "█"."""
ASCII_SHADES = " .:#@"
"""The same five levels in ASCII, for terminals without block characters."""

FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def _raw() -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """Parse the CSV once: pixels (1797, 64) as 0..16 and labels (1797,) as 0..9.

    The cached arrays are read-only; public functions hand out copies.
    """
    resource = resources.files(__package__) / "data" / DATA_FILE
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.int64, ndmin=2)
    if table.shape != (N_IMAGES, N_PIXELS + 1):
        raise RuntimeError(f"{DATA_FILE}: expected {N_IMAGES} rows of 65 values, got {table.shape}")
    pixels, labels = table[:, :N_PIXELS], table[:, N_PIXELS]
    if pixels.min() < 0 or pixels.max() > MAX_PIXEL or labels.min() < 0 or labels.max() > 9:
        raise RuntimeError(f"{DATA_FILE}: pixel or label out of range; the file is damaged")
    small = pixels.astype(np.uint8)
    labels = labels.copy()
    small.setflags(write=False)
    labels.setflags(write=False)
    return small, labels


def load_digit_images() -> tuple[FloatArray, NDArray[np.int64]]:
    """All 1797 digits as ``(images, labels)``: images (1797, 8, 8) float64 in [0, 1],
    labels (1797,) ints 0..9. Fresh arrays on every call, safe to modify."""
    pixels, labels = _raw()
    images = pixels.reshape(-1, 8, 8).astype(np.float64) / MAX_PIXEL
    return images, labels.copy()


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return int(seed)


def _check_digit(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= value <= 9:
        raise ValueError(f"{name} must be an int from 0 to 9, got {value!r}")
    return int(value)


def split_indices(seed: int = 0) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row indices ``(train_idx, test_idx)`` of an 80/20 split stratified by digit.

    Each of the ten digits is split 80/20 on its own, so every class (and so the
    positives of any one-vs-rest task) keeps its share in both parts. The split
    depends only on ``seed``: "3 vs rest" and "8 vs rest" with the same seed use
    the same training images. Both index arrays are sorted, disjoint and together
    cover all 1797 images.
    """
    seed = _check_seed(seed)
    _, labels = _raw()
    rng = np.random.default_rng(seed)
    train: list[NDArray[np.int64]] = []
    test: list[NDArray[np.int64]] = []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        n_train = round(TRAIN_FRACTION * len(idx))
        train.append(idx[:n_train])
        test.append(idx[n_train:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def _as_xy(
    pixels: NDArray[np.uint8], labels: NDArray[np.int64], idx: NDArray[np.int64], target: int
) -> tuple[FloatArray, FloatArray]:
    X = pixels[idx].T.astype(np.float64) / MAX_PIXEL  # (64, m): one image per column
    Y = (labels[idx] == target).astype(np.float64).reshape(1, -1)  # (1, m)
    return X, Y


def load_digits(target: int = 3, seed: int = 0) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """One-vs-rest digits in the course's shapes: ``(train_x, train_y, test_x, test_y)``.

    X is (64, m) float64 with pixels scaled to [0, 1]; Y is (1, m) float64, 1.0
    where the digit equals ``target`` and 0.0 otherwise. The split is the
    stratified 80/20 split of ``split_indices(seed)`` (1438 train, 359 test):
    the same seed gives identical arrays, another seed a different split.
    """
    target = _check_digit(target, "target")
    train_idx, test_idx = split_indices(seed)
    pixels, labels = _raw()
    train_x, train_y = _as_xy(pixels, labels, train_idx, target)
    test_x, test_y = _as_xy(pixels, labels, test_idx, target)
    return train_x, train_y, test_x, test_y


def load_digit_pair(
    positive: int = 3, negative: int = 8, seed: int = 0
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Only two digits, e.g. "3 vs 8": Y is 1.0 for ``positive``, 0.0 for ``negative``.

    Same shapes and the same stratified split as ``load_digits`` (restricted to
    the two digits), a harder and balanced task.
    """
    positive = _check_digit(positive, "positive")
    negative = _check_digit(negative, "negative")
    if positive == negative:
        raise ValueError(f"positive and negative must differ, got {positive} twice")
    train_idx, test_idx = split_indices(seed)
    pixels, labels = _raw()
    pair = (positive, negative)
    train_idx = train_idx[np.isin(labels[train_idx], pair)]
    test_idx = test_idx[np.isin(labels[test_idx], pair)]
    train_x, train_y = _as_xy(pixels, labels, train_idx, positive)
    test_x, test_y = _as_xy(pixels, labels, test_idx, positive)
    return train_x, train_y, test_x, test_y


# --------------------------------------------------------------------------- drawing


def _as_image(image: ArrayLike, scale: float | None) -> FloatArray:
    """Any of (64,), (64, 1), (1, 64), (8, 8) → (8, 8) floats in [0, 1]."""
    arr = np.asarray(image, dtype=np.float64)
    if arr.size != N_PIXELS or arr.shape not in {(64,), (64, 1), (1, 64), (8, 8)}:
        raise ValueError(f"a digit must have shape (64,), (64, 1) or (8, 8), got {arr.shape}")
    arr = np.nan_to_num(arr.reshape(8, 8), nan=0.0, posinf=MAX_PIXEL, neginf=0.0)
    if scale is None:  # auto: values above 1 mean the raw 0..16 scale
        scale = MAX_PIXEL if arr.max() > 1.0 else 1.0
    return np.clip(arr / scale, 0.0, 1.0)


def digit_to_text(image: ArrayLike, shades: str = SHADES, scale: float | None = None) -> str:
    """Draw one 8x8 digit as 8 lines of 16 characters (each pixel two wide, so it
    looks square in a terminal), using only the characters of ``shades``.

    ``image`` may be (64,), (64, 1) — a column of X — or (8, 8), with values in
    [0, 1] or the raw 0..16 (detected from the maximum; pass ``scale=16`` or
    ``scale=1`` to say which). Lines keep their trailing blanks.
    """
    if len(shades) < 2:
        raise ValueError(f"shades needs at least 2 characters, got {shades!r}")
    levels = np.rint(_as_image(image, scale) * (len(shades) - 1)).astype(int)
    return "\n".join("".join(shades[v] * 2 for v in row) for row in levels)


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two (captions may be Chinese)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    """Centre ``text`` in ``width`` columns, cutting it if it is too wide."""
    while _width(text) > width:
        text = text[:-1]
    pad = width - _width(text)
    return " " * (pad // 2) + text + " " * (pad - pad // 2)


def _image_list(images: Any) -> list[Any]:
    if isinstance(images, np.ndarray):
        if images.shape == (8, 8) or images.shape == (64,):
            return [images]
        if images.ndim == 2 and images.shape[0] == N_PIXELS:
            return [images[:, k] for k in range(images.shape[1])]  # columns, like X
        if images.ndim == 3 and images.shape[1:] == (8, 8):
            return list(images)
        raise ValueError(
            f"images must be a (64, k) array of columns like X, a (k, 8, 8) array or a list "
            f"of digits, got an array of shape {images.shape}"
        )
    return list(images)


def digits_side_by_side(
    images: Sequence[ArrayLike] | NDArray[Any],
    captions: Sequence[str] | None = None,
    width: int = 76,
    gap: int = 2,
    shades: str = SHADES,
    scale: float | None = None,
) -> str:
    """Draw several digits in a row, each with its caption centred underneath,
    wrapping to a new row (after a blank line) when the next digit would pass
    ``width`` columns. Made for ``print``, e.g. misclassified test digits with
    captions like "p=0.43".

    ``images`` is a list of digits (any shape ``digit_to_text`` takes), a
    (k, 8, 8) array, or a (64, k) array whose columns are digits, like X. A
    caption wider than a digit widens every cell; lines carry no trailing blanks.
    """
    digits = [digit_to_text(im, shades, scale).split("\n") for im in _image_list(images)]
    if captions is not None:
        captions = [" ".join(str(c).split()) for c in captions]
        if len(captions) != len(digits):
            raise ValueError(f"got {len(digits)} digits but {len(captions)} captions")
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    if not digits:
        return ""
    cell = 2 * 8
    if captions:
        cell = max(cell, *(_width(c) for c in captions))
    cell = max(2 * 8, min(cell, width))  # a caption may widen a cell, up to the width
    per_row = max(1, (width + gap) // (cell + gap))
    blocks: list[str] = []
    for start in range(0, len(digits), per_row):
        row = range(start, min(start + per_row, len(digits)))
        lines = [(" " * gap).join(_fit(digits[k][r], cell) for k in row).rstrip() for r in range(8)]
        if captions is not None:
            lines.append((" " * gap).join(_fit(captions[k], cell) for k in row).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


INK = {" ": 0.0, ".": 0.0, "░": 0.25, "▒": 0.5, "+": 0.5, "▓": 0.75, "█": 1.0, "#": 1.0, "@": 1.0, "X": 1.0}
"""What each character of a drawn digit means: blank (" " or "."), full ink ("#", "@", "X", "█"),
or a shade in between ("░", "▒" or "+", "▓")."""


def text_to_digit(drawing: str) -> FloatArray:
    """A digit drawn as 8 lines of 8 characters (see ``INK``) as a (64, 1) column like those of X.

    Blank lines before and after the drawing are ignored, and a line shorter
    than 8 characters is blank on the right. Anything else (another number of
    lines, a line too long, an unknown character) is a ValueError that says
    which line and what to fix.
    """
    lines = drawing.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 8:
        raise ValueError(f"a drawn digit has 8 lines, this one has {len(lines)}")
    pixels = np.zeros((8, 8))
    for row, line in enumerate(lines):
        line = line.rstrip()
        if len(line) > 8:
            raise ValueError(f"line {row + 1} of the drawing has {len(line)} characters, at most 8 fit")
        for column, char in enumerate(line):
            if char not in INK:
                known = " ".join(repr(c) for c in INK)
                raise ValueError(f"line {row + 1}: {char!r} is not a shade (use one of {known})")
            pixels[row, column] = INK[char]
    return pixels.reshape(N_PIXELS, 1)
