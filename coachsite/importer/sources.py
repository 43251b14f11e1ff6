"""Read an old blog into plain `SourcePost`s: a WordPress export, an RSS/Atom feed, a Jekyll or
Hugo folder.

Each reader only extracts what the old blog said (title, moment, address, status, categories,
tags, author, excerpt, body); turning that into a post of this site is `posts.py`'s job, so
every source goes through the same conversion and the same checks. XML is read with defusedxml:
an export is a file from elsewhere, and a DTD with entities (an "XML bomb", or an external
entity that reads a file from this machine) is refused before anything is expanded. Sizes are
capped, so that a huge or endless file fails with a Dutch line rather than eating the memory.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# The largest export read at all. A WordPress export of a decade of weekly posts with their
# comments stays far below it; past it, the file is more likely a mistake or an attack.
MAX_SOURCE_BYTES = 100_000_000
# The largest body of one post, as the old blog stored it (HTML or Markdown).
MAX_POST_BYTES = 1_000_000
# The most posts one import brings over.
MAX_POSTS = 10_000


class SourceError(Exception):
    """The source cannot be read at all; the message is Dutch and says why."""


@dataclass
class SourcePost:
    """One post as the old blog had it. `body` is HTML, or Markdown when `markdown` is true."""

    title: str
    published: dt.datetime | None
    old_url: str
    name: str
    status: str
    categories: list[str]
    tags: list[str]
    author: str | None
    excerpt: str
    body: str
    markdown: bool = False
    # Jekyll's or Hugo's post file name without extension, for `post_url` and `ref` links.
    key: str = ""
    # Other old addresses of the same post (Hugo's `aliases`).
    aliases: list[str] = field(default_factory=list)


@dataclass
class Source:
    """Everything read from one export, with where to look for its images."""

    kind: str
    posts: list[SourcePost]
    media_roots: list[Path]
    hosts: set[str] = field(default_factory=set)
    attachments: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(
                f"{path.name} is te groot ({size:,} bytes; maximaal {limit:,}) — "
                "exporteer het blog in delen".replace(",", ".")
            )
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise SourceError(f"{path} is niet te lezen ({error.strerror})") from error
    if len(data) > limit:  # grew while reading, or a device that reports no size
        raise SourceError(f"{path.name} is te groot (maximaal {limit:,} bytes)".replace(",", "."))
    return data


def _parse_xml(path: Path, limit: int) -> Element:
    data = _read_bytes(path, limit)
    try:
        return fromstring(data)
    except DefusedXmlException as error:
        raise SourceError(
            f"{path.name} bevat een DTD met entiteiten (een mogelijke XML-bom of een verwijzing "
            "naar bestanden buiten de export) en wordt niet gelezen — exporteer het blog opnieuw "
            "vanuit WordPress of de blogdienst"
        ) from error
    except ParseError as error:
        line = error.position[0] if error.position else 1
        raise SourceError(
            f"{path.name}:{line}: geen geldige XML — exporteer het blog opnieuw; een export die "
            "halverwege afbrak is vaak niet compleet"
        ) from error


def _local(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_type' -> 'wp:post_type', independent of version."""
    if not tag.startswith("{"):
        return tag
    namespace, name = tag[1:].split("}", 1)
    if "wordpress.org/export" in namespace:
        prefix = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    elif "purl.org/rss/1.0/modules/content" in namespace:
        prefix = "content"
    elif "purl.org/dc/elements" in namespace:
        prefix = "dc"
    elif "www.w3.org/2005/Atom" in namespace:
        return name
    else:
        prefix = "x"
    return f"{prefix}:{name}"


def _fields(element: Element) -> dict[str, str]:
    """The text of each child by its short name (the first of repeated children)."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(_local(child.tag), (child.text or "").strip())
    return found


def _utc(moment: dt.datetime) -> dt.datetime:
    """A naive datetime in UTC, as posts are written (`date: 2026-11-27 09:30:00`)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _wordpress_date(gmt: str, local: str) -> dt.datetime | None:
    for text in (gmt, local):
        if text and not text.startswith("0000"):
            try:
                return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
    return None


