"""Search that costs nothing until it is used (overrides/partials/search-on-demand.html), and
Material's bundle loaded on the first interaction (overrides/partials/bundle-on-demand.html).

The production build, served as Netlify serves it, in Chromium on a phone (390 x 844): a page
load starts no search worker and fetches no search index; the search box, reached by keyboard,
finds a post by a Dutch stem; the result opens the post with the words marked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachsite.preview import make_server
from tests.e2e.conftest import DevServer, Visit, open_visit

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# What Material fetches for its search, and the sitemap it fetches for nothing here.
SEARCH_PARTS = ("/search/search_index.json", "/assets/javascripts/workers/search.", "/lunr/")
PAGES = {"home": "", "post": "blog/kwetsbaar/", "blog index": "blog/", "contact": "gesprek/"}


@pytest.fixture(scope="module")
def production(built_site: Path) -> Iterator[str]:
    server = make_server(built_site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture
def phone(browser) -> Iterator[Visit]:
    visit = open_visit(browser, **PHONE)
    visit.workers = []
    visit.page.on("worker", lambda worker: visit.workers.append(worker.url))
    yield visit
    visit.page.context.close()


# Resolves when the browser has nothing left to run: the page's own tasks and timers are done.
IDLE = "() => new Promise((done) => requestIdleCallback(() => done(), { timeout: 5000 }))"


def settle(visit: Visit, network: bool = True) -> None:
    """Wait until the page is done by itself: loaded, idle, and (unless a live-reload request
    stays open, as in make serve) without network traffic. Anything a page load starts, a
    worker or a request, has started by then."""
    visit.page.wait_for_load_state("load")
    if network:
        visit.page.wait_for_load_state("networkidle")
    visit.page.evaluate(IDLE)


def search_requests(visit: Visit) -> list[str]:
    return [url for url in visit.requests if any(part in url for part in SEARCH_PARTS)]


def search_by_keyboard(visit: Visit, key: str, query: str) -> None:
    visit.page.keyboard.press(key)
    visit.page.keyboard.type(query)
    visit.page.locator(".md-search-result__item").first.wait_for(timeout=20_000)


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_load_starts_no_search(production: str, phone: Visit, kind: str) -> None:
    phone.page.goto(production + PAGES[kind])
    settle(phone)
    assert search_requests(phone) == []
    assert phone.workers == []
    assert [url for url in phone.requests if url.endswith("/sitemap.xml")] == []
    assert phone.console_errors == []
    assert phone.foreign_requests(production) == []


def bundle_requests(visit: Visit) -> list[str]:
    return [url for url in visit.requests if "/assets/javascripts/bundle." in url]


@pytest.mark.parametrize("kind", PAGES)
def test_material_s_bundle_waits_for_the_first_interaction(
    production: str, phone: Visit, kind: str
) -> None:
    page = phone.page
    page.goto(production + PAGES[kind])
    settle(phone)
    assert bundle_requests(phone) == []
    assert page.evaluate("typeof window.component$") == "undefined"
    # Without the bundle the search box is there already: the page has JavaScript.
    assert page.evaluate("document.documentElement.className") == "js"
    page.mouse.wheel(0, 200)
    page.wait_for_function("() => typeof window.component$ === 'object'")
    assert len(bundle_requests(phone)) == 1
    # Material has taken over the page: its header watches the scroll position.
    page.mouse.wheel(0, 600)
    page.wait_for_selector(".md-header--shadow")
    assert phone.console_errors == []


@pytest.mark.parametrize("key", ["/", "s"])
def test_keyboard_search_on_a_phone_finds_a_post_by_its_dutch_stem(
    production: str, phone: Visit, key: str
) -> None:
    page = phone.page
    page.goto(production)
    settle(phone)
    search_by_keyboard(phone, key, "kwetsbaarheid")
    titles = page.locator(".md-search-result__item > .md-search-result__link h1")
    assert "Kwetsbaar" in titles.all_inner_texts()
    assert len(phone.workers) == 1
    # Enter opens the best result; here that is the post itself.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    settle(phone)
    assert page.url.startswith(production + "blog/kwetsbaar/")
    assert page.locator("h1").first.inner_text() == "Kwetsbaar"
    assert phone.console_errors == []
    assert phone.foreign_requests(production) == []


def test_a_result_link_opens_the_post_with_the_words_marked(production: str, phone: Visit) -> None:
    page = phone.page
    page.goto(production + "gesprek/")
    # A tap on the magnifier opens the search box on a phone.
    page.locator("label.md-header__button[for=__search]").tap()
    page.keyboard.type("kwetsbaarheid")
    link = page.locator(".md-search-result__link", has_text="Kwetsbaar").first
    href = link.get_attribute("href")
    assert href is not None and "blog/kwetsbaar/" in href
    started = len(phone.workers)
    with page.expect_navigation():
        link.click()
    settle(phone)
    assert page.url.startswith(production + "blog/kwetsbaar/?h=")
    # The highlighter needs the index's settings, not the worker: the new page starts none.
    assert page.locator("article mark").count() > 0
    assert started == 1
    assert len(phone.workers) == started
    assert phone.console_errors == []
    assert phone.foreign_requests(production) == []


def test_a_page_opened_from_a_result_fetches_the_index_but_starts_no_worker(
    production: str, phone: Visit
) -> None:
    phone.page.goto(production + "blog/kwetsbaar/?h=kwetsbaarheid")
    settle(phone)
    assert phone.page.locator("article mark").count() > 0
    assert [url for url in search_requests(phone) if "search_index.json" in url]
    assert phone.workers == []
    assert phone.console_errors == []


def test_without_javascript_the_header_points_to_the_topics(browser, production: str) -> None:
    visit = open_visit(browser, java_script_enabled=False, **PHONE)
    try:
        page = visit.page
        page.goto(production + "blog/kwetsbaar/")
        link = page.get_by_role("link", name="Zoeken werkt alleen met JavaScript")
        assert link.is_visible()
        with page.expect_navigation():
            link.click()
        assert page.locator("h1").first.inner_text() == "Onderwerpen"
        assert visit.foreign_requests(production) == []
    finally:
        visit.page.context.close()


def test_search_works_in_make_serve(dev_server: DevServer, phone: Visit) -> None:
    phone.page.goto(dev_server.base + "blog/")
    settle(phone, network=False)  # live reload keeps a request open
    assert search_requests(phone) == []
    search_by_keyboard(phone, "/", "kwetsbaarheid")
    titles = phone.page.locator(".md-search-result__item > .md-search-result__link h1")
    assert "Kwetsbaar" in titles.all_inner_texts()
    assert phone.console_errors == []
