"""The load test's readers: requests at random moments at a given average rate, not in bursts."""

import itertools
import random
import statistics
from types import SimpleNamespace

import pytest

from bench.load.arrivals import poisson_arrivals


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def gaps_between_requests(per_second: float, requests: int, answer_seconds: float = 0.0) -> list[float]:
    """Drive one reader: it sends a request, the server answers in `answer_seconds`, it waits as told."""
    random.seed(7)
    clock, reader = Clock(), SimpleNamespace()
    wait_time = poisson_arrivals(per_second, clock=clock)
    sent = []
    for _ in range(requests):
        sent.append(clock.now)
        clock.now += answer_seconds
        clock.now += wait_time(reader)
    return [later - earlier for earlier, later in itertools.pairwise(sent)]


def test_a_reader_offers_the_rate_on_average_at_random_moments():
    gaps = gaps_between_requests(per_second=1.0, requests=20_000)
    assert statistics.mean(gaps) == pytest.approx(1.0, rel=0.03)
    # Exponential gaps: their spread equals their mean. Constant pacing would give a spread of 0, which is
    # how every reader came to ask in the same instant of each second.
    assert statistics.stdev(gaps) / statistics.mean(gaps) == pytest.approx(1.0, rel=0.05)


def test_a_slow_server_does_not_lower_the_offered_rate():
    """A reader kept waiting sends its due requests at once when answered, as people keep arriving."""
    gaps = gaps_between_requests(per_second=2.0, requests=5_000, answer_seconds=0.3)
    assert statistics.mean(gaps) == pytest.approx(0.5, rel=0.03)
    assert min(gaps) == pytest.approx(0.3)  # never faster than the server answers


def test_a_rate_must_be_positive():
    with pytest.raises(ValueError):
        poisson_arrivals(0)
