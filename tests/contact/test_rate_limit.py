"""The rate limiter and whose address counts, on an injected clock: no sleeping."""

from __future__ import annotations

import gc
import threading
import types
from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from contact.settings import MAX_RATE_WINDOW_SECONDS, RateLimit, parse_rate_limit
from contact.spam import RateLimiter, client_address
from tests.contact.conftest import FakeClock

ADDRESSES = ("198.51.100.1", "203.0.113.9", "2001:db8::1")


def held_strings(limiter: RateLimiter) -> set[str]:
    """Every text the limiter's own state reaches (not through classes, modules or code)."""
    found: set[str] = set()
    seen: set[int] = set()
    todo: list[object] = [vars(limiter)]
    skip = (type, types.ModuleType, types.FunctionType, types.MethodType, types.CodeType)
    while todo:
        item = todo.pop()
        if id(item) in seen or isinstance(item, skip):
            continue
        seen.add(id(item))
        if isinstance(item, str):
            found.add(item)
        else:
            todo.extend(gc.get_referents(item))
    return found


def test_a_window_ends_and_the_address_is_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(RateLimit(2, 600), clock=clock)
    assert limiter.hit("198.51.100.1") == 0
    clock.now += 100
    assert limiter.hit("198.51.100.1") == 0
    assert limiter.hit("198.51.100.1") == 500  # until the first post leaves the window
    clock.now += 3600
    limiter.hit("198.51.100.2")
    assert "198.51.100.1" not in held_strings(limiter)


def test_an_address_is_kept_at_most_the_hour_the_privacy_statement_promises() -> None:
    """docs/privacy.md: the visitor's IP address is kept in the function's memory "hooguit een
    uur". The longest window a setting allows is that hour; once it has passed since the
    address was last seen, the limiter's next use (by anyone) leaves no trace of it."""
    assert parse_rate_limit("20/1h").window == MAX_RATE_WINDOW_SECONDS == 3600
    clock = FakeClock()
    limiter = RateLimiter(parse_rate_limit("2/1h"), clock=clock)
    limiter.hit("198.51.100.1")
    clock.now += 1800
    limiter.hit("198.51.100.1")  # its hour starts again
    limiter.hit("203.0.113.9")
    clock.now += 3599
    limiter.hit("198.51.100.2")
    assert "198.51.100.1" in held_strings(limiter)  # the helper does find a held address
    clock.now += 1
    limiter.hit("198.51.100.2")
    assert "198.51.100.1" not in held_strings(limiter)
    assert "203.0.113.9" not in held_strings(limiter)


class Timers:
    """Records what the limiter schedules; the test runs it when its clock says it is time."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.pending: list[tuple[float, Callable[[], None]]] = []

    def __call__(self, delay: float, action: Callable[[], None]) -> None:
        self.pending.append((self.clock.now + delay, action))

    def run_due(self) -> int:
        due = [item for item in self.pending if item[0] <= self.clock.now]
        self.pending = [item for item in self.pending if item[0] > self.clock.now]
        for _, action in due:
            action()
        return len(due)


def test_an_address_is_forgotten_after_the_hour_when_nobody_else_comes() -> None:
    """The promise holds in a quiet process too: a timer forgets the address, not the next
    visitor. One sweep is pending at a time, planned for the first address to go."""
    clock = FakeClock(0.0)
    timers = Timers(clock)
    limiter = RateLimiter(parse_rate_limit("2/1h"), clock=clock, schedule=timers)
    limiter.hit("198.51.100.1")
    clock.now += 1800
    limiter.hit("198.51.100.1")  # seen again: its hour starts again
    limiter.hit("203.0.113.9")
    assert [due for due, _ in timers.pending] == [3600]
    clock.now = 3600
    assert timers.run_due() == 1
    assert {"198.51.100.1", "203.0.113.9"} <= held_strings(limiter)
    assert [due for due, _ in timers.pending] == [5400]
    clock.now = 5399
    assert timers.run_due() == 0
    clock.now = 5400
    assert timers.run_due() == 1
    assert not {"198.51.100.1", "203.0.113.9"} & held_strings(limiter)
    assert timers.pending == []  # nothing held, nothing planned


def test_the_default_timer_runs_the_sweep_on_its_own_thread() -> None:
    done = threading.Event()
    limiter = RateLimiter(RateLimit(1, 600), clock=FakeClock())
    limiter.schedule(0.0, done.set)
    assert done.wait(10)


@given(
    limit=st.builds(RateLimit, st.integers(1, 3), st.sampled_from([1, 60, 600, 3600])),
    steps=st.lists(
        st.tuples(
            st.sampled_from(["hit", "refund"]),
            st.sampled_from(ADDRESSES),
            # Pauses as parts of the window: none, a moment, almost all, all of it, more.
            st.sampled_from([0.0, 0.01, 0.5, 0.99, 1.0, 2.0]),
        ),
        max_size=30,
    ),
)
@example(  # a quiet address behind a busier one, which was seen before it and again since
    limit=RateLimit(2, 600),
    steps=[
        ("hit", ADDRESSES[0], 0.0),
        ("hit", ADDRESSES[1], 0.01),
        ("hit", ADDRESSES[0], 0.98),
        ("hit", ADDRESSES[0], 0.01),
        ("hit", ADDRESSES[2], 0.01),
    ],
)
@settings(max_examples=300, deadline=None)
def test_no_address_outlives_its_window_whatever_happened_before(
    limit: RateLimit, steps: list[tuple[str, str, float]]
) -> None:
    """Hits, refusals and refunds in any order: after each hit, the limiter holds only the
    addresses seen within the window (at most the promised hour)."""
    clock = FakeClock()
    limiter = RateLimiter(limit, clock=clock)
    last_seen: dict[str, float] = {}
    for action, address, part in steps:
        clock.now += part * limit.window
        if action == "refund":
            limiter.refund(address)
            continue
        limiter.hit(address)
        last_seen[address] = clock.now
        outlived = {a for a, seen in last_seen.items() if seen <= clock.now - limit.window}
        assert not outlived & held_strings(limiter)


def test_a_refunded_post_does_not_count() -> None:
    limiter = RateLimiter(RateLimit(1, 600), clock=FakeClock())
    assert limiter.hit("198.51.100.1") == 0
    limiter.refund("198.51.100.1")  # its delivery failed
    assert limiter.hit("198.51.100.1") == 0
    assert limiter.hit("198.51.100.1") > 0
    limiter.refund("203.0.113.9")  # never seen: nothing happens


def test_proxy_headers_count_only_when_netlify_signed_the_request() -> None:
    headers = {
        "x-nf-client-connection-ip": "198.51.100.7",
        "x-forwarded-for": "198.51.100.8, 10.0.0.1",
    }
    assert client_address(headers, "10.0.0.1", signed=True) == "198.51.100.7"
    assert client_address(
        {"x-forwarded-for": "198.51.100.8, 10.0.0.1"}, "10.0.0.1", signed=True
    ) == ("198.51.100.8")
    assert client_address(headers, "10.0.0.1", signed=False) == "10.0.0.1"
    assert client_address({}, "", signed=True) == "unknown"