def _path_of(url: str) -> str:
    return urlsplit(url).path


def read_wordpress(path: Path, *, limit: int = MAX_SOURCE_BYTES) -> Source:
    """A WordPress export (WXR, Tools → Export): posts, their attachments, the old hosts."""
    root = _parse_xml(path, limit)
    channel = root.find("channel")
    if channel is None:
        raise SourceError(f"{path.name} is geen WordPress-export (er staat geen <channel> in)")
    info = _fields(channel)
    hosts = {
        urlsplit(info.get(key, "")).hostname or ""
        for key in ("link", "wp:base_site_url", "wp:base_blog_url")
    } - {""}
    posts: list[SourcePost] = []
    attachments: dict[str, str] = {}
    skipped_types: dict[str, int] = {}
    for item in channel.iter("item"):
        values = _fields(item)
        kind = values.get("wp:post_type", "post")
        if kind == "attachment":
            attachments[values.get("wp:post_id", "")] = values.get("wp:attachment_url", "")
            continue
        status = values.get("wp:status", "publish")
        if kind != "post" or status in ("trash", "auto-draft"):
            label = "prullenbak" if status == "trash" else kind
            skipped_types[label] = skipped_types.get(label, 0) + 1
            continue
        categories: list[str] = []
        tags: list[str] = []
        for element in item.findall("category"):
            # WordPress stores term names HTML-escaped ("Teams &amp; samenwerking").
            name = html.unescape((element.text or "").strip())
            if not name:
                continue
            if element.get("domain") == "post_tag":
                tags.append(name)
            elif element.get("domain", "category") == "category":
                categories.append(name)
        posts.append(
            SourcePost(
                title=values.get("title", ""),
                published=_wordpress_date(
                    values.get("wp:post_date_gmt", ""), values.get("wp:post_date", "")
                ),
                old_url=values.get("link", ""),
                name=values.get("wp:post_name", ""),
                status=status,
                categories=categories,
                tags=tags,
                author=values.get("dc:creator") or None,
                excerpt=values.get("excerpt:encoded", ""),
                body=values.get("content:encoded", ""),
            )
        )
    skipped = [f"{count} × {label}" for label, count in sorted(skipped_types.items())]
    return Source("WordPress", posts, [path.parent], hosts, attachments, skipped)


_FEED_TAIL = re.compile(r"\s*(?:\[(?:…|&#8230;|\.\.\.)\]|…|Lees verder.*|Read more.*)\s*$", re.S)


def _feed_date(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return _utc(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError):
        pass
    try:
        return _utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _last_segment(url: str) -> str:
    return _path_of(url).rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]


def read_feed(path: Path, *, limit: int = MAX_SOURCE_BYTES) -> Source:
    """An RSS 2.0 or Atom feed file: what Wix, Squarespace, Medium and most blogs export."""
    root = _parse_xml(path, limit)
    if _local(root.tag) == "feed":
        return _read_atom(root, path)
    channel = root.find("channel")
    if channel is None:
        raise SourceError(f"{path.name} is geen RSS- of Atom-feed en geen WordPress-export")
    hosts = {urlsplit(_fields(channel).get("link", "")).hostname or ""} - {""}
    posts = []
    for item in channel.iter("item"):
        values = _fields(item)
        content = values.get("content:encoded", "")
        summary = values.get("description", "")
        link = values.get("link") or values.get("guid", "")
        posts.append(
            SourcePost(
                title=values.get("title", ""),
                published=_feed_date(values.get("pubDate", "") or values.get("dc:date", "")),
                old_url=link,
                name=_last_segment(link),
                status="publish",
                categories=[(c.text or "").strip() for c in item.findall("category") if c.text],
                tags=[],
                author=values.get("dc:creator") or values.get("author") or None,
                excerpt=_FEED_TAIL.sub("", summary) if content else "",
                body=content or summary,
            )
        )
    return Source("RSS", posts, [path.parent], hosts)


