"""lessons.data: the shipped digits data set and its text rendering."""

from __future__ import annotations

import gzip
from importlib import resources

import numpy as np
import pytest

from lessons import data

ALLOWED = set(data.SHADES)


def test_data_file_ships_with_its_credit():
    folder = resources.files("lessons") / "data"
    with (folder / "uci-digits.csv.gz").open("rb") as fh:
        first = gzip.decompress(fh.read()).decode("ascii").splitlines()[0]
    assert len(first.split(",")) == 65
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Alpaydin" in readme and "Kaynak" in readme and "1998" in readme
    assert "CC BY 4.0" in readme
    assert "https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits" in (readme)


def test_load_digit_images():
    images, labels = data.load_digit_images()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,)
    assert images.min() == 0.0 and images.max() == 1.0
    assert sorted(set(labels.tolist())) == list(range(10))
    assert np.all(np.bincount(labels) >= 170)  # roughly 180 of each digit


def test_load_digits_shapes_and_ranges():
    train_x, train_y, test_x, test_y = data.load_digits(3)
    m_train, m_test = train_x.shape[1], test_x.shape[1]
    assert train_x.shape == (64, m_train) and test_x.shape == (64, m_test)
    assert train_y.shape == (1, m_train) and test_y.shape == (1, m_test)
    for arr in (train_x, train_y, test_x, test_y):
        assert arr.dtype == np.float64
    assert m_train + m_test == 1797
    assert abs(m_test / 1797 - 0.2) < 0.005
    assert train_x.min() == 0.0 and train_x.max() == 1.0
    assert test_x.min() >= 0.0 and test_x.max() <= 1.0
    assert set(np.unique(train_y).tolist()) == {0.0, 1.0}
    assert set(np.unique(test_y).tolist()) == {0.0, 1.0}


def test_labels_are_one_vs_rest():
    train_idx, test_idx = data.split_indices(0)
    images, labels = data.load_digit_images()
    for target in (0, 3, 8):
        train_x, train_y, _, test_y = data.load_digits(target)
        np.testing.assert_array_equal(train_y[0], labels[train_idx] == target)
        np.testing.assert_array_equal(test_y[0], labels[test_idx] == target)
        # Column k of X is image train_idx[k], flattened row by row.
        np.testing.assert_array_equal(train_x[:, 5], images[train_idx[5]].ravel())


@pytest.mark.parametrize("target", [0, 3, 8])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_split_is_stratified(target, seed):
    _, train_y, _, test_y = data.load_digits(target, seed)
    overall = (train_y.sum() + test_y.sum()) / (train_y.size + test_y.size)
    assert abs(train_y.mean() - overall) < 0.01
    assert abs(test_y.mean() - overall) < 0.01
    # Every digit, not just the positives, keeps ~80 % of its images in training.
    _, labels = data.load_digit_images()
    train_idx, _ = data.split_indices(seed)
    per_digit = np.bincount(labels[train_idx], minlength=10) / np.bincount(labels)
    assert np.all(np.abs(per_digit - 0.8) < 0.01)


def test_split_is_disjoint_and_complete():
    train_idx, test_idx = data.split_indices(3)
    assert not set(train_idx.tolist()) & set(test_idx.tolist())
    assert sorted([*train_idx.tolist(), *test_idx.tolist()]) == list(range(1797))


def test_same_seed_same_arrays_other_seed_other_split():
    a = data.load_digits(3, seed=5)
    b = data.load_digits(3, seed=5)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    c = data.load_digits(3, seed=6)
    assert a[0].shape == c[0].shape
    assert not np.array_equal(a[0], c[0])
    assert not np.array_equal(data.split_indices(5)[1], data.split_indices(6)[1])


def test_callers_cannot_corrupt_the_cache():
    train_x, train_y, _, _ = data.load_digits(3)
    train_x[:] = -1.0
    train_y[:] = 7.0
    images, labels = data.load_digit_images()
    images[:] = 9.0
    labels[:] = 0
    again_x, again_y, _, _ = data.load_digits(3)
    assert again_x.min() == 0.0 and again_x.max() == 1.0
    assert set(np.unique(again_y).tolist()) == {0.0, 1.0}
    assert data.load_digit_images()[0].max() == 1.0


