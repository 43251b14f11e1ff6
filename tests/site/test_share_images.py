"""Share images in a real build: every post's og:image exists at 1200×630, a post's own picture is
cropped and keeps its alt text, pages share the site's card, feeds carry the image, and a second
build makes nothing anew."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path

import feedparser
import pytest
from PIL import Image, ImageFont

from coachsite import share_image
from coachsite.brand import Brand, BrandError
from tests.conftest import SITE_URL, copy_project, mkdocs_build

OWN = "blog/eigen-foto/index.html"
OWN_ALT = "Twee stoelen tegenover elkaar bij een raam"
CARD = "blog/kwetsbaar/index.html"
AMPERSAND = "blog/feedback-groei/index.html"
PAGES = ("index.html", "gesprek/index.html", "privacy/index.html", "gesprek/bedankt/index.html")

POST_WITH_PICTURE = f"""---
date: 2026-11-20
description: >-
  Een bericht met een eigen foto, om te zien dat die foto de deelafbeelding
  wordt en op het bericht zelf staat.
categories:
  - Zelfleiderschap
tags:
  - zelfleiderschap
authors:
  - coach
image: images/stoelen.png
image_alt: {OWN_ALT}
---

# Eigen foto

Eerste alinea van het bericht.

<!-- more -->

Meer tekst.
"""

POST_WITH_MARKUP_IN_ITS_TITLE = """---
date: 2026-11-21
slug: feedback-groei
description: >-
  Een bericht met een ampersand en nadruk in de titel, om te zien dat de
  deelafbeelding de titel toont zoals de lezer hem ziet.
categories:
  - Feedback en communicatie
tags:
  - feedback
authors:
  - coach
---

# Feedback & *groei*

Eerste alinea van het bericht.

<!-- more -->

Meer tekst.
"""


@dataclass
class Built:
    project: Path
    site: Path
    second_site: Path
    cache_before: dict[str, int]
    cache_after: dict[str, int]


def cache_state(project: Path) -> dict[str, int]:
    folder = project / ".cache" / "share-images"
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real site plus one post with a picture of its own, built twice on one cache."""
    root = tmp_path_factory.mktemp("share")
    project = copy_project(root / "project")
    posts = project / "docs" / "blog" / "posts"
    (posts / "images").mkdir()
    # 1600×1200: red on the left half, blue on the right, so the crop can be recognised.
    picture = Image.new("RGB", (1600, 1200), (200, 30, 30))
    picture.paste((30, 60, 200), (800, 0, 1600, 1200))
    picture.save(posts / "images" / "stoelen.png")
    (posts / "eigen-foto.md").write_text(POST_WITH_PICTURE, encoding="utf-8")
    (posts / "ampersand.md").write_text(POST_WITH_MARKUP_IN_ITS_TITLE, encoding="utf-8")

    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    before = cache_state(project)

    second = root / "site-again"
    result = mkdocs_build(project, second)
    assert result.returncode == 0, result.stderr
    return Built(project, site, second, before, cache_state(project))


def meta(html: str, attr: str, name: str) -> str:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, f"no <meta {attr}={name}>"
    return unescape(match.group(1))


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def image_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    path = site / url.removeprefix(SITE_URL)
    assert path.is_file(), f"{url} is not in the build"
    return path


def posts(site: Path) -> list[str]:
    return [
        page.relative_to(site).as_posix()
        for page in sorted((site / "blog").glob("*/index.html"))
        if 'property="og:type" content="article"' in page.read_text(encoding="utf-8")
    ]


def test_every_post_has_a_1200_by_630_share_image_in_the_build(built: Built) -> None:
    found = posts(built.site)
    assert {CARD, OWN, AMPERSAND} <= set(found)
    for page in found:
        html = read(built.site, page)
        url = meta(html, "property", "og:image")
        with Image.open(image_file(built.site, url)) as image:
            assert image.size == (1200, 630), page
            assert image.format in ("PNG", "JPEG"), page
            assert meta(html, "property", "og:image:type") == Image.MIME[image.format]
        assert meta(html, "property", "og:image:width") == "1200"
        assert meta(html, "property", "og:image:height") == "630"
        assert meta(html, "name", "twitter:card") == "summary_large_image"
        assert meta(html, "name", "twitter:image") == url


