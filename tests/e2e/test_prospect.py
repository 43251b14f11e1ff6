"""A prospect asks for a conversation: with and without JavaScript, with a typo,
by keyboard only, and when delivery fails. The mail is read from a real SMTP server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import DevServer, Mailbox, Visit

pytestmark = pytest.mark.e2e

PROSPECT = {
    "name": "Sanne de Vries",
    "email": "sanne@voorbeeld.nl",
    "phone": "06 12345678",
    "message": "Ik loop vast in feedbackgesprekken met mijn team.\nKunnen we praten?",
}


def form(page):
    return page.locator("form[action='/api/contact']")


def fill(page, values: dict[str, str]) -> None:
    page = form(page)
    page.get_by_label("Naam").fill(values["name"])
    page.get_by_label("E-mailadres").fill(values["email"])
    page.get_by_label("Telefoonnummer").fill(values["phone"])
    page.get_by_label("Je bericht").fill(values["message"])
    page.get_by_label("Ik geef toestemming").check()


def assert_values_kept(page, values: dict[str, str]) -> None:
    page = form(page)
    assert page.get_by_label("Naam").input_value() == values["name"]
    assert page.get_by_label("E-mailadres").input_value() == values["email"]
    assert page.get_by_label("Telefoonnummer").input_value() == values["phone"]
    assert page.get_by_label("Je bericht").input_value() == values["message"]


def assert_mail_to_the_coach(mailbox: Mailbox) -> None:
    (mail,) = mailbox.wait(1)
    assert mail["To"] == "coach@praktijk.test"
    assert mail["From"].addresses[0].addr_spec == "website@praktijk.test"
    assert mail["Reply-To"].addresses[0].addr_spec == "sanne@voorbeeld.nl"
    assert mail["Subject"] == "Aanvraag vrijblijvend gesprek van Sanne de Vries"
    text = mail.get_body(("plain",)).get_content()
    assert "Ik loop vast in feedbackgesprekken met mijn team." in text
    assert "06 " in text
    html = mail.get_body(("html",)).get_content()
    assert "Sanne de Vries" in html


def test_with_javascript_the_request_reaches_the_coach(
    dev_server: DevServer, visit: Visit, mailbox: Mailbox
) -> None:
    page = visit.page
    page.goto(dev_server.base + "gesprek/")
    fill(page, PROSPECT)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    page.wait_for_url(dev_server.base + "gesprek/bedankt/")
    assert page.locator("h1").first.inner_text() == "Bedankt voor je bericht"
    assert_mail_to_the_coach(mailbox)
    assert visit.foreign_requests(dev_server.base) == []


def test_a_wrong_address_is_explained_at_the_field_and_nothing_is_lost(
    dev_server: DevServer, visit: Visit, mailbox: Mailbox
) -> None:
    page = visit.page
    page.goto(dev_server.base + "gesprek/")
    typo = {**PROSPECT, "email": "sanne@voorbeeld"}
    fill(page, typo)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    error = page.locator("#email-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    email = form(page).get_by_label("E-mailadres")
    assert email.get_attribute("aria-invalid") == "true"
    assert "email-error" in email.get_attribute("aria-describedby")
    assert page.locator("[data-contact-status]").inner_text() == (
        "Controleer de gemarkeerde velden en verstuur het formulier opnieuw."
    )
    assert_values_kept(page, typo)
    assert form(page).get_by_label("Ik geef toestemming").is_checked()
    # The page with its errors showing is accessible too.
    assert visit.axe_violations() == []
    assert mailbox.messages == []


def test_without_javascript_the_plain_form_post_reaches_the_coach(
    dev_server: DevServer, no_js_visit: Visit, mailbox: Mailbox
) -> None:
    page = no_js_visit.page
    page.goto(dev_server.base + "gesprek/")
    # Not the very same request as the test with JavaScript: the endpoint would
    # rightly take that for a double submit and send it once.
    fill(page, {**PROSPECT, "phone": "06 87654321"})
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    page.wait_for_url(dev_server.base + "gesprek/bedankt/")
    assert page.locator("h1").first.inner_text() == "Bedankt voor je bericht"
    assert_mail_to_the_coach(mailbox)


def test_without_javascript_a_wrong_address_comes_back_with_everything_typed(
    dev_server: DevServer, no_js_visit: Visit, mailbox: Mailbox
) -> None:
    page = no_js_visit.page
    page.goto(dev_server.base + "gesprek/")
    typo = {**PROSPECT, "email": "sanne@voorbeeld"}
    fill(page, typo)
    # The browser's own check would stop a person here first; a server must not
    # rely on it, so this test sends the form past it.
    form(page).evaluate("f => f.noValidate = true")
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    assert "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl." in page.content()
    assert_values_kept(page, typo)
    assert mailbox.messages == []


def test_keyboard_only_with_visible_focus(
    dev_server: DevServer, visit: Visit, mailbox: Mailbox
) -> None:
    page = visit.page
    page.goto(dev_server.base + "gesprek/")
    form(page).get_by_label("Naam").focus()
    for value in (PROSPECT["name"], PROSPECT["email"], PROSPECT["phone"]):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.type("Graag een gesprek over feedback.")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "consent"
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
        "getComputedStyle(document.activeElement).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Space")
    # Tab past the privacy link in the consent label to the button, then Enter.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(dev_server.base + "gesprek/bedankt/")
    (mail,) = mailbox.wait(1)
    assert "Graag een gesprek over feedback." in mail.get_body(("plain",)).get_content()


def test_when_delivery_fails_the_prospect_gets_a_mailto_with_their_own_text(
    failing_dev_server: DevServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(failing_dev_server.base + "gesprek/")
    fill(page, PROSPECT)
    page.get_by_role("button", name="Verstuur je aanvraag").click()
    fallback = page.locator("[data-contact-fallback]")
    fallback.wait_for(state="visible", timeout=20000)
    assert "Je bericht kon door een storing niet worden verstuurd." in fallback.inner_text()
    mailto = fallback.locator("[data-contact-mailto]").get_attribute("href")
    target = urlsplit(mailto)
    assert target.scheme == "mailto"
    assert target.path == "vul-hier-het-e-mailadres-in@example.invalid" or "@" in target.path
    body = parse_qs(target.query)["body"][0]
    assert PROSPECT["message"].replace("\n", "\r\n") in body or PROSPECT["message"] in body
    assert_values_kept(page, PROSPECT)
