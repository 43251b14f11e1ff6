"""The real WSGI app over real HTTP: every answer of the issue, word for word."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

from tests.contact.conftest import VALID, FakeClock, endpoint, form, maildir_messages

SECURITY = {
    "content-security-policy": (
        "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
}


def assert_secure(headers: dict[str, str]) -> None:
    for name, value in SECURITY.items():
        assert headers.get(name) == value, name


def test_plain_form_post_gets_303_to_thank_you_page_and_one_mail(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, _body = app.post_form(form())
    assert status == 303
    assert headers["location"] == "/gesprek/bedankt/"
    assert_secure(headers)
    [mail] = maildir_messages(tmp_path / "mail")
    assert mail["Subject"] == "Aanvraag vrijblijvend gesprek van Anna de Vries"
    assert mail["Reply-To"] == "Anna de Vries <anna@voorbeeld.nl>"
    assert mail["To"] == "coach@example.invalid"
    assert mail["From"] == "Contactformulier website <website@example.invalid>"
    assert re.fullmatch(r"<[0-9a-f]{40}@example\.invalid>", mail["Message-ID"])
    assert mail["Date"]
    text = mail.get_body(("plain",)).get_content()
    assert "Naam: Anna de Vries\n" in text
    assert "Telefoonnummer: 06 12345678\n" in text
    assert "Bericht:\nIk wil graag kennismaken.\nMijn team groeit snel.\n" in text
    html = mail.get_body(("html",)).get_content()
    assert "<td>Anna de Vries</td>" in html


def test_json_post_gets_200_json(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, body = app.post_json({**VALID, "consent": True})
    assert status == 200
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(body) == {
        "ok": True,
        "message": "Bedankt! Je bericht is verstuurd.",
        "redirect": "/gesprek/bedankt/",
    }
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_html_in_fields_is_escaped_in_the_html_part(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    app.post_form(form(name="<b>Anna</b> & co", message='<script>alert("x")</script>'))
    [mail] = maildir_messages(tmp_path / "mail")
    html = mail.get_body(("html",)).get_content()
    assert "<td>&lt;b&gt;Anna&lt;/b&gt; &amp; co</td>" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_invalid_json_answer_names_each_field_in_dutch(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, body = app.post_json(
        {"name": "", "email": "geen-adres", "phone": "abc", "message": " ", "consent": False}
    )
    assert status == 422
    assert_secure(headers)
    assert json.loads(body) == {
        "ok": False,
        "message": "Controleer de gemarkeerde velden en verstuur het formulier opnieuw.",
        "email": "coach@example.invalid",
        "mailto": "mailto:coach@example.invalid?subject=Aanvraag%20vrijblijvend%20gesprek&body=abc",
        "errors": {
            "name": "Vul je naam in.",
            "email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
            "phone": (
                "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678, of laat dit veld leeg."
            ),
            "message": "Schrijf een bericht: waar wil je het over hebben?",
            "consent": "Geef toestemming om je gegevens voor dit contact te gebruiken.",
        },
    }
    assert maildir_messages(tmp_path / "mail") == []


def test_invalid_html_answer_shows_the_form_again_with_the_values(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, body = app.post_form(form(email="anna@", message='Hoi "daar" <b>'))
    assert status == 422
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert '<html lang="nl">' in page
    assert (
        '<li><a href="#email">Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.'
        "</a></li>" in page
    )
    assert (
        '<input id="email" name="email" type="email" value="anna@" autocomplete="email" '
        'maxlength="254" required aria-invalid="true" aria-describedby="email-fout">' in page
    )
    assert 'value="Anna de Vries"' in page
    assert ">Hoi &quot;daar&quot; &lt;b&gt;</textarea>" in page
    assert '<a href="/privacy/">privacyverklaring</a>' in page
    assert '<form method="post" action="/api/contact" novalidate>' in page
    assert "<script" not in page and "style" not in page


def test_wrong_methods_get_405_with_allow(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, body = app.request(method, headers={"Accept": "application/json"})
        assert status == 405, method
        assert headers["allow"] == "POST"
        assert_secure(headers)
        assert json.loads(body)["message"] == (
            "Deze manier van versturen wordt niet ondersteund. Gebruik het formulier op de website."
        )


def test_one_megabyte_body_gets_413_and_nothing_is_sent(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, body = app.post_form(form(message="a" * 1_000_000))
    assert status == 413
    assert_secure(headers)
    assert "Je bericht is te groot om te versturen." in body.decode()
    assert maildir_messages(tmp_path / "mail") == []


def test_unsupported_content_types_get_415(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    for content_type in (
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/x-www-form-urlencoded; charset=latin-1",
        "",
    ):
        status, _, body = app.post_form(form(), **{"Content-Type": content_type})
        assert status == 415, content_type
        assert "Dit formaat wordt niet ondersteund." in body.decode()
    assert maildir_messages(tmp_path / "mail") == []


def test_foreign_origin_gets_403(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8001"):
        status, headers, body = app.post_form(form(), Origin=origin)
        assert status == 403, origin
        assert_secure(headers)
        assert "Dit formulier kan alleen vanaf de eigen website worden verstuurd." in body.decode()
    status, _, _ = app.post_form(form(), **{"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert maildir_messages(tmp_path / "mail") == []


def test_same_host_origin_is_allowed_without_an_origin_list(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path, CONTACT_ALLOWED_ORIGINS=""))
    status, _, _ = app.post_form(form(), Origin=f"http://127.0.0.1:{app.port}")
    assert status == 303
    status, _, _ = app.post_form(form(name="Bert"), Origin="https://evil.example")
    assert status == 403


def test_rate_limit_gives_429_with_retry_after(tmp_path: Path, live) -> None:
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, CONTACT_RATE_LIMIT="2/10m"))
    assert app.post_form(form(name="Een"))[0] == 303
    assert app.post_form(form(name="Twee"))[0] == 303
    status, headers, body = app.post_form(form(name="Drie"))
    assert status == 429
    assert headers["retry-after"] == "600"
    assert_secure(headers)
    assert (
        "Je hebt het formulier te vaak verstuurd. Probeer het over 10 minuten opnieuw."
        in body.decode()
    )
    clock.now += 599
    assert app.post_form(form(name="Drie"))[1]["retry-after"] == "1"
    clock.now += 1  # the window of the first two has passed
    assert app.post_form(form(name="Drie"))[0] == 303
    assert len(maildir_messages(tmp_path / "mail")) == 3


def test_filled_honeypot_looks_like_success_and_sends_nothing(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    status, headers, _ = app.post_form(form(website="http://spam.example"))
    assert status == 303
    assert headers["location"] == "/gesprek/bedankt/"
    status, _, body = app.post_json({**VALID, "website": "x"})
    assert (status, json.loads(body)["ok"]) == (200, True)
    assert maildir_messages(tmp_path / "mail") == []


def test_double_submit_delivers_one_mail(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    assert app.post_form(form())[0] == 303
    assert app.post_form(form())[0] == 303
    assert app.post_json({**VALID})[0] == 200
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_too_many_links_are_refused(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    message = "Zie https://a.example en http://b.example en www.c.example"
    status, _, body = app.post_json({**VALID, "message": message})
    assert status == 422
    assert json.loads(body)["errors"] == {"message": "Je bericht mag hooguit 2 links bevatten."}


def test_all_transports_down_gives_503_with_prefilled_mailto(tmp_path: Path, live) -> None:
    dsn = "failover(smtp://127.0.0.1:9 smtp://127.0.0.1:19)"
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=dsn,
            CONTACT_TO="coach@voorbeeld.nl",
            CONTACT_FROM="website@voorbeeld.nl",
            CONTACT_PUBLIC_EMAIL="info@voorbeeld.nl",
        )
    )
    status, headers, body = app.post_json({**VALID})
    assert status == 503
    assert_secure(headers)
    data = json.loads(body)
    assert data["message"] == (
        "Je bericht kon door een storing niet worden verstuurd. Er is niets verloren: "
        "stuur het per e-mail, dan komt het op dezelfde plek aan."
    )
    assert data["email"] == "info@voorbeeld.nl"
    link = urllib.parse.urlsplit(data["mailto"])
    assert (link.scheme, link.path) == ("mailto", "info@voorbeeld.nl")
    query = urllib.parse.parse_qs(link.query)
    assert query["subject"] == ["Aanvraag vrijblijvend gesprek"]
    assert query["body"] == [
        "Ik wil graag kennismaken.\r\nMijn team groeit snel.\r\n\r\nAnna de Vries\r\n06 12345678"
    ]

    status, _, body = app.post_form(form())
    page = body.decode()
    assert status == 503
    assert "Open je e-mailprogramma met je bericht</a>" in page
    assert '<a href="mailto:info@voorbeeld.nl">info@voorbeeld.nl</a>' in page
    assert "readonly>Ik wil graag kennismaken.\nMijn team groeit snel.</textarea>" in page


def test_a_retry_after_503_is_delivered(tmp_path: Path, live, smtp_server) -> None:
    """The double-submit guard must not swallow the prospect's retry after a failure."""
    env = {"CONTACT_TO": "coach@voorbeeld.nl", "CONTACT_FROM": "website@voorbeeld.nl"}
    smtp_server.faults = ["554 5.7.1 Rejected"]
    app = live(endpoint(tmp_path, MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}", **env))
    assert app.post_json({**VALID})[0] == 503
    assert app.post_json({**VALID})[0] == 200
    assert len(smtp_server.messages) == 1


def test_behind_a_proxy_the_browsers_fetch_metadata_proves_the_own_site(
    tmp_path: Path, live
) -> None:
    """The proxy sends the function's Host, so Origin cannot be compared with it; every
    current browser says `Sec-Fetch-Site: same-origin` for a form on the site itself:
    production, www or apex, deploy previews, branch deploys, or our own 422 page."""
    app = live(endpoint(tmp_path, CONTACT_ALLOWED_ORIGINS=""))
    own_addresses = (
        "https://www.coach.nl",
        "https://coach.nl",
        "https://deploy-preview-42--coach.netlify.app",
        "https://voorjaar--coach.netlify.app",
        "null",  # a page that sends no referrer, such as an older version of our 422 page
    )
    for number, origin in enumerate(own_addresses):
        status, _, _ = app.post_form(
            form(name=f"Prospect {number}"), Origin=origin, **{"Sec-Fetch-Site": "same-origin"}
        )
        assert status == 303, origin
    for fetch_site in ("cross-site", "same-site", "none", ""):
        status, _, _ = app.post_form(
            form(name="Vreemd"), Origin="https://evil.example", **{"Sec-Fetch-Site": fetch_site}
        )
        assert status == 403, fetch_site
    assert len(maildir_messages(tmp_path / "mail")) == len(own_addresses)


def test_configured_origins_count_with_their_www_twin(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path, CONTACT_ALLOWED_ORIGINS="https://coach.nl"))
    assert app.post_form(form(name="Een"), Origin="https://www.coach.nl")[0] == 303
    assert app.post_form(form(name="Twee"), Origin="https://coach.nl")[0] == 303
    assert app.post_form(form(name="Drie"), Origin="https://www.evil.nl")[0] == 403


