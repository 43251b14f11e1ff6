"""Hostile input: line breaks and NUL everywhere, broken encodings, arbitrary bodies; no 500."""

from __future__ import annotations

import json
import urllib.parse
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact.compose import UnsafeHeader, compose_notification, safe
from contact.endpoint import Request
from contact.settings import Settings
from contact.submission import Submission, validate
from tests.contact.conftest import ORIGIN, VALID, endpoint, form, maildir_messages

BREAKS = ["\r\n", "\n", "\r", "\x00", "\u2028", "\x0b", "\x1b", "\x85"]
SINGLE_LINE = {
    "name": "Je naam mag geen regeleinden of stuurtekens bevatten.",
    "email": "Je e-mailadres mag geen regeleinden of stuurtekens bevatten.",
    "phone": "Je telefoonnummer mag geen regeleinden of stuurtekens bevatten.",
}


@pytest.mark.parametrize("field", ["name", "email", "phone"])
@pytest.mark.parametrize("bad", BREAKS)
def test_line_breaks_and_controls_are_refused_in_single_line_fields(
    field: str, bad: str, tmp_path: Path, live
) -> None:
    app = live(endpoint(tmp_path))
    value = VALID[field] + bad + "Bcc: victim@example.com"
    status, _, body = app.post_json({**VALID, field: value})
    assert status == 422
    assert json.loads(body)["errors"] == {field: SINGLE_LINE[field]}
    # The trailing newline that Python < 3.11.10 lets through `email`'s own check:
    status, _, body = app.post_form(form(**{field: VALID[field] + bad}), Accept="application/json")
    assert status == 422
    assert json.loads(body)["errors"] == {field: SINGLE_LINE[field]}
    assert maildir_messages(tmp_path / "mail") == []


def test_nul_in_message_is_refused_but_line_breaks_are_kept(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, _, body = app.post_json({**VALID, "message": "Hallo\x00daar"})
    assert status == 422
    assert json.loads(body)["errors"] == {
        "message": "Je bericht bevat tekens die niet zijn toegestaan."
    }
    status, _, _ = app.post_json({**VALID, "message": "Regel één\r\nRegel twee\rRegel drie"})
    assert status == 200
    [mail] = maildir_messages(tmp_path / "mail")
    assert "Regel één\nRegel twee\nRegel drie\n" in mail.get_body(("plain",)).get_content()


def test_whitespace_is_normalised_and_lengths_bounded() -> None:
    submission, errors = validate(
        {**VALID, "name": "  Anna \t  de   Vries ", "message": "  a  \n\n\n\n b  "}, max_links=2
    )
    assert errors == {}
    assert submission is not None
    assert submission.name == "Anna de Vries"
    assert submission.message == "a\n\n b"
    _, errors = validate({**VALID, "name": "x" * 101, "message": "y" * 5001}, max_links=2)
    assert errors == {
        "name": "Je naam mag hooguit 100 tekens lang zijn.",
        "message": "Je bericht mag hooguit 5000 tekens lang zijn.",
    }


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", b"name=%FF%FE&email=x"),  # invalid UTF-8 escaped
        ("application/x-www-form-urlencoded", b"name=\xff\xfe"),  # invalid UTF-8 raw
        ("application/x-www-form-urlencoded", b"name&&=&=="),
        ("application/x-www-form-urlencoded", b"name=a&name=b"),
        ("application/x-www-form-urlencoded", "&".join(f"f{i}=1" for i in range(50)).encode()),
        ("application/json", b"{not json"),
        ("application/json", b"[1, 2, 3]"),
        ("application/json", b'"just a string"'),
        ("application/json", b'{"name": {"nested": true}}'),
        ("application/json", b'{"name": 12}'),
        ("application/json", b"\xff\xfe{}"),
        ("application/json", b"[" * 100_00 + b"]" * 100_00),
        ("application/json", b""),
    ],
)
def test_malformed_bodies_get_422_form_error(
    content_type: str, body: bytes, tmp_path: Path, live
) -> None:
    app = live(endpoint(tmp_path))
    headers = {"Content-Type": content_type, "Accept": "application/json", "Origin": ORIGIN}
    status, _, answer = app.request("POST", body, headers)
    assert status in (413, 422)
    if status == 422:
        assert json.loads(answer)["errors"] == {
            "_form": "Het formulier kon niet worden gelezen. Probeer het opnieuw."
        }
    assert maildir_messages(tmp_path / "mail") == []


