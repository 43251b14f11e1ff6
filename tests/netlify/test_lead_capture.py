"""A prospect, a bot and a foreign site meet the form as deployed: Chromium on
`netlify dev`'s origin, Netlify's proxy signing `/api/contact` to the real
endpoint over TLS, mail read from a real SMTP server. With and without JavaScript."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import pytest
from mkdocs.utils.yaml import yaml_load

from tests.conftest import REPO
from tests.contact.conftest import SmtpServer
from tests.e2e.conftest import Visit
from tests.e2e.test_prospect import assert_values_kept, fill, form
from tests.netlify.conftest import COACH, WEBSITE, Function, NetlifyDev

pytestmark = pytest.mark.e2e

THANKS = "/gesprek/bedankt/"
PROSPECT = {
    "name": "Sanne de Vries",
    "email": "sanne@voorbeeld.nl",
    "phone": "06 12345678",
    "message": "Ik loop vast in feedbackgesprekken met mijn team.\nKunnen we praten?",
}
WITH_JS = pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])


def submit(page):
    """Click the button; the answer of /api/contact to it (the 303 itself, without JS)."""

    def is_post(response) -> bool:
        path = urllib.parse.urlsplit(response.url).path
        return path == "/api/contact" and response.request.method == "POST"

    with page.expect_response(is_post) as answer:
        page.get_by_role("button", name="Verstuur je aanvraag").click()
    return answer.value


def as_form(values: dict[str, str], **extra: str) -> dict[str, str]:
    return {**values, "consent": "on", "website": "", **extra}


def mailto_body(href: str) -> str:
    """The `body` of a mailto link, decoded as RFC 6068 says (no `+` for a space)."""
    query = urllib.parse.urlsplit(href).query
    params = dict(part.partition("=")[::2] for part in query.split("&"))
    return urllib.parse.unquote(params.get("body", "")).replace("\r\n", "\n")


def assert_mail_from(smtp: SmtpServer, prospect: dict[str, str], count: int = 1) -> None:
    """Exactly `count` mails arrived, the last one this prospect's, to the coach."""
    assert len(smtp.messages) == count, [m["Subject"] for m in smtp.messages]
    mail = smtp.messages[-1]
    assert mail["To"] == COACH
    assert mail["From"].addresses[0].addr_spec == WEBSITE
    assert [a.addr_spec for a in mail["Reply-To"].addresses] == [prospect["email"]]
    assert mail["Subject"] == f"Aanvraag vrijblijvend gesprek van {prospect['name']}"
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert prospect["message"] in text


def assert_thanked(page, base: str) -> None:
    page.wait_for_url(base + "gesprek/bedankt/")
    assert page.locator("h1").first.inner_text() == "Bedankt voor je bericht"


def assert_fallback_with(page, message: str) -> None:
    fallback = page.locator("[data-contact-fallback]")
    fallback.wait_for(state="visible", timeout=20000)
    href = fallback.locator("[data-contact-mailto]").get_attribute("href")
    assert href.startswith("mailto:"), href
    assert message in mailto_body(href), href


def page_mailto(page, message: str) -> str:
    """The endpoint's own page offers a mailto to the coach with the prospect's text."""
    links = page.locator(f"a[href^='mailto:{COACH}?']")
    assert links.count() >= 1, page.content()
    href = links.first.get_attribute("href")
    assert message in mailto_body(href), href
    return href


def open_form(browse: Callable[..., Visit], netlify: NetlifyDev, *, js: bool) -> Visit:
    visit = browse(js=js)
    visit.page.goto(netlify.base + "gesprek/")
    return visit


# -- the build ---------------------------------------------------------------------------


def test_the_build_writes_a_proxy_rule_netlify_signs(
    netlify_project, function_session: Function
) -> None:
    redirects = (netlify_project / "site" / "_redirects").read_text(encoding="utf-8")
    assert redirects.startswith(
        f"/api/contact  https://127.0.0.1:{function_session.port}/  200!  Sign=CONTACT_PROXY_SECRET"
    ), redirects


# -- a prospect ---------------------------------------------------------------------------