def test_bots_never_use_up_a_real_visitors_budget(tmp_path: Path, live) -> None:
    """Behind one address (a proxy, an office) bots and a prospect share a budget; only
    requests that are about to be delivered count against it."""
    app = live(endpoint(tmp_path, CONTACT_RATE_LIMIT="2/10m"))
    for number in range(10):
        assert app.post_form(form(name=f"Bot {number}", website="http://spam.example"))[0] == 303
    links = "Zie https://a.example en https://b.example en https://c.example"
    for number in range(5):
        assert app.post_form(form(name=f"Linkbot {number}", message=links))[0] == 422
        assert app.post_form(form(name=f"Leeg {number}", email="geen-adres"))[0] == 422
    assert app.post_form(form(name="Een"))[0] == 303
    assert app.post_form(form(name="Een"))[0] == 303  # a double click counts once
    assert app.post_form(form(name="Twee"))[0] == 303
    status, _, body = app.post_form(form(name="Drie"))
    assert status == 429
    assert [m["Subject"] for m in maildir_messages(tmp_path / "mail")] == [
        "Aanvraag vrijblijvend gesprek van Een",
        "Aanvraag vrijblijvend gesprek van Twee",
    ]
    page = body.decode()
    assert "Je hebt het formulier te vaak verstuurd. Probeer het over 10 minuten opnieuw." in page
    # The way out: their own text in a prefilled mail to the coach.
    mailto = re.search(r'href="(mailto:[^"]+)"', page)
    assert mailto is not None
    link = urllib.parse.urlsplit(mailto.group(1).replace("&amp;", "&"))
    assert link.path == "coach@example.invalid"
    assert urllib.parse.parse_qs(link.query)["body"] == [
        "Ik wil graag kennismaken.\r\nMijn team groeit snel.\r\n\r\nDrie\r\n06 12345678"
    ]
    assert "Ik wil graag kennismaken.\nMijn team groeit snel.</textarea>" in page


