"""The images in the text of posts and pages: sized, loaded lazily, and in WebP where smaller.

A reader on a phone should not wait for pictures she has not scrolled to, nor see the text jump
when one arrives. So every `<img>` in a page's content that shows a file of docs/ (not another
website's, not a `data:` URL, not an SVG) gets, unless the coach wrote her own:

- `width` and `height`: the picture's size in pixels, upright as the browser shows it (EXIF
  orientation honoured), so the browser keeps room for it before it arrives; a `width` or
  `height` written with attr_list stays, and the other one follows the picture's proportions;
- `decoding="async"`, and `loading="lazy"` for every image but the first of the content, which
  is likely in view when the page opens;
- for a JPEG or PNG, a WebP copy made at build time (quality 80) that browsers which read WebP
  (nearly all) load instead: `<picture><source type="image/webp" srcset="….webp"><img …>
  </picture>`. The copy lies next to the original in the site, named after it plus `.webp`
  (`foto.jpg.webp`). When the WebP is not smaller than the original, the page keeps the plain
  `<img>`.

The tags are found with the standard library's HTML parser (not in comments, scripts or code) and
changed in place, so every other byte of the page stays as it was: a page without images comes
out exactly as before. Each WebP copy is kept in a cache folder under a name made from the
picture's bytes and everything else that shapes it (quality, this module's version, Pillow's), as
the share images are (coachsite/share_image.py), so a rebuild converts only new pictures; a
marker file remembers the pictures whose WebP was not smaller.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import PIL
from PIL import ExifTags, Image, ImageOps, features

# Change when the conversion below changes, so that cached copies are made anew.
GENERATOR_VERSION = "1"
WEBP_QUALITY = 80
WEBP_SUFFIX = ".webp"
# Formats that get a WebP copy (as Pillow names them); GIFs may move, WebP and AVIF need none.
CONVERTED_FORMATS = frozenset({"JPEG", "PNG"})
# Modes converted without guessing at colours: CMYK and 16-bit pictures keep only the original.
_CONVERTIBLE_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA"})
# Their colour profile, if any, describes grey, not the RGB the copy is saved in.
_GREY_MODES = frozenset({"1", "L", "LA"})
# EXIF orientations that turn the picture a quarter: the browser swaps its width and height.
_TURNED = frozenset({5, 6, 7, 8})
_VECTOR_SUFFIXES = (".svg", ".svgz")
_BEFORE_SLASH = frozenset(" \t\n\r\f\"'")
_IMG = re.compile(r"<img\b", re.IGNORECASE)
_WHOLE_NUMBER = re.compile(r"\s*(\d{1,6})\s*")


@dataclass(frozen=True)
class ImageFacts:
    """What the build knows of one picture: its upright size, and its WebP copy if smaller."""

    width: int
    height: int
    webp: Path | None  # in the cache


@dataclass(frozen=True)
class Located:
    """A picture of docs/ that an `<img>` shows: its file, and its path in the built site."""

    source: Path
    site_path: str  # e.g. "blog/posts/images/foto.jpg", without a leading slash


# Finds the file an `<img src>` shows, or None for anything not to touch.
Locate = Callable[[str], Located | None]


@dataclass(frozen=True)
class _ImgTag:
    start: int
    text: str  # the tag exactly as written
    attributes: dict[str, str | None]
    in_picture: bool


class _ImgTags(HTMLParser):
    """Every `<img>` start tag of a piece of HTML, with its offset in it."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_ImgTag] = []
        self._markup = markup
        self._line_starts = [0]
        self._line_starts += [match.end() for match in re.finditer("\n", markup)]
        self._pictures = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "picture":
            self._pictures += 1
        elif tag == "img":
            self._add(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._add(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self._pictures:
            self._pictures -= 1

    def _add(self, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or ""
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        if self._markup.startswith(text, start):  # never edit a place we are unsure of
            attributes: dict[str, str | None] = {}
            for name, value in attrs:
                attributes.setdefault(name, value)  # the first one counts, as in browsers
            self.found.append(_ImgTag(start, text, attributes, self._pictures > 0))


def img_tags(markup: str) -> list[_ImgTag]:
    parser = _ImgTags(markup)
    parser.feed(markup)
    parser.close()
    return parser.found


@dataclass
class ContentImages:
    """Rewrites the images of one build's pages; reads and converts each picture once.

    `reserved` holds the site's own paths: a WebP copy never takes the name of a file of the
    site. `used` collects the copies the pages point at, for `publish`.
    """

    cache: Path
    reserved: Container[str] = frozenset()
    made: int = 0  # WebP conversions done in this build (not in the cache yet)
    reused: int = 0  # conversions found in the cache
    unreadable: dict[Path, str] = field(default_factory=dict)
    used: dict[str, Path] = field(default_factory=dict)  # site path of a copy -> cache file
    kept: set[Path] = field(default_factory=set)  # the cache files this build asked for
    _facts: dict[Path, ImageFacts | None] = field(default_factory=dict)

    def rewrite(self, markup: str, locate: Locate, *, eager_first: bool = True) -> tuple[str, int]:
        """The HTML with its images sized, lazy and in WebP; and how many `<img>` it has.

        With `eager_first`, the first `<img>` (whatever it shows) loads at once. A page whose
        images all come from elsewhere (or none at all) is returned as it was.
        """
        if not _IMG.search(markup):
            return markup, 0
        tags = img_tags(markup)
        parts: list[str] = []
        done = 0
        for number, tag in enumerate(tags):
            new = self._rewrite_tag(tag, locate, lazy=number > 0 or not eager_first)
            if new is None:
                continue
            parts += [markup[done : tag.start], new]
            done = tag.start + len(tag.text)
        if not parts:
            return markup, len(tags)
        parts.append(markup[done:])
        return "".join(parts), len(tags)

    def _rewrite_tag(self, tag: _ImgTag, locate: Locate, *, lazy: bool) -> str | None:
        src = tag.attributes.get("src")
        if not src:
            return None
        found = locate(src)
        if found is None or found.site_path.lower().endswith(_VECTOR_SUFFIXES):
            return None
        facts = self.facts(found.source)
        if facts is None:
            return None
        added = _size_attributes(tag.attributes, facts)
        if "decoding" not in tag.attributes:
            added.append(("decoding", "async"))
        if lazy and "loading" not in tag.attributes:
            added.append(("loading", "lazy"))
        new = _with_attributes(tag.text, added)
        copy = found.site_path + WEBP_SUFFIX
        # A srcset or a <picture> of the coach's own is hers to keep.
        mine = tag.in_picture or "srcset" in tag.attributes
        if facts.webp is None or mine or copy in self.reserved:
            return new
        self.used[copy] = facts.webp
        srcset = _webp_url(src)
        return f'<picture><source type="image/webp" srcset="{html.escape(srcset)}">{new}</picture>'

    def facts(self, source: Path) -> ImageFacts | None:
        """The picture's size and WebP copy; None (and noted in `unreadable`) if Pillow cannot
        read it."""
        if source not in self._facts:
            self._facts[source] = self._read(source)
        return self._facts[source]

    def _read(self, source: Path) -> ImageFacts | None:
        try:
            data = source.read_bytes()
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if picture.getexif().get(ExifTags.Base.Orientation) in _TURNED:
                    width, height = height, width
                webp = None
                if picture.format in CONVERTED_FORMATS and not getattr(
                    picture, "is_animated", False
                ):
                    webp = self._webp(data, picture)
        # Pillow raises many kinds of errors on a damaged file; none may stop the build, which
        # leaves that picture as it is and names it (see hooks/post_images.py).
        except Exception as error:
            self.unreadable[source] = f"{type(error).__name__}: {error}"
            return None
        return ImageFacts(width, height, webp)

    def _webp(self, data: bytes, picture: Image.Image) -> Path | None:
        if not features.check("webp"):
            return None
        key = _key(source=hashlib.sha256(data).hexdigest(), quality=WEBP_QUALITY)
        copy, larger = self.cache / f"{key}.webp", self.cache / f"{key}.larger"
        self.kept.update((copy, larger))
        if copy.is_file() or larger.is_file():
            self.reused += 1
            return copy if copy.is_file() else None
        self.made += 1
        encoded = encode_webp(picture)
        if encoded is None or len(encoded) >= len(data):
            _write(larger, b"")  # remembered, so that the next build does not try again
            return None
        _write(copy, encoded)
        return copy

    def publish(self, site_dir: Path) -> None:
        """Copy the WebP copies the pages point at from the cache into the built site."""
        for site_path, cached in self.used.items():
            target = site_dir / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)


def encode_webp(picture: Image.Image) -> bytes | None:
    """The picture upright as a WebP (alpha kept); None for a mode we do not convert."""
    if picture.mode not in _CONVERTIBLE_MODES:
        return None
    upright = ImageOps.exif_transpose(picture)
    upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    options: dict[str, object] = {"quality": WEBP_QUALITY}
    icc = picture.info.get("icc_profile")
    if icc and picture.mode not in _GREY_MODES:
        options["icc_profile"] = icc  # a phone's wide-gamut photo keeps its colours
    buffer = io.BytesIO()
    upright.save(buffer, "WEBP", **options)
    return buffer.getvalue()


def _size_attributes(attributes: dict[str, str | None], facts: ImageFacts) -> list[tuple[str, str]]:
    """`width` and `height` the tag lacks; one written by the coach sets the other's scale."""
    has_width, has_height = "width" in attributes, "height" in attributes
    if not has_width and not has_height:
        return [("width", str(facts.width)), ("height", str(facts.height))]
    if has_width and has_height:
        return []
    given = _whole_number(attributes.get("width" if has_width else "height"))
    if given is None or not facts.width or not facts.height:
        return []  # "50%" or "auto": no size to scale from
    if has_width:
        return [("height", str(max(1, round(given * facts.height / facts.width))))]
    return [("width", str(max(1, round(given * facts.width / facts.height))))]


def _whole_number(value: str | None) -> int | None:
    match = _WHOLE_NUMBER.fullmatch(value or "")
    return int(match[1]) if match and int(match[1]) > 0 else None


def _with_attributes(tag: str, added: list[tuple[str, str]]) -> str:
    """The tag as written, with the attributes added before its end (`>` or `/>`)."""
    if not added:
        return tag
    # `/>` ends the tag only after a space or a quote: in `<img src=a.png/>` the / is the src's.
    end = 2 if tag.endswith("/>") and tag[-3:-2] in _BEFORE_SLASH else 1
    body = tag[:-end].rstrip()
    extra = "".join(f' {name}="{html.escape(value)}"' for name, value in added)
    space = " " if end == 2 else ""
    return f"{body}{extra}{space}{tag[-end:]}"


def _webp_url(src: str) -> str:
    """The copy's address as the page names the original: its path plus `.webp`, safe for a
    srcset (where a space or a comma would split the address)."""
    path = re.split(r"[?#]", src, maxsplit=1)[0]
    return (path + WEBP_SUFFIX).replace(" ", "%20").replace(",", "%2C")


def _key(**parts: object) -> str:
    parts.update(generator=GENERATOR_VERSION, pillow=PIL.__version__)
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _write(target: Path, data: bytes) -> None:
    """Write through a temporary file: two builds at once never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; it is public output
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