@pytest.mark.parametrize("bad", [-1, 10, 3.0, "3", None, True])
def test_invalid_target_raises(bad):
    with pytest.raises(ValueError, match="target"):
        data.load_digits(bad)


def test_numpy_int_target_and_invalid_seed():
    assert data.load_digits(np.int64(8))[1].sum() > 100
    with pytest.raises(ValueError, match="seed"):
        data.load_digits(3, seed=-1)


def test_load_digit_pair():
    train_x, train_y, test_x, test_y = data.load_digit_pair(3, 8)
    _, labels = data.load_digit_images()
    n3, n8 = np.bincount(labels)[[3, 8]]
    assert train_y.size + test_y.size == n3 + n8
    assert train_y.sum() + test_y.sum() == n3
    assert train_x.shape == (64, train_y.size) and test_x.shape == (64, test_y.size)
    with pytest.raises(ValueError):
        data.load_digit_pair(4, 4)


# --------------------------------------------------------------------------- drawing


def test_digit_to_text_is_8_lines_of_16_allowed_characters():
    images, _ = data.load_digit_images()
    text = data.digit_to_text(images[0])
    lines = text.split("\n")
    assert len(lines) == 8
    assert all(len(line) == 16 for line in lines)
    assert set(text) - {"\n"} <= ALLOWED
    assert "█" in text and " " in text
    assert "\x1b" not in text


def test_digit_to_text_accepts_all_layouts_and_scales():
    images, _ = data.load_digit_images()
    img = images[7]
    expected = data.digit_to_text(img)
    assert data.digit_to_text(img.ravel()) == expected  # (64,)
    assert data.digit_to_text(img.reshape(64, 1)) == expected  # a column of X
    assert data.digit_to_text(img * 16) == expected  # raw 0..16 values


def test_digit_to_text_pixel_levels():
    img = np.zeros((8, 8))
    img[0, :5] = [0.0, 0.25, 0.5, 0.75, 1.0]
    first = data.digit_to_text(img).split("\n")[0]
    assert first == "  ░░▒▒▓▓██      "
    assert data.digit_to_text(img, shades=data.ASCII_SHADES).split("\n")[0] == "  ..::##@@      "
    with pytest.raises(ValueError, match=r"\(63,\)"):
        data.digit_to_text(np.zeros(63))


def test_side_by_side_with_captions():
    images, _ = data.load_digit_images()
    text = data.digits_side_by_side(images[:3], ["p=0.43", "p=0.07", "p=0.99"])
    lines = text.split("\n")
    assert len(lines) == 9  # 8 pixel rows and one caption row
    assert lines[8].split() == ["p=0.43", "p=0.07", "p=0.99"]
    # The first digit occupies columns 0..15 of each row, exactly as drawn alone.
    alone = data.digit_to_text(images[0]).split("\n")
    assert [line[:16].ljust(16) for line in lines[:8]] == alone  # lines are rstripped
    assert set(text) - {"\n"} <= ALLOWED | set("p=.0123456789")


def test_side_by_side_wraps_at_width():
    images, _ = data.load_digit_images()
    captions = [f"#{k}" for k in range(10)]
    text = data.digits_side_by_side(images[:10], captions)  # default width 76
    blocks = text.split("\n\n")
    assert len(blocks) == 3  # 4 + 4 + 2 digits of 16 columns with 2-column gaps
    assert all(len(line) <= 76 for line in text.split("\n"))
    assert blocks[0].split("\n")[-1].split() == ["#0", "#1", "#2", "#3"]
    assert blocks[2].split("\n")[-1].split() == ["#8", "#9"]
    narrow = data.digits_side_by_side(images[:3], width=40)
    assert len(narrow.split("\n\n")) == 2  # two digits fit in 40 columns, not three
    assert all(len(line) <= 40 for line in narrow.split("\n"))


def test_side_by_side_takes_columns_of_X():
    train_x, _, _, _ = data.load_digits(3)
    text = data.digits_side_by_side(train_x[:, :2])
    assert text.split("\n")[3][:16].ljust(16) == data.digit_to_text(train_x[:, 0]).split("\n")[3]
    with pytest.raises(ValueError, match="captions"):
        data.digits_side_by_side(train_x[:, :2], ["only one"])
    assert data.digits_side_by_side([]) == ""
