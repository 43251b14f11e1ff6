"""The pictures LinkedIn, WhatsApp and feed readers show for a page: 1200×630, made at build time.

A post with its own `image` gets that picture cropped to 1200×630 (and a 600 px wide copy to
show on the post itself); any other post gets a card with its title in the brand's colours, and
the other pages one card with the site's name. Pillow draws them; the text is set in Source Sans
Pro from the `font-source-sans-pro` package, because Pillow's built-in font has no accented
letters (no ë in "Creëer", no é in "één").

Every image is kept in a cache folder under a name made from everything that shapes it (text,
colours, fonts, source picture, this module's version and Pillow's), so a rebuild makes
only what changed and a changed colour or title never shows an old picture. The build copies the
images it uses from the cache into the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import font_source_sans_pro
import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps

from coachsite.brand import Brand

# Change when the drawing or cropping below changes, so that cached images are made anew.
GENERATOR_VERSION = "2"
WIDTH, HEIGHT = 1200, 630
# The post shows its picture at most about 700 CSS px wide: 600 px for phones, 1200 for the rest.
POST_WIDTH = 600
SITE_FOLDER = "assets/share"
ENCLOSURE = re.compile(r'(?P<head><enclosure url="(?P<url>[^"]*)" type="[^"]*" )length="None"')

TITLE_FONT = "SourceSansProSemibold"
FOOTER_FONT = "SourceSansPro"
MARGIN = 88
TITLE_SIZES = range(96, 47, -6)  # the largest size at which the title fits in MAX_LINES
MAX_LINES = 4
FOOTER_SIZE = 34


@dataclass(frozen=True)
class ShareImage:
    """One image in the cache, and where the site serves it."""

    path: str  # in the site, e.g. "assets/share/3f2a….png"
    file: Path  # in the cache
    width: int
    height: int
    mime: str
    alt: str = ""


@dataclass(frozen=True)
class PostPicture:
    """A post's own picture: the share crop and a smaller copy of it for the page itself."""

    share: ShareImage
    small: ShareImage


class ShareImages:
    """Makes share images into `cache`, each at most once, and counts what it made.

    Drawing a card takes some 20 ms, mostly PNG compression: 20 s for a first build of 1000
    posts. With `workers` the images are drawn in that many other processes while MkDocs goes
    on rendering pages; `finish()` waits for them. Threads would not help: Pillow keeps
    Python's lock while it draws and compresses.
    """

    def __init__(self, cache: Path, brand: Brand, workers: int = 0) -> None:
        self.cache = cache
        self.brand = brand
        self.workers = workers
        self.made = 0
        self.kept: set[Path] = set()  # every cache file this build asked for
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Path, Future[None]] = {}

    def card(self, title: str, footer: str, alt: str) -> ShareImage:
        """A 1200×630 PNG: the title large, the footer (the site's name) below, brand colours."""
        key = _key(
            kind="card",
            title=title,
            footer=footer,
            colours=[self.brand.primary, self.brand.primary_light, self.brand.tint],
            fonts=[TITLE_FONT, FOOTER_FONT],
        )
        image = ShareImage(
            f"{SITE_FOLDER}/{key}.png", self.cache / f"{key}.png", WIDTH, HEIGHT, "image/png", alt
        )
        self._make(image.file, save_card, title, footer, self.brand)
        return image

    def photo(self, source: Path, alt: str) -> PostPicture:
        """The picture cropped to 1200×630 around its centre, as JPEG, and a 600 px copy."""
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        made: list[ShareImage] = []
        for width in (WIDTH, POST_WIDTH):
            height = round(width * HEIGHT / WIDTH)
            key = _key(kind="photo", source=digest, width=width, height=height)
            image = ShareImage(
                f"{SITE_FOLDER}/{key}.jpg",
                self.cache / f"{key}.jpg",
                width,
                height,
                "image/jpeg",
                alt,
            )
            self._make(image.file, save_photo, source, (width, height))
            made.append(image)
        return PostPicture(share=made[0], small=made[1])

    def finish(self) -> None:
        """Wait until every image asked for is in the cache; a failed drawing raises here."""
        try:
            for pending in self._pending.values():
                pending.result()
        finally:
            self._pending.clear()
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    def close(self) -> None:
        """Stop drawing: the build failed and will not use the images."""
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _make(self, target: Path, draw: Callable[..., None], *args: object) -> None:
        self.kept.add(target)
        if target in self._pending or target.is_file():
            return
        self.made += 1
        if not self.workers:
            draw(*args, target)
            return
        if self._pool is None:  # only a build with something to draw starts the processes
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        self._pending[target] = self._pool.submit(draw, *args, target)