def _read_atom(root: Element, path: Path) -> Source:
    def link_of(element: Element) -> str:
        for link in element:
            if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
                return link.get("href", "")
        return ""

    hosts = {urlsplit(link_of(root)).hostname or ""} - {""}
    posts = []
    for entry in (child for child in root if _local(child.tag) == "entry"):
        values = _fields(entry)
        link = link_of(entry)
        author = next(
            (_fields(child).get("name") for child in entry if _local(child.tag) == "author"),
            None,
        )
        content = values.get("content", "")
        posts.append(
            SourcePost(
                title=values.get("title", ""),
                published=_feed_date(values.get("published", "") or values.get("updated", "")),
                old_url=link,
                name=_last_segment(link),
                status="publish",
                categories=[
                    child.get("term", "").strip()
                    for child in entry
                    if _local(child.tag) == "category" and child.get("term", "").strip()
                ],
                tags=[],
                author=author,
                excerpt=values.get("summary", "") if content else "",
                body=content or values.get("summary", ""),
            )
        )
    return Source("Atom", posts, [path.parent], hosts)


# Frontmatter of a Markdown post: YAML between --- lines (Jekyll, Hugo), or TOML between +++.
_YAML_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split() if " " in value and "," not in value else [value]
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [str(value)]


def _as_moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        text = value.strip()
        # Jekyll writes `2016-10-06 11:10:38 -0700`: make the offset ISO before parsing.
        text = re.sub(r"\s+([+-]\d{2}):?(\d{2})$", r"\1:\2", text)
        try:
            return _utc(dt.datetime.fromisoformat(text))
        except ValueError:
            return None
    return None


def _split_markdown(text: str, shown: str) -> tuple[dict[str, Any], str]:
    if match := _YAML_BLOCK.match(text):
        try:
            data = yaml.safe_load(match[1])
        except yaml.YAMLError as error:
            raise ValueError(f"{shown}: de frontmatter is geen geldige YAML") from error
    elif match := _TOML_BLOCK.match(text):
        try:
            data = tomllib.loads(match[1])
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{shown}: de frontmatter is geen geldige TOML") from error
    else:
        return {}, text
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _jekyll_url(permalink: str, moment: dt.datetime | None, categories: list[str], title: str):
    """Jekyll's URL of a post for its `permalink` setting (the built-in styles and templates)."""
    styles = {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "none": "/:categories/:title:output_ext",
    }
    template = styles.get(permalink, permalink)
    moment = moment or dt.datetime(1970, 1, 1)
    parts = {
        ":categories": "/".join(c.lower().replace(" ", "-") for c in categories),
        ":year": f"{moment.year:04d}",
        ":month": f"{moment.month:02d}",
        ":day": f"{moment.day:02d}",
        ":y_day": f"{moment.timetuple().tm_yday:03d}",
        ":title": title,
        ":output_ext": ".html",
    }
    for name in sorted(parts, key=len, reverse=True):
        template = template.replace(name, parts[name])
    return re.sub(r"/+", "/", template)


def _markdown_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        # `_index.md` is a Hugo section's list page, not a post.
        if path.name.startswith(("_", ".")) or path.is_symlink() or not path.is_file():
            continue
        if path.suffix.lower() in _MARKDOWN_SUFFIXES:
            yield path


def _hugo_section(folder: Path, hugo_root: Path | None) -> str:
    """The section a Hugo post is published under: its folder below content/ ("posts")."""
    if hugo_root is not None and folder.is_relative_to(hugo_root / "content"):
        section = folder.relative_to(hugo_root / "content").as_posix()
        if section != ".":
            return section
    return "posts"


