"""Every page type in a real browser, served as Netlify serves the production build:
zero axe-core violations at WCAG 2.1 AA, no Content-Security-Policy violation, no
request to another host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachsite.preview import make_server
from tests.e2e.conftest import Visit

pytestmark = pytest.mark.e2e

PAGE_TYPES = {
    "home": "",
    "blog index": "blog/",
    "post": "blog/kwetsbaar/",
    "archive": "blog/archief/2026/",
    "category": "blog/categorie/coachend-leiderschap/",
    "author": "blog/auteur/coach/",
    "contact": "gesprek/",
    "thank-you": "gesprek/bedankt/",
    "privacy": "privacy/",
    "404": "bestaat/niet/",
}


@pytest.fixture(scope="module")
def production(built_site: Path) -> Iterator[str]:
    server = make_server(built_site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_is_accessible_and_private(production: str, visit: Visit, kind: str) -> None:
    response = visit.page.goto(production + PAGE_TYPES[kind])
    assert response.status == (404 if kind == "404" else 200)
    assert "Content-Security-Policy" in {name.title(): 1 for name in response.headers} or (
        "content-security-policy" in response.headers
    )
    visit.page.wait_for_load_state("networkidle")
    assert visit.axe_violations() == []
    unexpected = [e for e in visit.console_errors if "404 (Not Found)" not in e or kind != "404"]
    assert unexpected == []
    assert visit.foreign_requests(production) == []