def save_card(title: str, footer: str, brand: Brand, target: Path) -> None:
    # zlib's fastest level: half the time of the default for a quarter more bytes (some 55 KB),
    # which only the sites that show a shared link ever download.
    _save(draw_card(title, footer, brand), target, "PNG", compress_level=1)


def save_photo(source: Path, size: tuple[int, int], target: Path) -> None:
    _save(crop(source, size), target, "JPEG", quality=82, optimize=True, progressive=True)


def _save(picture: Image.Image, target: Path, fmt: str, **options: object) -> None:
    """Write through a temporary file: two builds at once never see half an image."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            picture.save(stream, fmt, **options)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; it is public output
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish(image: ShareImage, site_dir: Path) -> Path:
    """Copy the image from the cache into the built site, once per build."""
    target = site_dir / image.path
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image.file, target)
    return target


def feed_with_image_lengths(xml: str, sizes: Mapping[str, int]) -> str:
    """The RSS feed with each of our images' `<enclosure>` given its real length in bytes.

    mkdocs-rss-plugin (1.19) measures an item's image only if it lies beside the post's Markdown
    file, and writes `length="None"` otherwise; RSS requires the number.
    """

    def fixed(match: re.Match[str]) -> str:
        size = sizes.get(html.unescape(match["url"]))
        return match[0] if size is None else f'{match["head"]}length="{size}"'

    return ENCLOSURE.sub(fixed, xml)


def _key(**parts: object) -> str:
    parts.update(generator=GENERATOR_VERSION, pillow=PIL.__version__)
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=32)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_source_sans_pro.font_files_ttf[name], size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a word wider than a line is broken where it must."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _fitting_pieces(word, face, width):
            candidate = f"{line} {piece}" if line else piece
            if face.getlength(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = piece
    if line:
        lines.append(line)
    return lines


def _fitting_pieces(word: str, face: ImageFont.FreeTypeFont, width: int) -> Iterator[str]:
    while face.getlength(word) > width:
        cut = len(word) - 1
        while cut > 1 and face.getlength(word[:cut] + "-") > width:
            cut -= 1
        yield word[:cut] + "-"
        word = word[cut:]
    yield word


def fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits; at the smallest, the rest ends in "…"."""
    for size in TITLE_SIZES:
        face = font(TITLE_FONT, size)
        lines = wrap(title, face, width)
        if len(lines) <= MAX_LINES:
            return face, lines
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and face.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + " …"
    return face, lines


def draw_card(title: str, footer: str, brand: Brand) -> Image.Image:
    picture = Image.new("RGB", (WIDTH, HEIGHT), brand.rgb("primary"))
    pen = ImageDraw.Draw(picture)
    # Two calm circles in the lighter brand colour, off the top right corner.
    light = brand.rgb("primary_light")
    pen.ellipse((WIDTH - 250, -230, WIDTH + 270, 290), fill=light)
    pen.ellipse((WIDTH - 120, 170, WIDTH + 80, 370), outline=light, width=10)

    footer_face = font(FOOTER_FONT, FOOTER_SIZE)
    footer_top = HEIGHT - MARGIN - FOOTER_SIZE
    rule_top = footer_top - 34
    tint = brand.rgb("tint")
    pen.rectangle((MARGIN, rule_top, MARGIN + 96, rule_top + 8), fill=tint)
    pen.text((MARGIN, footer_top), footer, font=footer_face, fill=tint, anchor="la")

    face, lines = fit_title(title, WIDTH - 2 * MARGIN - 60)
    leading = round(face.size * 1.16)
    block = leading * len(lines)
    area_top, area_bottom = MARGIN - 10, rule_top - 40
    top = area_top + max(0, (area_bottom - area_top - block) // 2)
    for number, line in enumerate(lines):
        pen.text(
            (MARGIN, top + number * leading), line, font=face, fill=(255, 255, 255), anchor="la"
        )
    return picture


def crop(source: Path, size: tuple[int, int]) -> Image.Image:
    """The picture turned upright, flattened onto white, and cropped to `size` around its centre."""
    with Image.open(source) as opened:
        picture = ImageOps.exif_transpose(opened)
        if picture.mode in ("RGBA", "LA", "P"):
            picture = picture.convert("RGBA")
            flat = Image.new("RGB", picture.size, (255, 255, 255))
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        else:
            picture = picture.convert("RGB")
        return ImageOps.fit(picture, size, Image.Resampling.LANCZOS)
