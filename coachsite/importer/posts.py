"""From the old blog's posts to files of this site: plan every post first, then write.

Planning is pure: slug, frontmatter, body, images, redirect and notes for every post, in date
order, so that slugs are unique and stable between runs and links between imported posts can
point at files that will exist. Writing then creates only new files: an existing post is left
alone unless `force` is set (it may have been edited since the last import), an identical one
is not touched at all, so a second import changes nothing. Nothing is written outside the
posts folder, the redirect map and the mapping file.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

from coachsite.frontmatter.settings import SiteSettings
from coachsite.frontmatter.urls import post_url
from coachsite.newpost import _IndentedDumper, clean_title, post_slug
from coachsite.redirects import HEADER as REDIRECTS_HEADER
from coachsite.redirects import MAP_NAME, read_map

from .body import BodyContext, convert_body, plain_text
from .mapping import Mapping
from .sources import MAX_POST_BYTES, MAX_POSTS, Source, SourceError, SourcePost

DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160
# Aim inside the check's margins (it warns within 10 characters of either end).
_AIM_MIN, _AIM_MAX = 60, 150
TAG_MAX = 30
# When a post has no date at all (a Hugo post without `date:`): easy to spot in the list.
NO_DATE = dt.datetime(2000, 1, 1)
# Completes a summary that title and text cannot fill (a post of one line); flagged in the report.
_PADDING = "Lees het hele verhaal in deze blog over coachend leiderschap."
# WordPress's and Blogger's names for "no category": not worth keeping as a tag.
_NO_CATEGORY = {"uncategorized", "geen categorie", "ongecategoriseerd", "algemeen"}
DRAFT_STATUSES = {"draft": "concept", "pending": "ter beoordeling", "private": "privé"}


@dataclass
class PlannedPost:
    """One post as it will be written, and what the report says about it."""

    source: SourcePost
    slug: str
    path: Path
    url: str
    text: str = ""
    draft: bool = False
    images: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    old_path: str | None = None
    aliases: list[str] = field(default_factory=list)


def _plain(fragment: str) -> str:
    return plain_text(BeautifulSoup(fragment, "html.parser").get_text(" "))


def _fit(text: str) -> str:
    """The text cut to whole sentences, or else at a word, to at most _AIM_MAX characters."""
    if len(text) <= _AIM_MAX:
        return text
    chosen = ""
    for sentence in re.split(r"(?<=[.!?…])\s+", text):
        longer = f"{chosen} {sentence}".strip()
        if len(longer) > _AIM_MAX:
            break
        chosen = longer
    if len(chosen) >= _AIM_MIN:
        return chosen
    cut = text[: _AIM_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def description(excerpt: str, intro: str, title: str) -> tuple[str, bool]:
    """A summary of 50–160 characters: the excerpt, else the first sentences. The flag says
    the text had to be padded, which the coach should rewrite."""
    candidates = [_fit(" ".join(c.split())) for c in (_plain(excerpt), intro, f"{title}. {intro}")]
    # A truncated feed summary may just pass 50: rather the first sentences, if they say more.
    for minimum in (_AIM_MIN, DESCRIPTION_MIN):
        for fitted in candidates:
            if len(fitted) >= minimum:
                return fitted, False
    return _fit(" ".join(f"{title}. {intro} {_PADDING}".split())), True


def _normal_path(url: str) -> str:
    """An old address as a key: its path, decoded, without a trailing slash, lower case."""
    return unquote(urlsplit(url.strip()).path).rstrip("/").lower()


def _redirect_path(url: str) -> str | None:
    path = urlsplit(url).path
    if not path or path == "/":
        return None
    return quote(unquote(path), safe="/-._~")


def _tags(post: SourcePost, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The old tags and the old categories that are not ours, each once and short enough."""
    tags: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    known = {name.casefold() for name in allowed} | _NO_CATEGORY
    for name in [*post.tags, *(c for c in post.categories if c.casefold() not in known)]:
        tag = " ".join(html.unescape(name).split())
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TAG_MAX:
            notes.append(f"trefwoord '{tag}' is langer dan {TAG_MAX} tekens en is weggelaten")
            continue
        seen.add(tag.casefold())
        tags.append(tag)
    return tags, notes


def _frontmatter(values: dict[str, object]) -> str:
    block = yaml.dump(
        values, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=math.inf
    )
    return f"---\n{block}---\n\n"


def plan_posts(source: Source, settings: SiteSettings, mapping: Mapping) -> list[PlannedPost]:
    """Every post of the source as it will be written, oldest first."""
    if len(source.posts) > MAX_POSTS:
        raise SourceError(
            f"de export bevat {len(source.posts)} posts; er kunnen er maximaal {MAX_POSTS} "
            "tegelijk worden overgenomen — exporteer het blog in delen"
        )
    posts_dir = settings.docs_dir / settings.post_dir
    order = sorted(
        range(len(source.posts)), key=lambda i: (source.posts[i].published or NO_DATE, i)
    )
    planned: list[PlannedPost] = []
    taken: set[str] = set()
    by_old_path: dict[str, PlannedPost] = {}
    by_key: dict[str, PlannedPost] = {}
    for index in order:
        post = source.posts[index]
        post.title = clean_title(html.unescape(post.title)) or "Zonder titel"
        published = post.published or NO_DATE
        base = post_slug(unquote(post.name) or post.title, published.date())
        slug, number = base, 2
        while slug in taken:
            slug = f"{base[: 60 - len(str(number)) - 1]}-{number}"
            number += 1
        taken.add(slug)
        categories = list(
            dict.fromkeys(mapping.categories[c] for c in post.categories if c in mapping.categories)
        )
        url = post_url(
            settings,
            posts_dir / f"{slug}.md",
            title=post.title,
            slug=slug,
            created=published.replace(tzinfo=dt.UTC),
            categories=categories or [settings.categories_allowed[0]],
        )
        item = PlannedPost(post, slug, posts_dir / f"{slug}.md", url or "")
        # A draft never had a public address, so nobody links to it.
        drafted = post.status in DRAFT_STATUSES
        item.old_path = _redirect_path(post.old_url) if post.old_url and not drafted else None
        item.aliases = [p for p in map(_redirect_path, post.aliases) if p and not drafted]
        planned.append(item)
        if post.old_url:
            by_old_path.setdefault(_normal_path(post.old_url), item)
        if post.key:
            by_key.setdefault(post.key, item)

    def link_target(url: str) -> str | None:
        found = by_old_path.get(_normal_path(url))
        return f"{found.slug}.md" if found is not None else None

    def key_target(key: str) -> str | None:
        # The old address, which the body's link rewriting then turns into the new file.
        found = by_key.get(key)
        return found.source.old_url if found is not None else None

    for item in planned:
        _fill(item, source, settings, mapping, link_target, key_target)
    return planned


