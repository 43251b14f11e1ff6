from __future__ import annotations

import pytest

from coachsite.theme_fixes import ThemeChanged, apply

SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'


def test_search_dialog_gets_a_dutch_accessible_name() -> None:
    assert apply(f"<body>{SEARCH}</body>") == (
        '<body><div class="md-search" data-md-component="search" role="dialog" '
        'aria-label="Zoeken op deze site"></body>'
    )


def test_the_updated_feed_link_is_dropped_and_the_main_one_kept() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" title="RSS-feed" '
        'href="../feed_rss_created.xml">\n'
        '        <link rel="alternate" type="application/rss+xml" title="RSS-feed met '
        'bijgewerkte artikelen" href="../feed_rss_updated.xml">'
    )
    fixed = apply(head + SEARCH)
    assert "feed_rss_updated.xml" not in fixed
    assert 'href="../feed_rss_created.xml">' in fixed


def test_a_changed_theme_is_reported_not_ignored() -> None:
    with pytest.raises(ThemeChanged) as error:
        apply('<div class="md-search" role="dialog" data-md-component="search">')
    assert str(error.value).startswith(
        "theme fix no longer applies (the search dialog needs an accessible name): "
    )


def test_pages_without_material_chrome_are_left_alone() -> None:
    assert apply("<p>gewone tekst</p>") == "<p>gewone tekst</p>"


def test_checkbox_toggles_lose_their_invalid_autocomplete() -> None:
    toggle = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
        'autocomplete="off">'
    )
    assert apply(toggle + SEARCH).startswith(
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
    )


def test_toc_title_is_no_label_when_its_toggle_is_missing() -> None:
    toc = '<label class="md-nav__title" for="__toc">\n  <span>Inhoud</span>\n</label>'
    assert apply(toc + SEARCH).startswith(
        '<div class="md-nav__title">\n  <span>Inhoud</span>\n</div>'
    )
    with_toggle = '<input type="checkbox" id="__toc">' + toc
    assert apply(with_toggle + SEARCH).startswith(with_toggle)
