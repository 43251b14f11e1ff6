"""Read built pages the way a browser would see their references."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Reference:
    tag: str
    attr: str
    url: str
    in_article: bool


@dataclass
class PageScan(HTMLParser):
    """Collects every URL a page refers to, and which ones sit in the article text."""

    references: list[Reference] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    _article_depth: int = 0
    _script: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self._article_depth += 1
        # data-md-bundle: Material's bundle, loaded on the first interaction (main.html).
        for attr in ("src", "href", "action", "poster", "srcset", "data", "data-md-bundle"):
            url = values.get(attr)
            if url:
                self.references.append(Reference(tag, attr, url, self._article_depth > 0))
        if tag == "script" and "src" not in values:
            kind = (values.get("type") or "").lower()
            # What the browser runs; a data block (JSON, text/plain) it does not.
            if kind in ("", "module") or "javascript" in kind:
                self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page


def foreign_references(html: str, page_url: str, own_origin: str) -> list[Reference]:
    """References to another host that a page would load or send data to.

    A plain link in the article text (<a href> inside <article>) is a choice
    of the reader, not a request the page makes, so it is allowed.
    """
    own = urlsplit(own_origin).netloc
    foreign = []
    for ref in scan(html).references:
        target = urlsplit(urljoin(page_url, ref.url))
        if target.scheme in ("mailto", "tel", "data", "javascript"):
            continue
        if target.netloc and target.netloc != own:
            if ref.tag == "a" and ref.in_article:
                continue
            foreign.append(ref)
    return foreign