def _fill(
    item: PlannedPost,
    source: Source,
    settings: SiteSettings,
    mapping: Mapping,
    link_target: Callable[[str], str | None],
    key_target: Callable[[str], str | None],
) -> None:
    """Convert the body and build the frontmatter of one planned post."""
    post = item.source
    notes = item.notes
    if len(post.body.encode("utf-8")) > MAX_POST_BYTES:
        notes.append(
            f"de tekst is groter dan {MAX_POST_BYTES // 1_000_000} MB en is niet overgenomen"
        )
        body_text = ""
    else:
        body_text = post.body
    context = BodyContext(
        title=post.title,
        slug=item.slug,
        media_roots=source.media_roots,
        hosts=source.hosts,
        attachments=source.attachments,
        link_target=link_target,
        images_shown=settings.relative(item.path.parent),
        post_url=key_target,
    )
    converted = convert_body(
        body_text, context, markdown_source=post.markdown, separator=settings.excerpt_separator
    )
    notes += converted.notes
    item.images = converted.images
    allowed = settings.categories_allowed
    categories = list(
        dict.fromkeys(mapping.categories[c] for c in post.categories if c in mapping.categories)
    )
    if not categories:
        categories = [allowed[0]]
        notes.append(f"had geen categorie — ingedeeld bij {allowed[0]}")
    tags, tag_notes = _tags(post, allowed)
    notes += tag_notes
    author = mapping.authors.get(post.author or "", settings.authors[0])
    summary, made_up = description(post.excerpt, converted.intro_text, post.title)
    if made_up:
        notes.append("de samenvatting (description) is een noodoplossing — schrijf een eigen")
    if post.published is None:
        notes.append("geen datum gevonden — zet de juiste datum bij date:")
    item.draft = post.status in DRAFT_STATUSES
    if post.status in ("private", "pending"):
        notes.append(f"was {DRAFT_STATUSES[post.status]} — staat nu als concept (draft: true)")
    values: dict[str, object] = {
        "title": post.title,
        "date": post.published or NO_DATE,
        "slug": item.slug,
    }
    if item.draft:
        values["draft"] = True
    values["description"] = summary
    values["categories"] = categories
    values["authors"] = [author]
    if tags:
        values["tags"] = tags
    if converted.uses_macros:
        values["render_macros"] = True
    item.text = _frontmatter(values) + converted.markdown
    if item.old_path is None and not item.draft and post.old_url:
        notes.append(f"het oude adres {post.old_url} heeft geen pad — geen doorverwijzing")


@dataclass
class Outcome:
    """What writing one post did: new, overwritten, unchanged or skipped."""

    post: PlannedPost
    status: str


def write_posts(planned: list[PlannedPost], *, force: bool, dry_run: bool) -> list[Outcome]:
    """Write what is new (or changed, with `force`); an identical file is never touched."""
    outcomes = []
    for item in planned:
        data = item.text.encode("utf-8")
        if item.path.exists():
            same = item.path.read_bytes() == data
            images_same = all(
                (item.path.parent / target).is_file()
                and (item.path.parent / target).read_bytes() == source.read_bytes()
                for source, target in item.images
            )
            if same and images_same:
                outcomes.append(Outcome(item, "ongewijzigd"))
                continue
            if not force:
                outcomes.append(Outcome(item, "overgeslagen"))
                continue
            status = "overschreven"
        else:
            status = "nieuw"
        if not dry_run:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            for source, target in item.images:
                destination = item.path.parent / target
                if destination.is_file() and destination.read_bytes() == source.read_bytes():
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
            if not (item.path.exists() and item.path.read_bytes() == data):
                item.path.write_bytes(data)
        outcomes.append(Outcome(item, status))
    return outcomes


def redirect_text(planned: list[PlannedPost], root: Path) -> tuple[str | None, int, list[str]]:
    """The map's new text (None when nothing changes), how many lines are new, and problems.

    Existing lines are kept as they are, comments included; an old path already in the map
    keeps its target (the coach may have changed it).
    """
    path = root / MAP_NAME
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    current = read_map(text)
    if current.errors:
        return None, 0, list(current.errors)
    known = {redirect.old for redirect in current.redirects}
    lines = []
    for item in planned:
        for old in (item.old_path, *item.aliases):
            if old is None or old in known or not item.url:
                continue
            if old.rstrip("/") == item.url.rstrip("/"):
                continue
            known.add(old)
            lines.append(f"{old}: {item.url}\n")
    if not lines:
        return None, 0, []
    if not text:
        text = REDIRECTS_HEADER
    elif not text.endswith("\n"):
        text += "\n"
    return text + "".join(lines), len(lines), []
