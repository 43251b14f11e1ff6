"""Turn an old post's body (WordPress HTML, feed HTML, Jekyll/Hugo Markdown) into clean Markdown
that passes the content check.

The old body is untrusted: it may hold scripts, styles, frames and players from other hosts,
`javascript:` links, or text that Jinja would run once the post renders macros. Everything goes
through one parsed tree (BeautifulSoup, stdlib parser) in which such elements are removed or
replaced, and markdownify writes Markdown from that tree, so no raw HTML reaches the new post.
What could not be brought over is collected as Dutch notes for the import report:

- WordPress block comments (`<!-- wp:paragraph -->`) disappear; shortcodes are read
  (`[caption]`, `[embed]`, `[youtube]`, `[gallery]`) or removed with a note;
- a YouTube frame, `[embed]` or a YouTube address alone in a paragraph becomes the
  privacy-friendly `{{ youtube("id", "titel") }}` macro; other frames become a plain link;
- images found in the export folder are copied next to the post, others become a to-do
  comment; links to other imported posts point at their new files.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import markdown
from bs4 import BeautifulSoup, Comment, Tag
from markdownify import ATX, BACKSLASH, MarkdownConverter

from coachsite.frontmatter.bodies import youtube_id
from coachsite.frontmatter.fields import MAX_IMAGE_BYTES
from coachsite.slugs import ascii_slug

# Only pictures a browser shows without running anything: no SVG, which can hold scripts.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.I | re.S)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*?)?)\s*/?\]")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_BLOCK_START = re.compile(
    r"<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|script|style|dl|form"
    r"|section|article|aside|header|footer|nav|address|!--)[\s>/]",
    re.I,
)
_TOKEN = re.compile(r"zqimport(\d+)qz")
_JINJA = re.compile(r"\{(?=[{%#])")
_CODE = re.compile(r"<(code|pre)\b[^>]*>(.*?)</\1>", re.I | re.S)
# Removed with the note that says why; frames, images and links are handled one by one.
_REMOVED = {
    "script": "script verwijderd (de site laadt geen scripts)",
    "noscript": "noscript-blok verwijderd",
    "style": "opmaak (<style>) verwijderd",
    "link": "verwijzing naar een stijlblad verwijderd",
    "object": "ingesloten object verwijderd",
    "embed": "ingesloten object verwijderd",
    "applet": "ingesloten object verwijderd",
    "form": "formulier verwijderd (gebruik het contactformulier van de site)",
    "video": "video verwijderd — zet hem op YouTube en gebruik de youtube-macro",
    "audio": "geluidsfragment verwijderd",
    "svg": "SVG-afbeelding in de tekst verwijderd",
    "math": "formule verwijderd",
    "canvas": "tekenvlak (<canvas>) verwijderd",
    "template": "sjabloon (<template>) verwijderd",
    "meta": "",
    "base": "",
    "input": "",
    "button": "",
    "select": "",
    "textarea": "",
}


@dataclass
class BodyContext:
    """What converting one body needs to know about the post and the rest of the import."""

    title: str
    slug: str
    media_roots: list[Path]
    hosts: set[str]
    attachments: dict[str, str]
    # Old address (full URL or path) -> file name of the imported post it now is, if any.
    link_target: Callable[[str], str | None]
    # The new post's folder as the report names it: where images go.
    images_shown: str
    # Jekyll `{% post_url name %}`: the old address of the post it names, if imported.
    post_url: Callable[[str], str | None] = lambda _name: None


@dataclass
class Converted:
    """The new body, what it needs, and what could not be brought over."""

    markdown: str
    intro_text: str
    uses_macros: bool
    images: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Notes:
    """Notes in the order first met, each once, with a count when it happened more often."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, note: str) -> None:
        if note:
            self.counts[note] += 1

    def lines(self) -> list[str]:
        return [note if n == 1 else f"{note} ({n}×)" for note, n in self.counts.items()]


