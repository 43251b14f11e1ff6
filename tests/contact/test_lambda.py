"""The Lambda adapter fed real payload-format-2.0 events; Netlify's signature; the challenge."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from contact import aws_lambda
from contact.endpoint import Request
from contact.spam import ProofOfWork, verify_netlify_signature
from tests.contact.conftest import ORIGIN, VALID, endpoint, maildir_messages

PROXY_SECRET = "netlify-proxy-secret-0123456789"


def event(
    method: str = "POST",
    body: str = "",
    headers: dict[str, str] | None = None,
    *,
    b64: bool = False,
    query: str = "",
    source_ip: str = "203.0.113.7",
) -> dict[str, Any]:
    """A payload-format-2.0 event as a Lambda function URL delivers it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/",
        "rawQueryString": query,
        "headers": {
            "host": "abcdefghij.lambda-url.eu-west-1.on.aws",
            "x-forwarded-proto": "https",
            "user-agent": "Mozilla/5.0",
            **(headers or {}),
        },
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abcdefghij",
            "domainName": "abcdefghij.lambda-url.eu-west-1.on.aws",
            "domainPrefix": "abcdefghij",
            "http": {
                "method": method,
                "path": "/",
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": "Mozilla/5.0",
            },
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "29/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1795946400000,
        },
        "body": base64.b64encode(body.encode()).decode() if b64 else body,
        "isBase64Encoded": b64,
    }


@pytest.fixture
def lambda_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def use(**env: str):
        ep = endpoint(tmp_path, **env)
        monkeypatch.setattr(aws_lambda, "_endpoint", ep)
        return ep

    return use


FORM_HEADERS = {"content-type": "application/x-www-form-urlencoded", "origin": ORIGIN}


def test_form_post_event_gets_303(tmp_path: Path, lambda_endpoint) -> None:
    lambda_endpoint()
    result = aws_lambda.handler(event(body=urllib.parse.urlencode(VALID), headers=FORM_HEADERS))
    assert result["statusCode"] == 303
    assert result["headers"]["Location"] == "/gesprek/bedankt/"
    assert result["headers"]["X-Frame-Options"] == "DENY"
    assert result["isBase64Encoded"] is False
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_base64_json_event_gets_200(tmp_path: Path, lambda_endpoint) -> None:
    lambda_endpoint()
    headers = {"content-type": "application/json", "accept": "application/json", "origin": ORIGIN}
    result = aws_lambda.handler(event(body=json.dumps(VALID), headers=headers, b64=True))
    assert result["statusCode"] == 200
    assert json.loads(result["body"])["ok"] is True


def test_bad_base64_and_big_bodies(tmp_path: Path, lambda_endpoint) -> None:
    lambda_endpoint()
    bad = event(headers={**FORM_HEADERS, "accept": "application/json"})
    bad.update(body="***not base64***", isBase64Encoded=True)
    assert aws_lambda.handler(bad)["statusCode"] == 422
    big = event(body="a" * 1_000_000, headers=FORM_HEADERS, b64=True)
    assert aws_lambda.handler(big)["statusCode"] == 413
    assert aws_lambda.handler(event("GET"))["statusCode"] == 405
    assert maildir_messages(tmp_path / "mail") == []


def _sign(payload: dict[str, Any], secret: str) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def test_netlify_signature_decides_whose_address_counts(tmp_path: Path, lambda_endpoint) -> None:
    lambda_endpoint(CONTACT_PROXY_SECRET=PROXY_SECRET, CONTACT_RATE_LIMIT="1/10m")
    claims = {"iss": "netlify", "exp": int(time.time()) + 300, "site_url": "https://coach.nl"}
    token = _sign(claims, PROXY_SECRET)

    def post(client_ip: str, name: str, sign: str = token) -> int:
        headers = {**FORM_HEADERS, "x-nf-sign": sign, "x-nf-client-connection-ip": client_ip}
        body = urllib.parse.urlencode({**VALID, "name": name})
        # Every request comes from the same Netlify edge address.
        return aws_lambda.handler(event(body=body, headers=headers, source_ip="10.0.0.1"))[
            "statusCode"
        ]

    assert post("198.51.100.1", "Een") == 303
    assert post("198.51.100.2", "Twee") == 303  # another prospect, not limited
    assert post("198.51.100.1", "Drie") == 429  # the same prospect again
    assert post("198.51.100.3", "Vier", sign=_sign(claims, "wrong-secret-0123456789")) == 403
    assert post("198.51.100.3", "Vijf", sign="") == 403
    assert len(maildir_messages(tmp_path / "mail")) == 2


