"""The order of the endpoint's guards: a request that two of them would refuse meets the first.

The order is part of the behaviour: nothing a bot can trigger reaches the rate limiter, so a
real prospect behind the same address keeps their budget. Each request below trips two
neighbouring guards; the log line's outcome says which one answered.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from contact.endpoint import Endpoint, Request
from tests.contact.conftest import ORIGIN, VALID, FakeClock, endpoint, maildir_messages

FORM = {"content-type": "application/x-www-form-urlencoded", "origin": ORIGIN}
FOREIGN = {**FORM, "origin": "https://evil.example"}
BIG = 40 * 1024  # above the 32 KiB any honest form stays below


def body(**overrides: str) -> bytes:
    return urllib.parse.urlencode({**VALID, **overrides}).encode()


class Log:
    def __init__(self) -> None:
        self.outcomes: list[str] = []

    def __call__(self, record: dict[str, object]) -> None:
        self.outcomes.append(str(record["outcome"]))


def logged(ep: Endpoint) -> Log:
    log = Log()
    ep.observer = log
    return log


def answer(ep: Endpoint, method: str, headers: dict[str, str], data: bytes = b"", **kw) -> int:
    return ep.handle(Request(method, headers, data, remote_addr="198.51.100.1", **kw)).status


def test_guards_in_front_of_the_signature(tmp_path: Path) -> None:
    ep = endpoint(
        tmp_path,
        CONTACT_PROXY_SECRET="netlify-proxy-secret-0123456789",
        CONTACT_CHALLENGE_SECRET="c" * 40,
    )
    log = logged(ep)
    assert answer(ep, "GET", {}, query="challenge=1") == 200  # not a 405 for the GET
    assert answer(ep, "PUT", FORM, body()) == 405  # not a 403 for the missing signature
    assert answer(ep, "POST", FORM, b"a" * BIG) == 403  # unsigned before too large
    assert log.outcomes == ["challenge", "method", "unsigned"]


@pytest.mark.parametrize(
    "method, headers, data, outcome",
    [
        ("POST", {"content-type": "text/plain"}, b"a" * BIG, "too_large"),
        ("POST", {**FOREIGN, "content-type": "text/plain"}, b"hallo", "media_type"),
        ("POST", {**FOREIGN, "content-type": "application/json"}, b"{", "malformed"),
        ("POST", FOREIGN, body(website="http://spam.example"), "origin"),
        ("POST", FORM, body(website="http://spam.example", email="geen-adres"), "honeypot"),
        ("POST", FORM, body(email="geen-adres"), "challenge_failed"),
    ],
)
def test_each_guard_answers_before_the_next(
    method: str, headers: dict[str, str], data: bytes, outcome: str, tmp_path: Path
) -> None:
    ep = endpoint(tmp_path, CONTACT_CHALLENGE_SECRET="c" * 40)
    log = logged(ep)
    answer(ep, method, headers, data)
    assert log.outcomes == [outcome]
    assert maildir_messages(tmp_path / "mail") == []


def test_only_a_post_about_to_be_delivered_counts_against_the_budget(tmp_path: Path) -> None:
    ep = endpoint(tmp_path, FakeClock(), CONTACT_RATE_LIMIT="1/10m")
    log = logged(ep)
    answer(ep, "POST", FOREIGN, body())
    answer(ep, "POST", FORM, body(website="http://spam.example"))
    answer(ep, "POST", FORM, body(email="geen-adres"))
    assert answer(ep, "POST", FORM, body()) == 303  # the budget of one is still whole
    assert answer(ep, "POST", FORM, body()) == 303  # the same again: a copy, not a second post
    status = answer(ep, "POST", {**FORM, "accept": "application/json"}, body(name="Bert"))
    assert status == 429
    assert log.outcomes == [
        "origin", "honeypot", "invalid", "delivered", "duplicate", "rate_limited",
    ]  # fmt: skip
    assert [m["Subject"] for m in maildir_messages(tmp_path / "mail")] == [
        "Aanvraag vrijblijvend gesprek van Anna de Vries"
    ]


def test_a_failed_delivery_gives_the_budget_and_the_key_back(tmp_path: Path) -> None:
    ep = endpoint(
        tmp_path, FakeClock(), MAILER_DSN="maildir:///proc/geen-maildir", CONTACT_RATE_LIMIT="1/10m"
    )
    log = logged(ep)
    headers = {**FORM, "accept": "application/json"}
    assert answer(ep, "POST", headers, body()) == 503
    assert answer(ep, "POST", headers, body()) == 503  # not "duplicate", not "rate_limited"
    assert log.outcomes == ["failed", "failed"]
