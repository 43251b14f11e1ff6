"""Series: posts with the same `series` key get a "Deel 2 van 4" box linking the others.

Set the same text in the frontmatter of each part (the frontmatter check declares the key):

    series: Feedback geven

Parts are numbered in date order; only published parts count, so a part planned for next month
appears (and the numbers grow) on its publishing day. A series with one published part shows no
box. The footer under every post shows the box; there is no macro to place it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachsite.plugins.posts import Entry, Href, PostIndex, PostLink, post_index

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class SeriesPart:
    number: int
    link: PostLink
    current: bool


@dataclass(frozen=True)
class SeriesBox:
    name: str
    number: int
    total: int
    parts: list[SeriesPart]

    @property
    def heading(self) -> str:
        return f"Deel {self.number} van {self.total}"


def series_box_for(index: PostIndex, subject: Entry, href: Href) -> SeriesBox | None:
    if not subject.series:
        return None
    parts = index.by_series.get(subject.series, [])
    numbers = {entry.src_uri: at for at, entry in enumerate(parts, start=1)}
    if len(parts) < 2 or subject.src_uri not in numbers:
        return None
    return SeriesBox(
        name=subject.series,
        number=numbers[subject.src_uri],
        total=len(parts),
        parts=[
            SeriesPart(at, entry.link(href), entry.src_uri == subject.src_uri)
            for at, entry in enumerate(parts, start=1)
        ],
    )


def series_box(config: MkDocsConfig, subject: Entry, href: Href) -> SeriesBox | None:
    return series_box_for(post_index(config), subject, href)