def test_a_post_without_a_picture_gets_a_card_with_its_title(built: Built) -> None:
    html = read(built.site, CARD)
    url = meta(html, "property", "og:image")
    assert url.endswith(".png")
    assert meta(html, "property", "og:image:alt") == "Kwetsbaar – [Naam van de praktijk]"
    with Image.open(image_file(built.site, url)) as image:
        # The brand's primary colour fills the card's left edge.
        assert image.convert("RGB").getpixel((10, 315)) == (0x1F, 0x5F, 0x5B)
    # Only a post's own picture is shown on the post; a card is for sharing only.
    assert 'class="post-picture"' not in html
    # The card shows the title as the reader sees it: no markup, no "&amp;".
    html = read(built.site, AMPERSAND)
    assert meta(html, "property", "og:image:alt") == "Feedback & groei – [Naam van de praktijk]"


def test_a_post_with_its_own_picture_shares_it_cropped_with_its_alt_text(built: Built) -> None:
    html = read(built.site, OWN)
    url = meta(html, "property", "og:image")
    assert url.endswith(".jpg")
    assert meta(html, "property", "og:image:type") == "image/jpeg"
    assert meta(html, "property", "og:image:alt") == OWN_ALT
    assert meta(html, "name", "twitter:image:alt") == OWN_ALT
    with Image.open(image_file(built.site, url)) as image:
        rgb = image.convert("RGB")
        # Cropped around the centre, not squeezed: both halves keep their colour, split midway.
        left, right = rgb.getpixel((300, 315)), rgb.getpixel((900, 315))
        assert left[0] > 150 and left[2] < 80, left
        assert right[2] > 150 and right[0] < 80, right
        assert rgb.getpixel((590, 315))[0] > 150 and rgb.getpixel((610, 315))[2] > 150


def test_the_post_shows_its_own_picture_with_its_alt_text(built: Built) -> None:
    html = read(built.site, OWN)
    figure = re.search(r'<figure class="post-picture">(.*?)</figure>', html, re.S)
    assert figure, "the post does not show its picture"
    img = figure.group(1)
    assert f'alt="{OWN_ALT}"' in img
    assert 'width="1200" height="630"' in img
    src = re.search(r'\bsrc="([^"]+)"', img).group(1)
    assert (built.site / "blog" / "eigen-foto" / src).resolve().is_file()
    for candidate in re.search(r'\bsrcset="([^"]+)"', img).group(1).split(","):
        path, width = candidate.split()
        with Image.open(built.site / "blog" / "eigen-foto" / path) as image:
            assert f"{image.width}w" == width
    # Above the title, before the text.
    assert html.index('class="post-picture"') < html.index('<h1 id="eigen-foto">')


