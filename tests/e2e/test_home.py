"""The home page as a prospect sees it, in Chromium on the production build: the call to action
in the first screen of a phone, the coach's photo, no docs page-turners on the pages that sell
the conversation, and the contact form across the page's width.

Screenshots go to $SCREENSHOT_DIR (or the test's temporary folder), to look at by eye.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachsite.preview import make_server
from tests.e2e.conftest import Visit, open_visit

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CTA = "Plan een vrijblijvend gesprek"
SELLING_PAGES = {
    "home": "",
    "contact": "gesprek/",
    "thank-you": "gesprek/bedankt/",
    "privacy": "privacy/",
}


@pytest.fixture(scope="module")
def production(built_site: Path) -> Iterator[str]:
    server = make_server(built_site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone(browser) -> Iterator[Visit]:
    visit = open_visit(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    yield visit
    visit.page.context.close()


@pytest.fixture
def desktop(browser) -> Iterator[Visit]:
    visit = open_visit(browser, viewport=DESKTOP)
    yield visit
    visit.page.context.close()


def in_first_screen(box: dict | None, viewport: dict) -> bool:
    return (
        box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] + box["width"] <= viewport["width"]
    )


def test_on_a_phone_the_call_to_action_is_in_the_first_screen(
    production: str, phone: Visit, screenshots: Path
) -> None:
    page = phone.page
    page.goto(production)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / "home-390.png"))
    page.screenshot(path=str(screenshots / "home-390-full.png"), full_page=True)
    assert page.evaluate("window.scrollY") == 0
    cta = page.get_by_role("link", name=CTA).first
    assert cta.is_visible()
    assert in_first_screen(cta.bounding_box(), PHONE), cta.bounding_box()
    assert cta.get_attribute("href") == "gesprek/"
    assert in_first_screen(page.locator(".home__photo").bounding_box(), PHONE)
    assert page.get_by_role("heading", level=1).is_visible()
    assert phone.foreign_requests(production) == []


def test_on_a_desktop_photo_and_call_to_action_share_the_first_screen(
    production: str, desktop: Visit, screenshots: Path
) -> None:
    page = desktop.page
    page.goto(production)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / "home-1280.png"))
    page.screenshot(path=str(screenshots / "home-1280-full.png"), full_page=True)
    cta = page.get_by_role("link", name=CTA).first
    photo = page.locator(".home__photo")
    assert in_first_screen(cta.bounding_box(), DESKTOP)
    assert in_first_screen(photo.bounding_box(), DESKTOP)
    # Beside the opening text, not above it.
    assert photo.bounding_box()["x"] > cta.bounding_box()["x"] + cta.bounding_box()["width"]


def test_home_shows_offers_a_marked_testimonial_place_and_the_newest_posts(
    production: str, desktop: Visit
) -> None:
    page = desktop.page
    page.goto(production)
    offers = page.locator(".home-offers dt")
    assert offers.all_inner_texts() == [
        "Coachend leiderschap",
        "Vitaal leiderschap",
        "Zelfleiderschap",
    ]
    # The three cards stand side by side on a desktop.
    tops = {round(box["y"]) for box in (o.bounding_box() for o in offers.all())}
    assert len(tops) == 1
    testimonial = page.locator(".home-testimonial blockquote").inner_text()
    assert testimonial.startswith("[") and "Nog niet aangeleverd" in testimonial
    assert page.locator(".home-recent").get_by_role("link", name="Kwetsbaar").is_visible()
    # Until her own photo is there, the placeholder says so, to eyes and to screen readers.
    assert page.locator(".home__photo").get_attribute("alt").startswith("[Foto van de coach")


@pytest.mark.parametrize("kind", SELLING_PAGES)
def test_no_page_turners_and_no_one_link_sidebar(
    production: str, desktop: Visit, phone: Visit, kind: str, screenshots: Path
) -> None:
    for visit in (desktop, phone):
        page = visit.page
        page.goto(production + SELLING_PAGES[kind])
        page.wait_for_load_state("networkidle")
        turners = page.locator(".md-footer__link")
        for index in range(turners.count()):
            assert not turners.nth(index).is_visible(), kind
        assert not page.get_by_text("Vorige", exact=True).is_visible()
        assert not page.get_by_text("Volgende", exact=True).is_visible()
    # On a phone the same sidebar is the menu behind the header's button, and stays.
    assert not desktop.page.locator(".md-sidebar--primary").is_visible(), kind
    desktop.page.screenshot(path=str(screenshots / f"{kind}-1280.png"), full_page=True)


def test_the_contact_page_uses_the_full_width(production: str, desktop: Visit) -> None:
    page = desktop.page
    page.goto(production + "gesprek/")
    article = page.locator("article.md-content__inner").bounding_box()
    grid = page.locator(".md-main__inner").bounding_box()
    assert article["width"] > 0.9 * grid["width"], (article, grid)
    text = page.locator(".contact-page__text").bounding_box()
    form = page.locator("form.contact-form").bounding_box()
    # Text and form side by side, both in the first screen.
    assert form["x"] > text["x"] + text["width"]
    assert in_first_screen(page.get_by_role("textbox", name="Naam").bounding_box(), DESKTOP)