def test_every_refusal_hands_over_the_mailto_fallback(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path, CONTACT_PUBLIC_EMAIL="info@voorbeeld.nl"))
    answers = {
        403: app.post_form(form(), Origin="https://evil.example"),
        405: app.request("GET"),
        413: app.post_form(form(message="x" * 40_000)),
        415: app.post_form(form(), **{"Content-Type": "text/plain"}),
    }
    for status, (got, headers, body) in answers.items():
        assert got == status
        assert_secure(headers)
        page = body.decode()
        assert "Je kunt je bericht ook meteen per e-mail sturen:" in page, status
        assert 'href="mailto:info@voorbeeld.nl?subject=Aanvraag%20vrijblijvend%20gesprek' in page
        assert '<a href="/gesprek/">Terug naar het formulier</a>' in page
    # The refused foreign post still carries the text that was typed.
    assert "Mijn team groeit snel.</textarea>" in answers[403][2].decode()
    status, _, body = app.post_json({**VALID}, Origin="https://evil.example")
    data = json.loads(body)
    assert (status, data["email"]) == (403, "info@voorbeeld.nl")
    assert data["mailto"].startswith("mailto:info@voorbeeld.nl?subject=")
    assert maildir_messages(tmp_path / "mail") == []


def test_the_mailto_keeps_a_browsers_crlf_line_breaks_single(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path))
    _, _, body = app.post_json(
        {**VALID, "message": "Eerste regel.\r\nTweede regel."}, Origin="null"
    )
    mailto = json.loads(body)["mailto"]
    assert mailto.endswith(
        "body=Eerste%20regel.%0D%0ATweede%20regel.%0D%0A%0D%0AAnna%20de%20Vries%0D%0A06%2012345678"
    )
