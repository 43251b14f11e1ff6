"""The rate limiter and whose address counts, on an injected clock: no sleeping."""

from __future__ import annotations

from contact.settings import RateLimit
from contact.spam import RateLimiter, client_address


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_window_ends_and_the_address_is_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimit(2, 600), clock=clock)
    assert limiter.hit("198.51.100.1") == 0
    clock.now += 100
    assert limiter.hit("198.51.100.1") == 0
    assert limiter.hit("198.51.100.1") == 500  # until the first post leaves the window
    clock.now += 3600
    limiter.hit("198.51.100.2")
    # The privacy statement: an address is kept at most an hour.
    assert "198.51.100.1" not in limiter._hits


def test_a_refunded_post_does_not_count() -> None:
    limiter = RateLimiter(RateLimit(1, 600), clock=Clock())
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
