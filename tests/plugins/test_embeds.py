"""cta(), share_links() and youtube() on the example blog, and the privacy of every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SITE_URL
from tests.plugins.html import block, blocks, compact, read, resolves
from tests.site.htmlscan import foreign_references, scan

SHOWCASE = "voorbeeld/index.html"
POST_WITH_VIDEO = "blog/feedback-ontvangen/index.html"


def video(id: str, title: str) -> str:
    return (
        f'<figure class="youtube"><a class="youtube__link" '
        f'href="https://www.youtube.com/watch?v={id}" data-youtube-id="{id}" '
        f'data-youtube-title="{title}">'
        '<img class="youtube__placeholder" src="/assets/images/youtube-placeholder.svg" alt="" '
        'width="640" height="360">'
        f'<span class="youtube__play">Video afspelen: {title}</span></a>'
        f'<figcaption class="youtube__caption">{title}. De video komt van YouTube en wordt pas '
        "geladen als je op afspelen klikt.</figcaption></figure>"
    )


SCRIPT = '<script src="/assets/javascripts/youtube.js" defer></script>'


def test_youtube_shows_a_local_placeholder_and_a_plain_link(example_site: Path) -> None:
    html = compact(read(example_site, SHOWCASE))
    first, second = video("aaaaaaaaaaa", "Eerste video"), video("bbbbbbbbbbb", "Tweede video")
    assert first + SCRIPT + second in html
    assert html.count(SCRIPT) == 1
    assert "youtube-nocookie" not in html
    assert "<iframe" not in html


def test_youtube_escapes_its_title_and_works_in_a_post_and_its_excerpt(
    example_site: Path,
) -> None:
    expected = video("dQw4w9WgXcQ", "Over feedback &amp; moed") + SCRIPT
    assert expected in compact(read(example_site, POST_WITH_VIDEO))
    # Material shows the excerpt again on the blog's index, one level up: the paths still work.
    assert expected in compact(read(example_site, "blog/index.html"))
    for page in (POST_WITH_VIDEO, "blog/index.html"):
        for src in ("/assets/images/youtube-placeholder.svg", "/assets/javascripts/youtube.js"):
            assert resolves(example_site, page, src)


def test_youtube_script_loads_only_the_nocookie_player_on_click(example_site: Path) -> None:
    script = read(example_site, "assets/javascripts/youtube.js")
    assert re.findall(r"https://[^\"' ]+", script) == ["https://www.youtube-nocookie.com/embed/"]
    assert 'document.addEventListener("click"' in script
    # The CSP forbids inline styles: the script only sets classes.
    assert re.findall(r"\.style\b|[\"']style[\"']|cssText", script) == []
    assert 'frame.className = "youtube__frame";' in script


def test_placeholder_image_is_local_and_loads_nothing_else(example_site: Path) -> None:
    svg = read(example_site, "assets/images/youtube-placeholder.svg")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"')
    assert re.findall(r"(?:href|src)=", svg) == []


def test_share_links_are_plain_links_with_the_canonical_address(example_site: Path) -> None:
    assert block(read(example_site, SHOWCASE), "aside", "share") == (
        '<aside class="share" aria-label="Deel deze pagina">'
        '<p class="share__title">Deel deze pagina:</p><ul class="share__links">'
        '<li><a class="share__link share__link--linkedin" '
        'href="https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fcoach.test'
        '%2Fvoorbeeld%2F" rel="noopener noreferrer">LinkedIn</a></li>'
        '<li><a class="share__link share__link--whatsapp" '
        'href="https://wa.me/?text=Voorbeeld%20https%3A%2F%2Fcoach.test%2Fvoorbeeld%2F" '
        'rel="noopener noreferrer">WhatsApp</a></li>'
        '<li><a class="share__link share__link--email" '
        'href="mailto:?subject=Voorbeeld&amp;body=https%3A%2F%2Fcoach.test%2Fvoorbeeld%2F" '
        'rel="noopener noreferrer">E-mail</a></li></ul></aside>'
    )


def test_every_post_ends_with_share_links_for_itself(example_site: Path) -> None:
    share = block(read(example_site, POST_WITH_VIDEO), "aside", "share")
    assert '<p class="share__title">Deel dit bericht:</p>' in share
    assert "url=https%3A%2F%2Fcoach.test%2Fblog%2Ffeedback-ontvangen%2F" in share
    assert "text=Feedback%20ontvangen%20https%3A%2F%2Fcoach.test" in share
    assert "mailto:?subject=Feedback%20ontvangen&amp;body=" in share


def test_cta_macro_places_the_call_to_action_from_the_settings(example_site: Path) -> None:
    assert block(read(example_site, SHOWCASE), "aside", "cta") == (
        '<aside class="cta" aria-label="Plan een vrijblijvend gesprek">'
        '<h2 class="cta__title">Plan een vrijblijvend gesprek</h2>'
        '<p class="cta__text">Loop je als leidinggevende tegen iets aan, of wil je werken aan je '
        "eigen leiderschap? Stuur me een berichtje en dan plannen we een vrijblijvend gesprek.</p>"
        '<p><a class="md-button md-button--primary" href="/gesprek/">'
        "Plan een vrijblijvend gesprek</a></p></aside>"
    )
    assert resolves(example_site, SHOWCASE, "/gesprek/")


def test_braces_in_a_page_without_render_macros_stay_text_and_code(example_site: Path) -> None:
    html = read(example_site, "blog/accolades-in-tekst/index.html")
    assert "<p>In een sjabloon schrijf je {{ naam }} en {% if klaar %}.</p>" in html
    assert '<pre><code class="language-jinja">{{ recent_posts(3) }}\n</code></pre>' in html
    content = html[: html.index('<aside class="cta"')]
    assert blocks(content, "ul", "post-list") == []


def test_braces_can_be_written_in_a_page_that_renders_macros(example_site: Path) -> None:
    assert "<p>Gewone {{ accolades }} blijven tekst.</p>" in read(example_site, SHOWCASE)


def built_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_no_page_loads_anything_from_another_host(example_site: Path) -> None:
    pages = built_pages(example_site)
    assert SHOWCASE in pages and "blog/tags/index.html" in pages
    for page in pages:
        html = read(example_site, page)
        assert foreign_references(html, SITE_URL + page, SITE_URL) == [], page
        foreign_src = [
            ref.url
            for ref in scan(html).references
            if ref.attr == "src" and re.match(r"(?:https?:)?//", ref.url)
        ]
        assert foreign_src == [], page


@pytest.mark.parametrize("page", [SHOWCASE, POST_WITH_VIDEO])
def test_plugin_blocks_add_no_inline_script_or_style(example_site: Path, page: str) -> None:
    html = read(example_site, page)
    article = html[html.index("<article") : html.index("</article>")]
    assert " style=" not in article
    assert "<style" not in article
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", article) == []