def test_pages_share_the_sites_own_card(built: Built) -> None:
    urls = {page: meta(read(built.site, page), "property", "og:image") for page in PAGES}
    urls["404.html"] = meta(read(built.site, "404.html"), "property", "og:image")
    assert len(set(urls.values())) == 1, urls
    default = next(iter(urls.values()))
    posts_images = {meta(read(built.site, p), "property", "og:image") for p in (CARD, OWN)}
    assert default not in posts_images
    with Image.open(image_file(built.site, default)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    home = read(built.site, "index.html")
    assert meta(home, "property", "og:image:alt") == (
        "[Naam van de praktijk] – Plan een vrijblijvend gesprek"
    )


@pytest.mark.parametrize("feed_file", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_rss_items_carry_the_share_image_with_its_size(built: Built, feed_file: str) -> None:
    feed = feedparser.parse((built.site / feed_file).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    for entry in feed.entries:
        page = entry.link.removeprefix(SITE_URL) + "index.html"
        shared = meta(read(built.site, page), "property", "og:image")
        (enclosure,) = entry.enclosures
        assert enclosure.href == shared
        assert int(enclosure.length) == image_file(built.site, shared).stat().st_size
        assert enclosure.type in ("image/png", "image/jpeg")
    assert len(feed.entries) == 3


def test_json_feed_items_carry_the_share_image(built: Built) -> None:
    feed = json.loads(read(built.site, "feed_json_created.json"))
    for item in feed["items"]:
        page = item["url"].removeprefix(SITE_URL) + "index.html"
        assert item["image"] == meta(read(built.site, page), "property", "og:image")


def test_json_ld_of_a_post_names_its_image(built: Built) -> None:
    html = read(built.site, CARD)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["image"] == meta(html, "property", "og:image")


def test_a_second_build_makes_no_image_anew(built: Built) -> None:
    # The site's card, two posts' cards, and the third post's picture in two sizes.
    assert len(built.cache_before) == 5, built.cache_before
    assert built.cache_after == built.cache_before
    for page in (CARD, OWN, "index.html"):
        first = meta(read(built.site, page), "property", "og:image")
        assert meta(read(built.second_site, page), "property", "og:image") == first
        assert image_file(built.second_site, first).read_bytes() == (
            image_file(built.site, first).read_bytes()
        )


def test_a_changed_title_or_colour_makes_a_new_card(tmp_path: Path) -> None:
    brand = Brand.from_settings(
        {
            "primary": "#1f5f5b",
            "primary_light": "#2d7a75",
            "primary_dark": "#164642",
            "accent": "#a3452c",
            "link": "#1d5a56",
            "tint": "#eef4f3",
        }
    )
    images = share_image.ShareImages(tmp_path, brand)
    first = images.card("Kwetsbaar", "Praktijk", "alt")
    assert images.card("Kwetsbaar", "Praktijk", "alt") == first
    assert images.made == 1
    assert images.card("Kwetsbaar zijn", "Praktijk", "alt").path != first.path
    darker = share_image.ShareImages(tmp_path, replace(brand, primary="#164642"))
    assert darker.card("Kwetsbaar", "Praktijk", "alt").path != first.path
    assert images.made + darker.made == 3


def test_the_font_has_the_accented_letters_of_dutch_titles() -> None:
    """Pillow's built-in font draws ë and é as empty boxes; the chosen font must not."""
    face = share_image.font(share_image.TITLE_FONT, 60)
    missing = bytes(face.getmask("\U0001f600"))
    for letter in "ëéèïöüÉ’–":
        assert bytes(face.getmask(letter)) != missing, letter
    builtin = ImageFont.load_default(size=60)
    assert bytes(builtin.getmask("ë")) == bytes(builtin.getmask("\U0001f600"))


def test_a_long_title_is_wrapped_shrunk_and_at_last_shortened() -> None:
    width = share_image.WIDTH - 2 * share_image.MARGIN
    face, lines = share_image.fit_title("Kwetsbaar", width)
    assert (face.size, lines) == (max(share_image.TITLE_SIZES), ["Kwetsbaar"])
    face, lines = share_image.fit_title(" ".join(["leiderschap"] * 60), width)
    assert face.size == min(share_image.TITLE_SIZES)
    assert len(lines) == share_image.MAX_LINES and lines[-1].endswith(" …")
    assert all(face.getlength(line) <= width for line in lines)
    face, lines = share_image.fit_title("Zelf" + "leiderschaps" * 12, width)
    assert all(face.getlength(line) <= width for line in lines)


def test_a_brand_colour_too_faint_for_text_is_refused_with_the_pair() -> None:
    settings = {
        "primary": "#1f5f5b",
        "primary_light": "#2d7a75",
        "primary_dark": "#164642",
        "accent": "#a3452c",
        "link": "#7fb3ae",
        "tint": "#eef4f3",
    }
    with pytest.raises(BrandError) as caught:
        Brand.from_settings(settings)
    assert str(caught.value) == (
        "tekst in link op wit is slecht leesbaar (contrast 2.34:1, minstens 4.5:1 nodig) — kies "
        "in extra.brand een donkerdere tekstkleur of lichtere achtergrond; tekst in link op tint "
        "is slecht leesbaar (contrast 2.11:1, minstens 4.5:1 nodig) — kies in extra.brand een "
        "donkerdere tekstkleur of lichtere achtergrond"
    )
    with pytest.raises(BrandError, match=r'^extra\.brand\.tint moet een kleur zijn als "#1f5f5b"'):
        Brand.from_settings({**settings, "link": "#1d5a56", "tint": "lichtgroen"})