def test_signature_checks() -> None:
    now = time.time()
    good = {"iss": "netlify", "exp": int(now) + 60}
    assert verify_netlify_signature(_sign(good, PROXY_SECRET), PROXY_SECRET)
    assert not verify_netlify_signature(
        _sign({**good, "exp": int(now) - 1}, PROXY_SECRET), PROXY_SECRET
    )
    assert not verify_netlify_signature(_sign({**good, "iss": "x"}, PROXY_SECRET), PROXY_SECRET)
    assert not verify_netlify_signature("a.b", PROXY_SECRET)
    assert not verify_netlify_signature("e30.e30.", PROXY_SECRET)


def _solve(challenge: dict[str, Any]) -> str:
    for number in range(int(challenge["maxnumber"]) + 1):
        digest = hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest()
        if digest == challenge["challenge"]:
            payload = {**challenge, "number": number}
            del payload["maxnumber"]
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise AssertionError("unsolvable")


def test_challenge_round_trip(tmp_path: Path, lambda_endpoint) -> None:
    secret = "c" * 40
    lambda_endpoint(CONTACT_CHALLENGE_SECRET=secret, CONTACT_CHALLENGE_MAX_NUMBER="2000")
    issued = aws_lambda.handler(event("GET", query="challenge=1"))
    assert issued["statusCode"] == 200
    challenge = json.loads(issued["body"])
    assert challenge["algorithm"] == "SHA-256" and challenge["maxnumber"] == 2000
    headers = {**FORM_HEADERS, "accept": "application/json"}

    def post(solution: str, name: str) -> dict[str, Any]:
        body = urllib.parse.urlencode({**VALID, "name": name, "altcha": solution})
        return aws_lambda.handler(event(body=body, headers=headers))

    without = post("", "Zonder")
    assert without["statusCode"] == 422
    answer = json.loads(without["body"])
    assert answer["errors"] == {
        "_form": "De controle tegen spam is niet gelukt. Probeer het opnieuw."
    }
    assert answer["challenge"] is True  # the form's script solves one only when asked
    solution = _solve(challenge)
    assert post(solution, "Met")["statusCode"] == 200
    assert post(solution, "Nog eens")["statusCode"] == 422  # a challenge is used once
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_expired_or_forged_challenges_fail() -> None:
    pow_ = ProofOfWork("k" * 40, 50)
    old = pow_.issue(now=time.time() - 5000)
    assert not pow_.verify(_solve(old))
    forged = ProofOfWork("z" * 40, 50).issue()
    assert not pow_.verify(_solve(forged))
    assert not pow_.verify("bm90IGpzb24=")


def test_request_translation_keeps_headers_lower_case() -> None:
    request = aws_lambda.to_request(event(headers={"X-Custom": "1"}, body="a=b"), 100)
    assert isinstance(request, Request)
    assert request.headers["x-custom"] == "1"
    assert (request.method, request.body, request.remote_addr) == ("POST", b"a=b", "203.0.113.7")


def test_signed_site_address_and_its_www_twin_are_own_origins(
    tmp_path: Path, lambda_endpoint
) -> None:
    """A browser without fetch metadata is judged by Origin against Netlify's signed site_url."""
    lambda_endpoint(CONTACT_PROXY_SECRET=PROXY_SECRET, CONTACT_ALLOWED_ORIGINS="")
    claims = {"iss": "netlify", "exp": int(time.time()) + 300, "site_url": "https://www.coach.nl"}
    token = _sign(claims, PROXY_SECRET)

    def post(origin: str, name: str) -> int:
        headers = {**FORM_HEADERS, "x-nf-sign": token, "origin": origin}
        headers["host"] = "abc123.lambda-url.eu-west-1.on.aws"  # the proxy sends the function's
        body = urllib.parse.urlencode({**VALID, "name": name})
        return aws_lambda.handler(event(body=body, headers=headers))["statusCode"]

    assert post("https://www.coach.nl", "Een") == 303
    assert post("https://coach.nl", "Twee") == 303
    assert post("https://coach.nl.evil.example", "Drie") == 403
    assert post("https://evil.example", "Vier") == 403
    assert len(maildir_messages(tmp_path / "mail")) == 2
