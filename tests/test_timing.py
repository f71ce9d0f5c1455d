"""helpers.timing.best_time."""

import pytest

from helpers.timing import best_time


def test_best_time_is_per_call_and_positive():
    calls = []
    t = best_time(lambda: calls.append(1), number=4, repeats=2)
    assert len(calls) == 8 and 0 < t < 1


@pytest.mark.parametrize("args, err", [(("f",), TypeError), ((print, 0), ValueError), ((print, 1, 1.5), ValueError)])
def test_bad_arguments(args, err):
    with pytest.raises(err):
        best_time(*args)