class _Converter(MarkdownConverter):
    """markdownify with ATX headings, `-` bullets and escaping against raw HTML and Jinja.

    `<` in text would be raw HTML in Markdown and `{{` a macro call once the post renders
    macros: both are escaped, as are Markdown's own `*` and `_`.
    """

    def __init__(self) -> None:
        super().__init__(heading_style=ATX, bullets="-", newline_style=BACKSLASH, escape_misc=False)

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text, parent_tags)
        # Brackets too: text that reads `[x](javascript:…)` or `![x](https://…)` must not
        # become a link or a remote image.
        text = text.replace("[", "\\[").replace("]", "\\]")
        text = text.replace("<", "&lt;").replace(">", "&gt;")
        return _JINJA.sub("&#123;", text)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = el.get("href")
        if not isinstance(href, str) or not text.strip():
            return text
        if text.replace("\\_", "_") == href and href.startswith(("http://", "https://")):
            return f"<{href}>"
        return f"[{text.strip()}]({href})"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        alt = " ".join(str(el.get("alt") or "").split())
        alt = alt.replace("[", "(").replace("]", ")").replace("\\", "")
        return f"![{alt}]({el.get('src')})"

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"\n\n*{text.strip()}*\n\n" if text.strip() else ""


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(text)}


def _shortcodes(text: str, context: BodyContext, notes: _Notes) -> str:
    """Replace the WordPress shortcodes we understand; drop the others, keeping their text.

    A bracketed word without attributes and without a closing tag (`[sic]`) is prose, not a
    shortcode, and stays.
    """
    closing = {m[2].lower() for m in _SHORTCODE.finditer(text) if m[1]}

    def caption(match: re.Match[str]) -> str:
        inner = match[2]
        image = re.search(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", inner, re.I)
        if image is None:
            return inner
        words = (inner[: image.start()] + inner[image.end() :]).strip()
        return f"<figure>{image[0]}<figcaption>{words}</figcaption></figure>"

    text = re.sub(r"\[caption([^\]]*)\](.*?)\[/caption\]", caption, text, flags=re.S | re.I)
    text = re.sub(r"\[embed[^\]]*\](.*?)\[/embed\]", r"<p>\1</p>", text, flags=re.S | re.I)
    text = re.sub(r"\[youtube[=\s]\s*([^\]\s]+)[^\]]*\]", r"<p>\1</p>", text, flags=re.I)

    def other(match: re.Match[str]) -> str:
        end, name, attributes = match[1], match[2].lower(), match[3]
        if name == "gallery" and not end:
            return _gallery(_attributes(attributes), context, notes)
        if name not in closing and not attributes.strip():
            return match[0]
        if not end:
            notes.add(f"onbekende shortcode [{name}] weggelaten")
        return ""

    return _SHORTCODE.sub(other, text)


def _gallery(attributes: dict[str, str], context: BodyContext, notes: _Notes) -> str:
    ids = [part.strip() for part in attributes.get("ids", "").split(",") if part.strip()]
    urls = [context.attachments[i] for i in ids if context.attachments.get(i)]
    if not urls:
        notes.add("galerij zonder bekende afbeeldingen weggelaten — voeg de foto's zelf toe")
        return ""
    if len(urls) < len(ids):
        notes.add("galerij: niet alle afbeeldingen stonden in de export")
    return "".join(f'<p><img src="{html.escape(url)}" alt=""></p>' for url in urls)


def _autop(text: str) -> str:
    """WordPress's classic editor stores paragraphs as blank lines, not `<p>`: wrap them."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    wrapped = []
    for block in blocks:
        block = block.strip()
        if not block:
            continue
        if _BLOCK_START.match(block):
            wrapped.append(block)
        else:
            wrapped.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    return "\n\n".join(wrapped)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _safe_title(text: str) -> str:
    return " ".join(re.sub(r"[\"\\{}]", "", text).split()) or "Video"


class _Body:
    """One conversion: the tree work on each part (intro and rest) of one post."""

    def __init__(self, context: BodyContext) -> None:
        self.context = context
        self.notes = _Notes()
        self.blocks: list[str] = []
        self.images: list[tuple[Path, str]] = []
        self.image_names: dict[Path, str] = {}
        self.uses_macros = False
        self.macros_allowed = True

    def block(self, soup: BeautifulSoup, element: Tag, text: str) -> None:
        """Replace `element` by a paragraph whose content is `text`, written after conversion."""
        paragraph = soup.new_tag("p")
        paragraph.string = f"zqimport{len(self.blocks)}qz"
        self.blocks.append(text)
        element.replace_with(paragraph)

    def youtube(self, soup: BeautifulSoup, element: Tag, video: str, title: str) -> None:
        if not self.macros_allowed:
            # Code holding `{{` would run as Jinja in a post that renders macros: a link.
            self.notes.add("YouTube-video als gewone link overgenomen (de tekst bevat code met {{)")
            url = f"https://www.youtube.com/watch?v={video}"
            self.block(soup, element, f"[Bekijk de video op YouTube]({url})")
            return
        title = _safe_title(title or f"Video bij {self.context.title}")
        self.block(soup, element, f'{{{{ youtube("{video}", "{title}") }}}}')
        self.uses_macros = True

    def clean(self, soup: BeautifulSoup) -> None:
        """Remove what may not come along, swap embeds, images and links, demote an `<h1>`
        (the post's title is the page's only one)."""
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for element in soup.find_all(list(_REMOVED)):
            if element.parent is not None:  # not inside one removed already
                self.notes.add(_REMOVED[element.name])
                element.decompose()
        for frame in soup.find_all("iframe"):
            src = str(frame.get("src") or "")
            video = youtube_id(src)
            if video:
                self.youtube(soup, frame, video, str(frame.get("title") or ""))
            elif src.startswith(("http://", "https://", "//")):
                url = "https:" + src if src.startswith("//") else src
                self.notes.add(f"ingesloten inhoud van {_host(url)} vervangen door een link")
                link = soup.new_tag("a", href=url)
                link.string = f"Bekijk op {_host(url)}"
                paragraph = soup.new_tag("p")
                paragraph.append(link)
                frame.replace_with(paragraph)
            else:
                self.notes.add("ingesloten frame zonder adres verwijderd")
                frame.decompose()
        for paragraph in soup.find_all(["p", "div", "figure"]):
            if paragraph.parent is None or paragraph.find(["img", "p", "div", "figure"]):
                continue
            words = paragraph.get_text().strip()
            if re.fullmatch(r"https?://\S+", words) and (video := youtube_id(words)):
                self.youtube(soup, paragraph, video, "")
        for figure in soup.find_all("figure"):
            image, caption = figure.find("img"), figure.find("figcaption")
            if image is not None and caption is not None and not image.get("alt"):
                image["alt"] = caption.get_text(" ", strip=True)
        for image in soup.find_all("img"):
            self.image(soup, image)
        for link in soup.find_all("a"):
            self.link(link)
        if soup.find("h1") is not None:
            for level in range(5, 0, -1):
                for heading in soup.find_all(f"h{level}"):
                    heading.name = f"h{level + 1}"

    def find_image(self, src: str) -> Path | None:
        parts = urlsplit(src)
        if parts.scheme not in ("", "http", "https"):
            return None
        path = PurePosixPath(unquote(parts.path))
        relative = [PurePosixPath(*[p for p in path.parts if p not in ("/", "..", ".")])]
        text = str(relative[0])
        if "wp-content/uploads/" in text:
            relative.append(PurePosixPath("uploads", text.split("wp-content/uploads/", 1)[1]))
        # WordPress links scaled copies (foto-300x200.jpg); the export holds the original too.
        relative += [
            p.with_name(re.sub(r"-\d+x\d+(?=\.\w+$)", "", p.name))
            for p in relative
            if re.search(r"-\d+x\d+\.\w+$", p.name)
        ]
        for root in self.context.media_roots:
            for candidate in relative:
                found = root / candidate
                try:
                    real = found.resolve(strict=True)
                except OSError:
                    continue
                if real.is_relative_to(root.resolve()) and real.is_file():
                    return real
        return None

    def image(self, soup: BeautifulSoup, image: Tag) -> None:
        src = str(image.get("src") or "").strip()
        name = PurePosixPath(unquote(urlsplit(src).path)).name
        found = self.find_image(src) if src else None
        folder = f"{self.context.images_shown}/images/{self.context.slug}/"
        problem = None
        if found is None:
            problem = f"afbeelding {name or src or '(zonder adres)'} staat niet in de export"
        elif found.suffix.lower() not in IMAGE_SUFFIXES:
            problem = f"afbeelding {name} is geen JPEG, PNG, GIF of WebP en is niet overgenomen"
        elif found.stat().st_size > MAX_IMAGE_BYTES:
            problem = f"afbeelding {name} is groter dan 1 MB en is niet overgenomen"
        if problem is not None or found is None:
            self.notes.add(f"{problem} — zet hem in {folder} en voeg hem toe in de tekst")
            alt = " ".join(str(image.get("alt") or "").split())
            todo = f"afbeelding nog toevoegen: {name or 'onbekend'}" + (f" ({alt})" if alt else "")
            self.block(soup, image, "<!-- " + todo.replace("--", "–") + " -->")
            return
        if found not in self.image_names:
            stem = ascii_slug(found.stem) or "afbeelding"
            target = f"{stem}{found.suffix.lower()}"
            taken = set(self.image_names.values())
            number = 2
            while f"images/{self.context.slug}/{target}" in taken:
                target = f"{stem}-{number}{found.suffix.lower()}"
                number += 1
            self.image_names[found] = f"images/{self.context.slug}/{target}"
            self.images.append((found, self.image_names[found]))
        alt = " ".join(str(image.get("alt") or "").split())
        if not alt:
            self.notes.add(
                f"afbeelding {name} heeft geen beschrijving — zet tussen ![ en ] wat erop "
                "te zien is"
            )
        image.attrs = {"src": self.image_names[found], "alt": alt}
        parent = image.parent
        if isinstance(parent, Tag) and parent.name == "a":
            href = str(parent.get("href") or "")
            if PurePosixPath(urlsplit(href).path).suffix.lower() in (*IMAGE_SUFFIXES, ".svg"):
                parent.unwrap()  # the usual link to the full-size picture

    def link(self, link: Tag) -> None:
        href = str(link.get("href") or "").strip()
        if link.parent is None:
            return
        parts = urlsplit(href)
        if parts.scheme in ("mailto", "tel"):
            link.attrs = {"href": quote(href, safe=":/?@!$&'*+,;=%~")}
            return
        if parts.scheme not in ("", "http", "https") or not href or href.startswith("#"):
            if parts.scheme:
                self.notes.add(f"link met {parts.scheme}: verwijderd (de tekst bleef staan)")
            link.unwrap()
            return
        host = (parts.hostname or "").lower()
        if not host or host in self.context.hosts:
            target = self.context.link_target(href)
            if target is not None:
                link.attrs = {"href": target}
                return
            if not host:
                if self.context.hosts:
                    base = sorted(self.context.hosts)[0]
                    href = f"https://{base}{href if href.startswith('/') else '/' + href}"
                else:
                    self.notes.add(
                        f"link naar {shown_path(href)} verwijderd (staat niet op de site)"
                    )
                    link.unwrap()
                    return
            self.notes.add(f"link naar {shown_path(href)} wijst nog naar de oude site")
        link.attrs = {"href": quote(href, safe=":/?#[]@!$&'*+,;=%~")}

    def markdown(self, fragment: str) -> tuple[str, str]:
        soup = BeautifulSoup(fragment, "html.parser")
        self.clean(soup)
        text = _intro_text(soup)
        result = _Converter().convert_soup(soup)
        result = _TOKEN.sub(lambda m: self.blocks[int(m[1])], result)
        lines = [line.rstrip() for line in result.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), text


def plain_text(text: str) -> str:
    """Text on one line, without the spaces `get_text(" ")` puts before punctuation."""
    text = " ".join(_TOKEN.sub(" ", text).split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text).replace("( ", "(")


def _intro_text(soup: BeautifulSoup) -> str:
    """The first paragraphs as plain text, enough for a summary: what a reader sees first."""
    paragraphs = [plain_text(p.get_text(" ")) for p in soup.find_all("p")]
    chosen = ""
    for paragraph in paragraphs:
        if paragraph:
            chosen = f"{chosen} {paragraph}".strip()
        if len(chosen) >= 60:
            return chosen
    return plain_text(soup.get_text(" "))


def shown_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or url if not parts.hostname else f"{parts.hostname}{parts.path}"


def _liquid_and_hugo(text: str, context: BodyContext, notes: _Notes) -> str:
    """Jekyll's Liquid and Hugo's shortcodes, before the Markdown is rendered."""

    def post_url(match: re.Match[str]) -> str:
        target = context.post_url(match[1].strip())
        if target is None:
            notes.add(f"link naar post {match[1].strip()} niet gevonden")
            return "#"
        return target

    text = re.sub(r"\{%-?\s*post_url\s+(\S+)\s*-?%\}", post_url, text)
    text = re.sub(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}", "", text)

    def hugo(match: re.Match[str]) -> str:
        name, rest = match[1].lower(), match[2]
        values = _attributes(rest)
        if name == "youtube":
            video = values.get("id") or rest.strip().split()[0] if rest.strip() else ""
            return f'\n\n<iframe src="https://www.youtube.com/embed/{video}"></iframe>\n\n'
        if name == "figure" and values.get("src"):
            alt = html.escape(values.get("alt") or values.get("caption") or "")
            caption = html.escape(values.get("caption", ""))
            return (
                f'\n\n<figure><img src="{html.escape(values["src"])}" alt="{alt}">'
                f"<figcaption>{caption}</figcaption></figure>\n\n"
            )
        if name in ("ref", "relref"):
            page = PurePosixPath(rest.strip().strip("\"'")).stem
            target = context.post_url(page)
            if target is None:
                notes.add(f"link naar {page} niet gevonden")
            return target or "#"
        notes.add(f"onbekende shortcode {name} weggelaten")
        return ""

    text = re.sub(r"\{\{[<%]\s*/?\s*([\w-]+)(.*?)\s*[>%]\}\}", hugo, text)

    def liquid(match: re.Match[str]) -> str:
        tag = match[1] or "{{"
        video = re.search(r"""\bid\s*=\s*["']?([A-Za-z0-9_-]{11})\b""", match[0])
        if tag == "include" and "youtube" in match[0].lower() and video:
            return f'\n\n<iframe src="https://www.youtube.com/embed/{video[1]}"></iframe>\n\n'
        notes.add(f"Liquid-code {tag} weggelaten")
        return ""

    text = re.sub(r"\{%-?\s*(\w+).*?-?%\}", liquid, text, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", liquid, text, flags=re.S)


def _insert_marker(body: str, separator: str) -> str:
    """`separator` after the first paragraph (a heading or a macro alone does not count)."""
    blocks = body.split("\n\n")
    for index, block in enumerate(blocks):
        if not block.startswith(("#", "{{", "<!--", "![")):
            return "\n\n".join([*blocks[: index + 1], separator, *blocks[index + 1 :]])
    return f"{body}\n\n{separator}" if body else separator


def convert_body(
    text: str, context: BodyContext, *, markdown_source: bool, separator: str
) -> Converted:
    """The new Markdown body with the excerpt marker, its plain intro, notes and images."""
    body = _Body(context)
    if markdown_source:
        text = _liquid_and_hugo(text, context, body.notes)
        text = markdown.markdown(text, extensions=["extra", "sane_lists"])
    text = _BLOCK_COMMENT.sub("", text)
    text = _NEXTPAGE.sub("", text)
    text = _shortcodes(text, context, body.notes)
    code = " ".join(m[2] for m in _CODE.finditer(text))
    body.macros_allowed = not _JINJA.search(html.unescape(code))
    parts = _MORE.split(text, maxsplit=1)
    if not markdown_source:
        parts = [_autop(part) for part in parts]
    converted = [body.markdown(part) for part in parts]
    if len(converted) == 2 and converted[0][0] and converted[1][0]:
        result = f"{converted[0][0]}\n\n{separator}\n\n{converted[1][0]}"
    else:
        result = _insert_marker("\n\n".join(part for part, _ in converted if part), separator)
    intro = converted[0][1]
    return Converted(result + "\n", intro, body.uses_macros, body.images, body.notes.lines())
