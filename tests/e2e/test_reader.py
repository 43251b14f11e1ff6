"""A reader finds the blog, reads "Kwetsbaar", searches, and reaches the contact page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DevServer, Visit

pytestmark = pytest.mark.e2e


def read_kwetsbaar_and_reach_contact(visit: Visit, base: str, phone: bool) -> None:
    page = visit.page
    page.goto(base)
    assert page.locator("h1").first.inner_text() == "Leidinggeven vanuit wie je bent"
    if phone:
        page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(".md-nav--primary").get_by_role("link", name="Blog", exact=True).click()
    else:
        page.locator(".md-tabs").get_by_role("link", name="Blog", exact=True).click()
    page.wait_for_url(base + "blog/")
    page.get_by_role("link", name="Kwetsbaar", exact=True).first.click()
    page.wait_for_url(base + "blog/kwetsbaar/")
    assert page.locator("article h1").inner_text() == "Kwetsbaar"
    byline = page.locator(".post-byline")
    if phone:
        assert byline.is_visible()
        assert " ".join(byline.inner_text().split()) == "27 november 2026 · 3 minuten leestijd"
    for heading in (
        "Als een boomerang",
        "Dit is een compliment",
        "Op naar een waardevolle relatie!",
    ):
        assert page.get_by_role("heading", name=heading, level=2).is_visible()

    # Search, in Dutch, with stemming: "kwetsbaarheid" finds the post.
    if phone:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.locator("input[name=query]").click()
    # Material searches on keyup, as a person types.
    page.locator("input[name=query]").press_sequentially("kwetsbaarheid", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "Kwetsbaar" in result.inner_text()
    # Following the result opens the post, with the search term highlighted.
    result.locator("a").first.click()
    page.wait_for_url(base + "blog/kwetsbaar/?h=kwetsbaarheid")

    cta = page.locator("aside.cta")
    cta.scroll_into_view_if_needed()
    assert cta.locator("h2").inner_text() == "Plan een vrijblijvend gesprek"
    cta.get_by_role("link", name="Plan een vrijblijvend gesprek").click()
    page.wait_for_url(base + "gesprek/")
    assert page.locator("h1").first.inner_text() == "Plan een vrijblijvend gesprek"
    assert visit.foreign_requests(base) == []


def test_reader_on_a_desktop(dev_server: DevServer, visit: Visit) -> None:
    read_kwetsbaar_and_reach_contact(visit, dev_server.base, phone=False)


def test_reader_on_a_phone(dev_server: DevServer, phone_visit: Visit) -> None:
    read_kwetsbaar_and_reach_contact(phone_visit, dev_server.base, phone=True)