def test_without_javascript_the_request_reaches_the_coach(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    page = open_form(browse, netlify, js=False).page
    fill(page, PROSPECT)
    answer = submit(page)
    assert (answer.status, answer.headers.get("location")) == (303, THANKS)
    assert_thanked(page, netlify.base)
    assert_mail_from(smtp, PROSPECT)


def test_with_javascript_the_request_reaches_the_coach_without_a_challenge(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    visit = open_form(browse, netlify, js=True)
    fill(visit.page, PROSPECT)
    answer = submit(visit.page)
    assert answer.status == 200
    assert_thanked(visit.page, netlify.base)
    assert_mail_from(smtp, PROSPECT)
    asked = [u for u in visit.requests if urllib.parse.urlsplit(u).path == "/api/contact"]
    assert asked == [netlify.base + "api/contact"]
    assert visit.console_errors == []


def test_without_javascript_a_typo_is_fixed_on_the_endpoints_page(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    page = open_form(browse, netlify, js=False).page
    typo = {**PROSPECT, "email": "sanne@voorbeeld"}
    fill(page, typo)
    form(page).evaluate("f => f.noValidate = true")  # a server must not rely on the browser
    assert submit(page).status == 422
    assert "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl." in (
        page.locator("body").inner_text()
    )
    assert_values_kept(page, typo)
    assert smtp.messages == []

    page.get_by_label("E-mailadres").fill(PROSPECT["email"])
    answer = submit(page)
    assert (answer.status, answer.headers.get("location")) == (303, THANKS), answer.text()
    assert_thanked(page, netlify.base)
    assert_mail_from(smtp, PROSPECT)


def test_with_javascript_a_typo_is_fixed_at_the_field(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    page = open_form(browse, netlify, js=True).page
    fill(page, {**PROSPECT, "email": "sanne@voorbeeld"})
    assert submit(page).status == 422
    error = page.locator("#email-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    assert smtp.messages == []

    form(page).get_by_label("E-mailadres").fill(PROSPECT["email"])
    assert submit(page).status == 200
    assert_thanked(page, netlify.base)
    assert_mail_from(smtp, PROSPECT)


# -- bots and limits ------------------------------------------------------------------------


@WITH_JS
def test_bots_are_fooled_and_do_not_close_the_form_for_a_prospect(
    js: bool, netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    links = " ".join(f"https://spam{i}.example/" for i in range(3))
    for number in range(10):
        message = f"Goedkope volgers {number}!" + (f" {links}" if number % 3 == 0 else "")
        bot = as_form(
            {"name": f"Bot {number}", "email": f"bot{number}@spam.example", "message": message},
            website="https://spam.example/",
        )
        status, headers, body = netlify.post_form(bot)
        assert (status, headers.get("location")) == (303, THANKS), body
    assert smtp.messages == []

    page = open_form(browse, netlify, js=js).page
    fill(page, PROSPECT)
    submit(page)
    assert_thanked(page, netlify.base)
    assert_mail_from(smtp, PROSPECT)


def three_earlier_requests(netlify: NetlifyDev, smtp: SmtpServer) -> None:
    for number in range(3):
        earlier = {**PROSPECT, "message": f"Eerder bericht {number}."}
        status, headers, body = netlify.post_form(as_form(earlier))
        assert (status, headers.get("location")) == (303, THANKS), body
    assert len(smtp.messages) == 3


def test_without_javascript_the_fourth_request_gets_a_mailto(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    three_earlier_requests(netlify, smtp)
    page = open_form(browse, netlify, js=False).page
    fill(page, PROSPECT)
    assert submit(page).status == 429
    assert "Je hebt het formulier te vaak verstuurd" in page.locator("body").inner_text()
    href = page_mailto(page, PROSPECT["message"])
    assert urllib.parse.quote(PROSPECT["message"].replace("\n", "\r\n"), safe="") in href
    assert len(smtp.messages) == 3


def test_with_javascript_the_fourth_request_gets_the_fallback(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    three_earlier_requests(netlify, smtp)
    page = open_form(browse, netlify, js=True).page
    fill(page, PROSPECT)
    assert submit(page).status == 429
    assert_fallback_with(page, PROSPECT["message"])
    assert_values_kept(page, PROSPECT)
    assert len(smtp.messages) == 3


# -- refusals -------------------------------------------------------------------------------


def test_a_form_on_another_site_is_refused(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse, foreign_site: str
) -> None:
    page = browse(js=False).page
    page.goto(foreign_site)
    with page.expect_response(netlify.base + "api/contact") as answer:
        page.get_by_role("button", name="Verstuur").click()
    assert answer.value.status == 403
    assert "Dit formulier kan alleen vanaf de eigen website worden verstuurd." in (
        page.locator("body").inner_text()
    )
    assert page.locator(f"a[href^='mailto:{COACH}']").count() >= 1, page.content()
    assert smtp.messages == []


def test_opening_the_endpoint_in_the_browser_explains_and_links_back(
    netlify: NetlifyDev, function: Function, browse
) -> None:
    page = browse(js=False).page
    answer = page.goto(netlify.base + "api/contact")
    assert answer.status == 405
    assert (
        "Deze manier van versturen wordt niet ondersteund. Gebruik het formulier op de website."
        in page.locator("body").inner_text()
    )
    assert page.locator("a[href='/gesprek/']").count() >= 1, page.content()
    assert page.locator(f"a[href^='mailto:{COACH}']").count() >= 1, page.content()


def test_a_request_past_netlify_is_refused_and_the_same_through_it_accepted(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer
) -> None:
    fields = as_form(PROSPECT)
    status, _, body = function.post(
        urllib.parse.urlencode(fields).encode(),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": netlify.base.rstrip("/"),
            "Sec-Fetch-Site": "same-origin",
        },
    )
    assert status == 403, body
    assert "Dit formulier kan alleen vanaf de eigen website worden verstuurd." in body
    assert smtp.messages == []

    status, headers, body = netlify.post_form(fields)
    assert (status, headers.get("location")) == (303, THANKS), body
    assert_mail_from(smtp, PROSPECT)


# -- failures ----------------------------------------------------------------------------------

REFUSED = ["554 5.0.0 Nee"] * 50


def test_without_javascript_failed_delivery_offers_a_mailto(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    smtp.faults.extend(REFUSED)
    page = open_form(browse, netlify, js=False).page
    fill(page, PROSPECT)
    assert submit(page).status == 503
    assert "Je bericht kon door een storing niet worden verstuurd." in (
        page.locator("body").inner_text()
    )
    page_mailto(page, PROSPECT["message"])
    assert smtp.messages == []


def test_with_javascript_failed_delivery_shows_the_fallback(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    smtp.faults.extend(REFUSED)
    page = open_form(browse, netlify, js=True).page
    fill(page, PROSPECT)
    assert submit(page).status == 503
    assert_fallback_with(page, PROSPECT["message"])
    assert_values_kept(page, PROSPECT)
    assert smtp.messages == []


def test_with_javascript_a_function_that_is_down_leaves_a_mailto(
    netlify: NetlifyDev, function: Function, smtp: SmtpServer, browse
) -> None:
    function.server.dropping = True
    page = open_form(browse, netlify, js=True).page
    fill(page, PROSPECT)
    assert submit(page).status == 504  # Netlify's own answer, not the endpoint's
    assert_fallback_with(page, PROSPECT["message"])
    assert_values_kept(page, PROSPECT)
    assert smtp.messages == []


def test_without_javascript_the_form_names_the_address_before_anything_fails(
    netlify: NetlifyDev, function: Function, browse
) -> None:
    """Without JavaScript a dead function shows Netlify's 504, not ours: the way out
    has to be on the contact page itself, visible, not in the hidden fallback box."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as config:
        address = yaml_load(config)["extra"]["coach"]["email"]
    function.server.dropping = True
    page = open_form(browse, netlify, js=False).page
    visible = page.locator(f"a[href^='mailto:{address}']:visible")
    assert visible.count() >= 1, page.locator("main").inner_html()
    fill(page, PROSPECT)
    assert submit(page).status == 504