def read_static_site(folder: Path, *, limit: int = MAX_POST_BYTES) -> Source:
    """A Jekyll site (its root or its `_posts` folder) or a Hugo site (root or posts folder)."""
    folder = folder.resolve()
    if (folder / "_posts").is_dir():
        folder = folder / "_posts"
    hosts: set[str] = set()
    hugo_root = next(
        (
            parent
            for parent in (folder, *folder.parents)
            if any((parent / name).is_file() for name in ("hugo.toml", "hugo.yaml", "config.toml"))
        ),
        None,
    )
    if hugo_root is not None:
        for name in ("hugo.toml", "config.toml"):
            if (hugo_root / name).is_file():
                try:
                    base = tomllib.loads((hugo_root / name).read_text(encoding="utf-8"))
                    hosts.add(urlsplit(str(base.get("baseURL") or "")).hostname or "")
                except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                    pass
    if hugo_root is not None and folder == hugo_root:
        for name in ("content/posts", "content/post", "content/blog"):
            if (hugo_root / name).is_dir():
                folder = hugo_root / name
                break
    jekyll = folder.name == "_posts"
    site_root = folder.parent if jekyll else (hugo_root or folder)
    permalink = "date"
    config = site_root / "_config.yml"
    if jekyll and config.is_file():
        try:
            settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
            permalink = str(settings.get("permalink") or "date")
            hosts.add(urlsplit(str(settings.get("url") or "")).hostname or "")
        except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
            permalink = "date"
    posts: list[SourcePost] = []
    skipped: list[str] = []
    for path in _markdown_files(folder):
        shown = path.relative_to(folder).as_posix()
        if path.stat().st_size > limit:
            skipped.append(f"{shown}: te groot (maximaal {limit:,} bytes)".replace(",", "."))
            continue
        try:
            data, body = _split_markdown(path.read_text(encoding="utf-8-sig"), shown)
        except (ValueError, UnicodeDecodeError) as error:
            skipped.append(str(error) if isinstance(error, ValueError) else f"{shown}: geen UTF-8")
            continue
        stem = path.stem if path.stem != "index" else path.parent.name
        dated = _JEKYLL_NAME.fullmatch(stem)
        name = str(data.get("slug") or (dated[4] if dated else stem))
        moment = _as_moment(data.get("date"))
        if moment is None and dated:
            moment = dt.datetime(int(dated[1]), int(dated[2]), int(dated[3]))
        categories = _as_list(data.get("categories") or data.get("category"))
        tags = _as_list(data.get("tags"))
        if jekyll:
            url = str(data.get("permalink") or _jekyll_url(permalink, moment, categories, name))
        else:
            url = str(data.get("url") or f"/{_hugo_section(folder, hugo_root)}/{name}/")
        draft = data.get("draft") is True or data.get("published") is False
        author = data.get("author")
        posts.append(
            SourcePost(
                title=str(data.get("title") or name.replace("-", " ")),
                published=moment,
                old_url=url,
                name=name,
                status="draft" if draft else "publish",
                categories=categories,
                tags=tags,
                author=str(author) if isinstance(author, str) else None,
                excerpt=str(
                    data.get("excerpt") or data.get("description") or data.get("summary") or ""
                ),
                body=body,
                markdown=True,
                key=stem,
                aliases=[str(alias) for alias in _as_list(data.get("aliases"))],
            )
        )
    kind = "Jekyll" if jekyll else "Hugo" if hugo_root is not None else "Markdown"
    roots = [site_root, folder]
    if hugo_root is not None:
        roots.insert(0, hugo_root / "static")  # Hugo serves static/ at the site's root
    return Source(kind, posts, roots, hosts - {""}, {}, skipped)


def read_source(path: Path, *, limit: int = MAX_SOURCE_BYTES) -> Source:
    """Whatever `path` is: a folder of Markdown posts, or an XML export or feed."""
    if path.is_dir():
        return read_static_site(path)
    if not path.is_file():
        raise SourceError(f"{path} bestaat niet — geef het pad van de export of de map met posts")
    root_tag = _peek_root(path)
    if root_tag == "rss_wordpress":
        return read_wordpress(path, limit=limit)
    return read_feed(path, limit=limit)


def _peek_root(path: Path) -> str:
    """Tell a WordPress export from a feed by its first kilobytes, before parsing it whole."""
    try:
        with path.open("rb") as file:
            head = file.read(65536)
    except OSError as error:
        raise SourceError(f"{path} is niet te lezen ({error.strerror})") from error
    return "rss_wordpress" if b"wordpress.org/export/" in head else "feed"
