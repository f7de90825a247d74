"""Disclosure control: what a published count may say."""

import pytest

from evidence.publishing.disclosure import FEWER_THAN_FIVE, shown_count


@pytest.mark.parametrize(
    ("true_count", "value", "text"),
    [
        (0, 0, "0"),
        (1, None, FEWER_THAN_FIVE),
        (4, None, FEWER_THAN_FIVE),
        (5, 5, "5"),
        (7, 5, "5"),
        (8, 10, "10"),
        (12, 10, "10"),
        (13, 15, "15"),
        (1234, 1235, "1,235"),
    ],
)
def test_a_count_is_zero_suppressed_or_rounded_to_the_nearest_five(true_count, value, text):
    shown = shown_count(true_count)
    assert (shown.value, shown.text, str(shown)) == (value, text, text)
    assert shown.suppressed is (value is None)


def test_a_total_is_rounded_from_the_true_total_not_summed_from_the_cells():
    cells = [4, 4, 4]  # each "fewer than 5"
    assert [shown_count(n).text for n in cells] == [FEWER_THAN_FIVE] * 3
    assert shown_count(sum(cells)).text == "10"


def test_a_negative_count_is_a_bug_not_a_figure():
    with pytest.raises(ValueError):
        shown_count(-1)
