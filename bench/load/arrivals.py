"""When a simulated reader sends its next request. Kept apart from the locustfile, which Locust imports with
gevent's patches, so that it can be tested as plain Python."""

import random
import time
from collections.abc import Callable
from typing import Any


def poisson_arrivals(per_second: float, clock: Callable[[], float] = time.perf_counter) -> Callable[[Any], float]:
    """A wait_time for Locust: requests at random moments, on average `per_second` a second (a Poisson
    process), as independent readers send them. Locust's constant_throughput keeps each reader on the instant
    it started at, and Locust starts readers in batches, so every reader asked in the same instant of each
    second: a burst of all of them at once, not a rate."""
    if per_second <= 0:
        raise ValueError(f"per_second must be positive, got {per_second}")

    def wait_time(user: Any) -> float:
        now = clock()
        due = getattr(user, "next_arrival", now) + random.expovariate(per_second)
        user.next_arrival = due  # kept when the server is late, so the offered rate stays `per_second`
        return max(0.0, due - now)

    return wait_time
