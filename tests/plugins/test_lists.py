"""Recent, related, series, neighbours and tags on the example blog: right posts, right order.

The example posts and what each test expects from them are listed in tests/plugins/example.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugins.example import description
from tests.plugins.html import block, blocks, compact, hrefs, read, resolves, titles

FEEDBACK_1 = "blog/feedback-geven/index.html"
FEEDBACK_2 = "blog/feedback-ontvangen/index.html"
FEEDBACK_3 = "blog/feedback-in-het-team/index.html"
GRENZEN = "blog/grenzen-stellen/index.html"
KWETSBAAR = "blog/kwetsbaar-zijn/index.html"
ACCOLADES = "blog/accolades-in-tekst/index.html"
PUBLISHED = [FEEDBACK_1, FEEDBACK_2, FEEDBACK_3, GRENZEN, KWETSBAAR, ACCOLADES]
UNPUBLISHED_TITLES = ("Feedback als concept", "Feedback in de toekomst")
UNPUBLISHED_URLS = ("feedback-als-concept", "feedback-in-de-toekomst")


def item(href: str, title: str, iso: str, date: str, text: str) -> str:
    return (
        f'<li class="post-list__item"><a class="post-list__title" href="{href}">{title}</a>'
        f'<time class="post-list__date" datetime="{iso}">{date}</time>'
        f'<p class="post-list__description">{text}</p></li>'
    )


def test_recent_posts_on_the_home_page_are_the_three_newest_with_dutch_dates(
    example_site: Path,
) -> None:
    html = read(example_site, "index.html")
    assert block(html, "ul", "post-list") == (
        '<ul class="post-list">'
        + item(
            "/blog/accolades-in-tekst/",
            "Accolades in tekst",
            "2025-07-07",
            "7 juli 2025",
            description("accolades in tekst"),
        )
        + item(
            "/blog/kwetsbaar-zijn/",
            "Kwetsbaar zijn",
            "2025-06-06",
            "6 juni 2025",
            description("kwetsbaar zijn"),
        )
        + item(
            "/blog/grenzen-stellen/",
            "Grenzen stellen",
            "2025-05-05",
            "5 mei 2025",
            description("grenzen stellen"),
        )
        + "</ul>"
    )


def test_related_posts_under_a_post_share_most_tags_and_categories_first(
    example_site: Path,
) -> None:
    # feedback-1 shares a tag and the category (3), kwetsbaar-zijn and feedback-3 share one tag
    # (2 each; the newer first). The draft and the future post share tags too, but never show.
    html = read(example_site, FEEDBACK_2)
    footer = html[html.index('<aside class="cta"') :]
    assert block(footer, "section", "related-posts") == (
        '<section class="related-posts"><h2 class="related-posts__title">Lees ook</h2>'
        '<ul class="post-list">'
        + item(
            "../feedback-geven/",
            "Feedback geven",
            "2025-01-10",
            "10 januari 2025",
            description("feedback geven"),
        )
        + item(
            "../kwetsbaar-zijn/",
            "Kwetsbaar zijn",
            "2025-06-06",
            "6 juni 2025",
            description("kwetsbaar zijn"),
        )
        + item(
            "../feedback-in-het-team/",
            "Feedback in het team",
            "2025-03-20",
            "20 maart 2025",
            description("feedback in het team"),
        )
        + "</ul></section>"
    )


def test_related_posts_macro_in_a_post_lists_n_posts_with_links_from_the_root(
    example_site: Path,
) -> None:
    html = read(example_site, FEEDBACK_2)
    content = html[: html.index('<aside class="cta"')]
    related = block(content, "section", "related-posts")
    assert titles(related) == ["Feedback geven", "Kwetsbaar zijn"]
    assert hrefs(related) == ["/blog/feedback-geven/", "/blog/kwetsbaar-zijn/"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (GRENZEN, ["Kwetsbaar zijn"]),
        (KWETSBAAR, ["Grenzen stellen", "Feedback ontvangen"]),
        (ACCOLADES, ["Feedback geven", "Feedback in het team"]),
    ],
)
def test_related_posts_never_list_the_post_itself(
    example_site: Path, page: str, expected: list[str]
) -> None:
    # Kwetsbaar zijn shares "kwetsbaarheid" (its "Kwetsbaarheid" is the same tag) with Feedback
    # ontvangen and "zelfleiderschap" with Grenzen stellen: equal scores, so the newer comes first.
    html = read(example_site, page)
    footer = html[html.index('<aside class="cta"') :]
    assert titles(block(footer, "section", "related-posts")) == expected


def test_series_box_numbers_the_published_parts_in_date_order(example_site: Path) -> None:
    assert block(read(example_site, FEEDBACK_2), "aside", "series") == (
        '<aside class="series" aria-label="Serie: Feedback geven">'
        '<p class="series__heading"><strong>Deel 2 van 3</strong> in de serie '
        "<em>Feedback geven</em></p>"
        '<ol class="series__parts">'
        '<li class="series__part"><a href="../feedback-geven/">Feedback geven</a></li>'
        '<li class="series__part series__part--current" aria-current="page">'
        "Feedback ontvangen</li>"
        '<li class="series__part"><a href="../feedback-in-het-team/">Feedback in het team</a>'
        "</li></ol></aside>"
    )
    first = block(read(example_site, FEEDBACK_1), "aside", "series")
    assert "<strong>Deel 1 van 3</strong>" in first
    last = block(read(example_site, FEEDBACK_3), "aside", "series")
    assert "<strong>Deel 3 van 3</strong>" in last


def test_posts_outside_a_series_have_no_series_box(example_site: Path) -> None:
    for page in (GRENZEN, KWETSBAAR, ACCOLADES):
        assert blocks(read(example_site, page), "aside", "series") == []


def test_neighbours_link_the_older_and_the_newer_post(example_site: Path) -> None:
    assert block(read(example_site, FEEDBACK_3), "nav", "post-neighbours") == (
        '<nav class="post-neighbours" aria-label="Vorig en volgend bericht">'
        '<a class="post-neighbours__link post-neighbours__link--previous" '
        'href="../feedback-ontvangen/" rel="prev">'
        '<span class="post-neighbours__direction">Vorig bericht</span>'
        '<span class="post-neighbours__title">Feedback ontvangen</span></a>'
        '<a class="post-neighbours__link post-neighbours__link--next" '
        'href="../grenzen-stellen/" rel="next">'
        '<span class="post-neighbours__direction">Volgend bericht</span>'
        '<span class="post-neighbours__title">Grenzen stellen</span></a></nav>'
    )


def test_the_oldest_and_newest_post_have_one_neighbour(example_site: Path) -> None:
    oldest = block(read(example_site, FEEDBACK_1), "nav", "post-neighbours")
    assert "Vorig bericht" not in oldest
    assert 'href="../feedback-ontvangen/" rel="next"' in oldest
    newest = block(read(example_site, ACCOLADES), "nav", "post-neighbours")
    assert "Volgend bericht" not in newest
    assert 'href="../kwetsbaar-zijn/" rel="prev"' in newest


def test_post_footer_order_is_cta_series_related_neighbours_share(example_site: Path) -> None:
    html = read(example_site, FEEDBACK_2)
    footer = html[html.index('<aside class="cta"') :]
    starts = [
        footer.index(marker)
        for marker in (
            '<aside class="cta"',
            '<aside class="series"',
            '<section class="related-posts"',
            '<nav class="post-neighbours"',
            '<aside class="share"',
        )
    ]
    assert starts == sorted(starts)
    assert starts[0] == 0


def test_materials_footer_navigation_is_hidden_on_posts_only(example_site: Path) -> None:
    # The post footer's neighbours replace it; other pages keep it.
    assert '<nav class="md-footer__inner md-grid" aria-label="Voettekst" hidden>' in read(
        example_site, FEEDBACK_2
    )
    assert '<nav class="md-footer__inner md-grid" aria-label="Voettekst" >' in read(
        example_site, "blog/index.html"
    )


def test_tag_cloud_weighs_tags_by_use_and_links_to_the_tag_index(example_site: Path) -> None:
    html = read(example_site, "blog/tags/index.html")

    def tag(name: str, size: int, count: int) -> str:
        return (
            f'<li><a class="tag-cloud__tag tag-cloud__tag--{size}" href="/blog/tags/#tag-{name}">'
            f'{name} <span class="tag-cloud__count">({count})</span></a></li>'
        )

    assert block(html, "ul", "tag-cloud") == (
        '<ul class="tag-cloud">'
        + tag("feedback", 5, 3)
        + tag("grenzen", 1, 1)
        + tag("kwetsbaarheid", 3, 2)
        + tag("luisteren", 3, 2)
        + tag("team", 1, 1)
        + tag("zelfleiderschap", 3, 2)
        + "</ul>"
    )
    assert "toekomst" not in html


def test_tag_index_lists_each_tags_posts_newest_first(example_site: Path) -> None:
    html = read(example_site, "blog/tags/index.html")
    sections = blocks(html, "section", "tag-index")
    found = {section.split('id="', 1)[1].split('"', 1)[0]: titles(section) for section in sections}
    assert found == {
        "tag-feedback": ["Feedback in het team", "Feedback ontvangen", "Feedback geven"],
        "tag-grenzen": ["Grenzen stellen"],
        "tag-kwetsbaarheid": ["Kwetsbaar zijn", "Feedback ontvangen"],
        "tag-luisteren": ["Accolades in tekst", "Feedback geven"],
        "tag-team": ["Feedback in het team"],
        "tag-zelfleiderschap": ["Kwetsbaar zijn", "Grenzen stellen"],
    }
    assert '<h2 class="tag-index__title">kwetsbaarheid</h2>' in html


PLUGIN_BLOCKS = [
    ("ul", "post-list"),
    ("section", "related-posts"),
    ("aside", "series"),
    ("nav", "post-neighbours"),
    ("ul", "tag-cloud"),
    ("section", "tag-index"),
]
PAGES_WITH_LISTS = ["index.html", "blog/tags/index.html", "blog/index.html", *PUBLISHED]


@pytest.mark.parametrize("page", PAGES_WITH_LISTS)
def test_every_plugin_link_resolves_to_a_built_page(example_site: Path, page: str) -> None:
    html = read(example_site, page)
    links = [
        href for tag, css in PLUGIN_BLOCKS for b in blocks(html, tag, css) for href in hrefs(b)
    ]
    if page != "blog/index.html":
        assert links, "no plugin links on this page"
    for href in links:
        assert resolves(example_site, page, href), href


def test_drafts_and_future_posts_are_not_built_nor_listed(example_site: Path) -> None:
    for url in UNPUBLISHED_URLS:
        assert not (example_site / "blog" / url).exists()
    for page in PAGES_WITH_LISTS:
        html = read(example_site, page)
        for title in UNPUBLISHED_TITLES:
            assert title not in html, (page, title)


def test_while_serving_drafts_are_built_but_never_listed(example_site_with_drafts: Path) -> None:
    site = example_site_with_drafts
    for url in UNPUBLISHED_URLS:
        assert (site / "blog" / url / "index.html").is_file()
    pages = [*PAGES_WITH_LISTS, *(f"blog/{url}/index.html" for url in UNPUBLISHED_URLS)]
    for page in pages:
        html = read(site, page)
        listed = " ".join(b for tag, css in PLUGIN_BLOCKS for b in blocks(html, tag, css))
        for title, url in zip(UNPUBLISHED_TITLES, UNPUBLISHED_URLS, strict=True):
            assert title not in listed, (page, title)
            assert url not in listed, (page, url)
    assert "<strong>Deel 2 van 3</strong>" in read(site, FEEDBACK_2)


def test_a_draft_has_no_series_box_nor_neighbours(example_site_with_drafts: Path) -> None:
    html = read(example_site_with_drafts, "blog/feedback-als-concept/index.html")
    assert blocks(html, "aside", "series") == []
    assert blocks(html, "nav", "post-neighbours") == []
    assert compact(html).count('<aside class="cta"') == 1
