"""The plugins' plain Python, without MkDocs: index, scores, numbering, messages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coachsite.plugins.arguments import count
from coachsite.plugins.neighbours import neighbours_for
from coachsite.plugins.posts import Entry, PostIndex, dutch_date
from coachsite.plugins.related import related_entries
from coachsite.plugins.series import series_box_for
from coachsite.plugins.share import share_links_for
from coachsite.plugins.tags import weighted_tags
from coachsite.plugins.usage import MacroUsageError, body_offset, checked, usage
from coachsite.plugins.youtube import video_id, video_title
from coachsite.slugs import ascii_slug as slugify


def entry(name: str, day: int, tags: tuple[str, ...] = (), categories: tuple[str, ...] = (),
          series: str | None = None) -> Entry:  # fmt: skip
    return Entry(
        src_uri=f"blog/posts/{name}.md",
        title=name.capitalize(),
        url=f"blog/{name}/",
        created=datetime(2025, 1, day, tzinfo=UTC),
        tags=tags,
        categories=categories,
        series=series,
    )


def same(url: str) -> str:
    return url


def test_dutch_dates_have_a_lower_case_month() -> None:
    assert dutch_date(date(2026, 11, 27)) == "27 november 2026"
    assert dutch_date(datetime(2025, 3, 1, 23, 0, tzinfo=UTC)) == "1 maart 2025"


def test_slugs_are_ascii_anchors() -> None:
    assert slugify("Zelf-leiderschap & moed") == "zelf-leiderschap-moed"
    assert slugify("Één gesprek") == "een-gesprek"


def test_index_sorts_newest_first_and_groups_tags_regardless_of_case() -> None:
    index = PostIndex([entry("b", 2, ("Feedback",)), entry("a", 1, ("feedback",)), entry("c", 3)])
    assert [e.title for e in index.newest_first] == ["C", "B", "A"]
    assert [e.title for e in index.by_tag["feedback"]] == ["A", "B"]
    assert index.tag_names == {"feedback": "feedback"}


def test_related_scores_tags_twice_categories_once_then_newest_first() -> None:
    subject = entry("s", 10, ("x", "y"), ("Cat",))
    posts = [
        subject,
        entry("cat-only", 9, (), ("Cat",)),
        entry("one-tag", 1, ("x",)),
        entry("one-tag-newer", 2, ("y",)),
        entry("two-tags", 3, ("x", "y")),
        entry("tag-and-cat", 4, ("x",), ("Cat",)),
        entry("nothing", 5, ("z",)),
    ]
    found = related_entries(PostIndex(posts), subject, 10)
    assert [e.title for e in found] == [
        "Two-tags",
        "Tag-and-cat",
        "One-tag-newer",
        "One-tag",
        "Cat-only",
    ]
    assert [e.title for e in related_entries(PostIndex(posts), subject, 2)] == [
        "Two-tags",
        "Tag-and-cat",
    ]


def test_series_numbers_parts_by_date_and_skips_a_lone_part() -> None:
    parts = [entry("b", 2, series="S"), entry("a", 1, series="S"), entry("c", 3, series="T")]
    index = PostIndex(parts)
    box = series_box_for(index, parts[0], same)
    assert box is not None
    assert (box.heading, box.name, box.total) == ("Deel 2 van 2", "S", 2)
    assert [(p.number, p.link.title, p.current) for p in box.parts] == [
        (1, "A", False),
        (2, "B", True),
    ]
    assert series_box_for(index, parts[2], same) is None


def test_neighbours_follow_date_order_and_a_draft_has_none() -> None:
    posts = [entry("a", 1), entry("b", 2), entry("c", 3)]
    index = PostIndex(posts)
    middle = neighbours_for(index, posts[1], same)
    assert middle is not None and middle.previous is not None and middle.next is not None
    assert (middle.previous.href, middle.next.href) == ("blog/a/", "blog/c/")
    first = neighbours_for(index, posts[0], same)
    assert first is not None and first.previous is None
    assert neighbours_for(index, entry("draft", 4), same) is None


def test_tag_sizes_spread_from_one_to_five_and_are_one_when_all_equal() -> None:
    posts = [entry("a", 1, ("x", "y")), entry("b", 2, ("x",)), entry("c", 3, ("x", "z"))]
    sizes = {t.name: (t.size, t.count) for t in weighted_tags(PostIndex(posts), same)}
    assert sizes == {"x": (5, 3), "y": (1, 1), "z": (1, 1)}
    even = weighted_tags(PostIndex([entry("a", 1, ("p", "q"))]), same)
    assert [(t.name, t.size, t.anchor) for t in even] == [("p", 1, "tag-p"), ("q", 1, "tag-q")]


def test_share_links_encode_title_and_address() -> None:
    links = share_links_for("Ja & nee?", "https://coach.test/blog/x/")
    assert [(link.service, link.href) for link in links] == [
        (
            "linkedin",
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fcoach.test%2Fblog%2Fx%2F",
        ),
        (
            "whatsapp",
            "https://wa.me/?text=Ja%20%26%20nee%3F%20https%3A%2F%2Fcoach.test%2Fblog%2Fx%2F",
        ),
        ("email", "mailto:?subject=Ja%20%26%20nee%3F&body=https%3A%2F%2Fcoach.test%2Fblog%2Fx%2F"),
    ]


def test_body_offset_counts_frontmatter_and_the_blank_lines_after_it() -> None:
    assert body_offset("---\ntitle: x\n---\n\n\n# Kop\n") == 5
    assert body_offset("# Geen frontmatter\n") == 0


def test_checked_macro_explains_wrong_calls_in_dutch() -> None:
    def youtube(id: str, title: str) -> str:
        return id + title

    macro = checked(youtube, "youtube")
    assert macro("a", "b") == "ab"
    assert usage(youtube, "youtube") == "youtube(id, title)"
    with pytest.raises(MacroUsageError) as error:
        macro("a", "b", "c")
    assert str(error.value) == "youtube(): te veel argumenten; gebruik: youtube(id, title)"
    with pytest.raises(MacroUsageError) as error:
        macro("a", id="b")
    assert str(error.value) == (
        "youtube(): het argument 'id' is twee keer gegeven; gebruik: youtube(id, title)"
    )


@pytest.mark.parametrize("value", [0, -1, True, 2.5, "3", None])
def test_count_refuses_anything_but_a_positive_whole_number(value: object) -> None:
    with pytest.raises(MacroUsageError) as error:
        count(value, "recent_posts")
    assert str(error.value) == (
        f"recent_posts(): n moet een heel getal van 1 of meer zijn, niet {value!r}"
    )
    assert count(4, "recent_posts") == 4


def test_youtube_checks_id_and_title() -> None:
    assert video_id("dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert video_title("  Over   feedback ") == "Over feedback"
    with pytest.raises(MacroUsageError) as error:
        video_title(" ")
    assert str(error.value) == (
        'youtube(): geef de video een titel, bijvoorbeeld youtube("…", "Over feedback")'
    )
    for wrong in ("dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgX<Q", 12345678901):
        with pytest.raises(MacroUsageError):
            video_id(wrong)
