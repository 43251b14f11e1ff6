"""The form in Debian's Chromium: the real site build and the real endpoint on one origin."""

from __future__ import annotations

import mimetypes
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

import pytest

from contact.wsgi import make_app
from tests.conftest import copy_project, mkdocs_build
from tests.contact.conftest import ThreadingWSGIServer, _QuietHandler, endpoint, maildir_messages

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


def same_origin(site: Path, contact_app: Any) -> Any:
    """Netlify in miniature: static files, and /api/contact proxied to the endpoint."""

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        path = urllib.parse.unquote(environ["PATH_INFO"])
        if path.rstrip("/") == "/api/contact":
            return contact_app(environ, start_response)
        file = (site / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or site.resolve() not in file.parents:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", kind)])
        return [file.read_bytes()]

    return application


@pytest.fixture
def browser_page(site: Path, tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    servers = []

    def open_site(javascript: bool = True, **env: str) -> tuple[Any, str]:
        holder: dict[str, Any] = {}
        server = make_server(
            "127.0.0.1",
            0,
            lambda e, s: holder["app"](e, s),
            server_class=ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        holder["app"] = same_origin(
            site, make_app(endpoint(tmp_path, CONTACT_ALLOWED_ORIGINS=origin, **env))
        )
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        context = browser.new_context(java_script_enabled=javascript, locale="nl-NL")
        return context.new_page(), origin

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield open_site
        finally:
            browser.close()
            for server in servers:
                server.shutdown()
                server.server_close()


def fill(page: Any) -> None:
    page.get_by_label("Naam", exact=True).fill("Anna de Vries")
    page.get_by_label("E-mailadres", exact=True).fill("anna@voorbeeld.nl")
    page.get_by_label("Je bericht", exact=True).fill("Ik wil graag kennismaken.")
    page.get_by_label("Ik geef toestemming").check()


def test_with_javascript_errors_sit_next_to_the_fields_then_it_sends(
    browser_page: Any, tmp_path: Path
) -> None:
    page, origin = browser_page()
    requests_elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: requests_elsewhere.append(r.url) if not r.url.startswith(origin) else None,
    )
    page.goto(f"{origin}/gesprek/")
    page.get_by_label("Naam", exact=True).fill("Anna de Vries")
    page.get_by_label("E-mailadres", exact=True).fill("anna@")
    page.get_by_role("button", name="Verstuur je aanvraag").click()

    email_error = page.locator("#email-error")
    email_error.wait_for(state="visible")
    assert email_error.text_content() == (
        "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    )
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert "email-error" in page.locator("#email").get_attribute("aria-describedby")
    assert page.locator("#message-error").text_content() == (
        "Schrijf een bericht: waar wil je het over hebben?"
    )
    assert page.locator("#name-error").is_hidden()
    assert page.evaluate("document.activeElement.id") == "email"
    assert page.locator("[data-contact-status]").text_content() == (
        "Controleer de gemarkeerde velden en verstuur het formulier opnieuw."
    )
    assert page.get_by_label("Naam", exact=True).input_value() == "Anna de Vries"  # nothing lost

    fill(page)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    page.wait_for_url(f"{origin}/gesprek/bedankt/")
    assert len(maildir_messages(tmp_path / "mail")) == 1
    assert requests_elsewhere == []


def test_with_javascript_a_failure_shows_the_mailto_fallback(browser_page: Any) -> None:
    page, origin = browser_page(
        MAILER_DSN="smtp://127.0.0.1:9",
        CONTACT_TO="coach@voorbeeld.nl",
        CONTACT_FROM="website@voorbeeld.nl",
    )
    page.goto(f"{origin}/gesprek/")
    fill(page)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    fallback = page.locator("[data-contact-fallback]")
    fallback.wait_for(state="visible")
    assert "Je bericht kon door een storing niet worden verstuurd." in fallback.text_content()
    mailto = page.locator("[data-contact-mailto]").get_attribute("href")
    assert mailto.startswith("mailto:coach@voorbeeld.nl?subject=")
    assert "Ik%20wil%20graag%20kennismaken." in mailto
    assert page.get_by_label("Je bericht", exact=True).input_value() == "Ik wil graag kennismaken."
    assert page.get_by_role("button", name="Verstuur je aanvraag").is_enabled()


def test_without_javascript_the_plain_post_reaches_the_thank_you_page(
    browser_page: Any, tmp_path: Path
) -> None:
    page, origin = browser_page(javascript=False)
    page.goto(f"{origin}/gesprek/")
    fill(page)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    page.wait_for_url(f"{origin}/gesprek/bedankt/")
    assert page.locator("h1").first.text_content() == "Bedankt voor je bericht"
    assert len(maildir_messages(tmp_path / "mail")) == 1
