"""Every form of `date:` gives the RSS and JSON feeds the dates its page shows, and a rebuild an
hour later gives the same ones.

One copy of the real site (its mkdocs.yml, hooks and feeds) with one post per date form the
README allows, built twice with MkDocs: mkdocs-rss-plugin falls back to MkDocs' build time, which
SOURCE_DATE_EPOCH fakes, so a feed date taken from the clock would differ between the builds.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest

from coachsite.feeds import feed_dates
from tests.conftest import SITE_URL, copy_project, mkdocs_build

# "Now" for the first build; the second build is an hour later.
BUILD_TIME = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)

FEEDS = ("feed_rss_created.xml", "feed_rss_updated.xml")
JSON_FEEDS = ("feed_json_created.json", "feed_json_updated.json")

# slug: (the post's `date:` as the coach writes it, the created and updated dates Material shows)
FORMS: dict[str, tuple[str, datetime, datetime | None]] = {
    "een-dag": ("date: 2025-03-03", datetime(2025, 3, 3, tzinfo=UTC), None),
    "dag-en-tijd": ("date: 2025-03-04 09:30:00", datetime(2025, 3, 4, 9, 30, tzinfo=UTC), None),
    "tijd-met-zone": (
        "date: 2025-03-05T09:30:00+01:00",
        datetime(2025, 3, 5, 8, 30, tzinfo=UTC),
        None,
    ),
    "mapping-op-een-regel": (
        "date: {created: 2025-03-06, updated: 2025-04-01}",
        datetime(2025, 3, 6, tzinfo=UTC),
        datetime(2025, 4, 1, tzinfo=UTC),
    ),
    "mapping-als-blok": (
        "date:\n  created: 2025-03-07 08:15:00\n  updated: 2025-04-02 17:45:00",
        datetime(2025, 3, 7, 8, 15, tzinfo=UTC),
        datetime(2025, 4, 2, 17, 45, tzinfo=UTC),
    ),
    "alleen-created": ("date:\n  created: 2025-03-08", datetime(2025, 3, 8, tzinfo=UTC), None),
}

POST = """\
---
title: {title}
{date}
description: Een voorbeeldbericht om de datums in de feeds te vergelijken met die op de pagina.
categories:
  - Zelfleiderschap
authors:
  - coach
tags:
  - feeds
slug: {slug}
---

Het begin van het bericht.

<!-- more -->

De rest van het bericht.
"""

Dates = dict[str, tuple[datetime, datetime]]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site with a post per date form, built at BUILD_TIME and an hour later."""
    root = tmp_path_factory.mktemp("feed-dates")
    project = copy_project(root / "project")
    posts = project / "docs" / "blog" / "posts"
    for slug, (date, _, _) in FORMS.items():
        text = POST.format(title=f"Datumvorm {slug}", date=date, slug=slug)
        (posts / f"{slug}.md").write_text(text, encoding="utf-8")
    sites = []
    for name, now in (("site", BUILD_TIME), ("rebuild", BUILD_TIME + timedelta(hours=1))):
        site = root / name
        result = mkdocs_build(project, site, SOURCE_DATE_EPOCH=str(int(now.timestamp())))
        assert result.returncode == 0, result.stderr
        sites.append(site)
    return sites[0], sites[1]


def page_dates(site: Path, link: str) -> tuple[datetime, datetime | None]:
    """The created and (if shown) updated date of a post, from the `<time>` Material writes."""
    assert link.startswith(SITE_URL), link
    html = (site / link.removeprefix(SITE_URL) / "index.html").read_text(encoding="utf-8")
    byline = re.search(r'<p class="post-byline">\s*<time datetime="([^"]+)">', html)
    sidebar = re.findall(r'<time datetime="([^"]+)" class="md-ellipsis">', html)
    assert byline and len(sidebar) in (1, 2), link
    assert byline.group(1) == sidebar[0], link
    created = datetime.fromisoformat(sidebar[0])
    return created, datetime.fromisoformat(sidebar[1]) if len(sidebar) == 2 else None


def rss_dates(site: Path, name: str) -> dict[str, datetime]:
    feed = feedparser.parse((site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return {entry.link: parsedate_to_datetime(entry.published) for entry in feed.entries}


def json_dates(site: Path, name: str) -> Dates:
    feed = json.loads((site / name).read_text(encoding="utf-8"))
    return {
        item["url"]: (
            datetime.fromisoformat(item["date_published"]),
            datetime.fromisoformat(item["date_modified"]),
        )
        for item in feed["items"]
    }


def test_the_pages_show_each_form_as_material_reads_it(builds: tuple[Path, Path]) -> None:
    site, _ = builds
    shown = {slug: page_dates(site, f"{SITE_URL}blog/{slug}/") for slug in FORMS}
    assert shown == {slug: (created, updated) for slug, (_, created, updated) in FORMS.items()}


@pytest.mark.parametrize("name", FEEDS)
def test_rss_feeds_carry_the_dates_of_the_pages(builds: tuple[Path, Path], name: str) -> None:
    site, _ = builds
    dates = rss_dates(site, name)
    assert {f"{SITE_URL}blog/{slug}/" for slug in FORMS} <= dates.keys()
    for link, date in dates.items():
        created, updated = page_dates(site, link)
        # The update feed dates a post by its last update: `updated`, or else its publication.
        expected = created if name == "feed_rss_created.xml" else updated or created
        assert date == expected, link


@pytest.mark.parametrize("name", JSON_FEEDS)
def test_json_feeds_carry_the_dates_of_the_pages(builds: tuple[Path, Path], name: str) -> None:
    site, _ = builds
    dates = json_dates(site, name)
    assert {f"{SITE_URL}blog/{slug}/" for slug in FORMS} <= dates.keys()
    for link, (published, modified) in dates.items():
        created, updated = page_dates(site, link)
        assert (published, modified) == (created, updated or created), link


def test_a_rebuild_an_hour_later_gives_the_same_feed_dates(builds: tuple[Path, Path]) -> None:
    site, rebuild = builds
    for name in FEEDS:
        assert rss_dates(rebuild, name) == rss_dates(site, name), name
    for name in JSON_FEEDS:
        assert json_dates(rebuild, name) == json_dates(site, name), name
    # The feed itself says when it was built; that, and only that, moves.
    first = feedparser.parse((site / FEEDS[0]).read_bytes()).feed
    second = feedparser.parse((rebuild / FEEDS[0]).read_bytes()).feed
    assert parsedate_to_datetime(second.updated) - parsedate_to_datetime(first.updated) == (
        timedelta(hours=1)
    )


def test_a_post_never_updated_was_last_changed_when_published() -> None:
    created = datetime(2025, 3, 3, tzinfo=UTC)
    updated = datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
    assert feed_dates({"created": created}) == {"created": created, "updated": created}
    assert feed_dates({"created": created, "updated": updated}) == {
        "created": created,
        "updated": updated,
    }
