"""Small readers for the built example pages: one block of HTML, its links, whether they resolve."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def compact(html: str) -> str:
    """HTML without the whitespace between tags, so blocks compare as exact strings."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def blocks(html: str, tag: str, css_class: str) -> list[str]:
    """Every element `<tag class="css_class"...>...</tag>`, compacted (no nesting of `tag`)."""
    pattern = rf'<{tag} class="{re.escape(css_class)}"[^>]*>.*?</{tag}>'
    return [compact(match) for match in re.findall(pattern, html, re.DOTALL)]


def block(html: str, tag: str, css_class: str) -> str:
    found = blocks(html, tag, css_class)
    assert len(found) == 1, f"{len(found)} <{tag} class={css_class}> blocks"
    return found[0]


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def titles(html: str) -> list[str]:
    """The titles of a post list, in order."""
    return re.findall(r'<a class="post-list__title" href="[^"]*">([^<]*)</a>', html)


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether `href`, on the built page `page` (like "blog/x/index.html"), reaches a built file
    and, with a fragment, an element with that id."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return False
    if parts.path.startswith("/"):
        target = PurePosixPath(unquote(parts.path).lstrip("/"))
    else:
        target = PurePosixPath(page).parent / unquote(parts.path)
    resolved: list[str] = []
    for part in target.parts:
        if part == "..":
            if not resolved:
                return False
            resolved.pop()
        elif part != ".":
            resolved.append(part)
    file = site.joinpath(*resolved)
    if parts.path.endswith("/") or file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return False
    return not parts.fragment or f'id="{parts.fragment}"' in file.read_text(encoding="utf-8")