def test_header_check_does_not_rely_on_the_python_patch_level() -> None:
    """Even if validation were bypassed, `compose` refuses a trailing newline itself."""
    settings_ = Settings.from_environ({})
    for bad in ("Anna\n", "Anna\r", "Anna\x00", "Anna\u2028"):
        with pytest.raises(UnsafeHeader):
            safe(bad)
        with pytest.raises(UnsafeHeader):
            compose_notification(
                Submission(name=bad, email="a@voorbeeld.nl", phone="", message="x"),
                settings_,
                "0" * 64,
            )


def _headers_of(message: EmailMessage) -> list[tuple[str, str]]:
    return list(message.items())


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=120),
    phone=st.text(alphabet="0123456789 +-()\n\r", max_size=20),
    message=st.text(max_size=300),
)
def test_property_no_input_adds_a_header(name: str, phone: str, message: str) -> None:
    """Whatever passes validation composes to exactly the expected set of headers."""
    submission, _ = validate(
        {"name": name, "email": "anna@voorbeeld.nl", "phone": phone, "message": message,
         "consent": "on"},
        max_links=2,
    )  # fmt: skip
    if submission is None:
        return
    msg = compose_notification(submission, Settings.from_environ({}), "a" * 64)
    raw = msg.as_bytes(policy=policy.SMTP)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    names = [line.split(":", 1)[0] for line in head.split("\r\n") if line[:1] not in (" ", "\t")]
    assert names == [
        "Date", "Message-ID", "Subject", "From", "To", "Reply-To", "MIME-Version", "Content-Type",
    ]  # fmt: skip


_endpoint_cache: dict[str, object] = {}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["POST", "GET", "PUT", "post", "HEAD", "BREW"]),
    content_type=st.one_of(
        st.sampled_from(
            ["application/x-www-form-urlencoded", "application/json", "text/plain", ""]
        ),
        st.text(max_size=40),
    ),
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.dictionaries(st.sampled_from([*VALID, "x"]), st.text(max_size=50)).map(
            lambda d: urllib.parse.urlencode(d).encode()
        ),
        st.dictionaries(
            st.sampled_from([*VALID, "x"]),
            st.one_of(st.text(max_size=50), st.booleans(), st.none(), st.integers()),
        ).map(lambda d: json.dumps(d).encode()),
    ),
    accept=st.sampled_from(["", "application/json", "text/html", "*/*"]),
    origin=st.sampled_from(["", ORIGIN, "https://evil.example", "null"]),
)
def test_property_arbitrary_requests_never_fail(
    tmp_path_factory: pytest.TempPathFactory,
    method: str,
    content_type: str,
    body: bytes,
    accept: str,
    origin: str,
) -> None:
    if "ep" not in _endpoint_cache:
        _endpoint_cache["ep"] = endpoint(tmp_path_factory.mktemp("hyp"))
    ep = _endpoint_cache["ep"]
    headers = {"content-type": content_type, "accept": accept}
    if origin:
        headers["origin"] = origin
    response = ep.handle(Request(method, headers, body, remote_addr="127.0.0.1"))  # type: ignore[attr-defined]
    assert response.status in (200, 303, 403, 405, 413, 415, 422)
    assert response.header("Content-Security-Policy")
    assert response.header("X-Content-Type-Options") == "nosniff"
    if (
        response.header(
            "Content-Type",
        )
        == "application/json; charset=utf-8"
    ):
        assert isinstance(json.loads(response.body), dict)
