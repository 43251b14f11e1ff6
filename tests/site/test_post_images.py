"""Images in the text of posts in a real build: each gets its size, all but the first load lazily,
a JPEG or PNG comes with a smaller WebP copy in a <picture>, images from elsewhere and SVGs are
left alone, a second build converts nothing anew, and a page without images is unchanged."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from coachsite import post_images
from coachsite.post_images import ContentImages, Located
from tests.conftest import REPO, mkdocs_build

HOOK = REPO / "hooks" / "post_images.py"
CONFIG = (
    "site_name: Afbeeldingen-test\n"
    'site_url: !ENV [URL, "http://127.0.0.1:8000/"]\n'
    "theme:\n"
    "  name: material\n"
    "  language: nl\n"
    "  font: false\n"
    "plugins:\n"
    "  - search\n"
    "  - blog:\n"
    '      post_url_format: "{slug}"\n'
    "      post_excerpt: required\n"
    "markdown_extensions:\n"
    "  - attr_list\n"
    "  - md_in_html\n"
    "hooks:\n"
    f"  - {HOOK.as_posix()}\n"
)
AUTHORS = "authors:\n  coach:\n    name: Coach\n    description: Test-auteur\n    avatar: a.png\n"
FRONTMATTER = "---\ndate: 2026-01-{day:02d}\nauthors:\n  - coach\n---\n"

PHOTOS = (
    FRONTMATTER.format(day=10)
    + """
# Foto's

Inleiding zonder afbeelding.

<!-- more -->

![Een foto](images/foto.jpg)

![Met alfa](images/alfa.png){ .rand title="Doorzichtig" }

![Gedraaid](images/gedraaid.jpg)

![Smal](images/foto.jpg){ width="400" }

![Lijnen](images/lijnen.png)

![Logo](images/logo.svg)

![Van elders](https://example.com/foto.png)

![Ingeplakt](data:image/gif;base64,R0lGODlhAQABAAAAACw=)

```html
<img src="images/foto.jpg">
```
"""
)

WITH_INTRO_IMAGE = (
    FRONTMATTER.format(day=11)
    + """
# Met een beeld vooraf

![Voorplaat](beeld/voorplaat.png)

<!-- more -->

Meer tekst.
"""
)

PHOTOS_PAGE = "blog/fotos/index.html"
HOME = "index.html"


@dataclass
class Img:
    attributes: dict[str, str | None]
    webp: str | None  # the srcset of the <source type="image/webp"> around it


class Images(HTMLParser):
    """The images of a page's article, with the WebP source of the <picture> around each."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Img] = []
        self._article = 0
        self._webp: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self._article += 1
        elif tag == "source" and values.get("type") == "image/webp":
            self._webp = values["srcset"]
        elif tag == "img" and self._article:
            self.found.append(Img(values, self._webp))
            self._webp = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1


def images(site: Path, page: str) -> dict[str, Img]:
    parser = Images()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return {str(img.attributes.get("alt")): img for img in parser.found}


def write_pictures(folder: Path) -> None:
    folder.mkdir(parents=True)
    # A photo-like JPEG: soft gradients with some noise, 1600×900.
    rng = random.Random(7)
    photo = Image.linear_gradient("L").resize((1600, 900)).convert("RGB")
    noise = Image.frombytes("L", (1600, 900), rng.randbytes(1600 * 900))
    Image.blend(photo, Image.merge("RGB", (noise, noise, noise)), 0.15).save(
        folder / "foto.jpg", quality=95
    )
    # A PNG whose left half is transparent.
    alpha = Image.new("RGBA", (300, 200), (30, 90, 200, 255))
    alpha.paste((0, 0, 0, 0), (0, 0, 150, 200))
    alpha.save(folder / "alfa.png")
    # Stored 300×200, shown upright as 200×300 (EXIF orientation 6: turn a quarter clockwise).
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (300, 200), (200, 30, 30)).save(folder / "gedraaid.jpg", exif=exif)
    # Black and white lines: a PNG far smaller than any WebP of it.
    lines = Image.new("1", (400, 400), 1)
    pen = ImageDraw.Draw(lines)
    for x in range(0, 400, 2):
        pen.line((x, 0, x, 400), fill=0)
    lines.save(folder / "lijnen.png")
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )


def make_project(target: Path) -> Path:
    docs = target / "docs"
    posts = docs / "blog" / "posts"
    write_pictures(posts / "images")
    (posts / "beeld").mkdir()
    Image.new("RGB", (640, 480), (40, 120, 90)).save(posts / "beeld" / "voorplaat.png")
    files = {
        "index.md": "# Welkom\n\nEen pagina zonder afbeeldingen.\n",
        "blog/index.md": "# Blog\n",
        "blog/.authors.yml": AUTHORS,
        "blog/posts/fotos.md": PHOTOS,
        "blog/posts/vooraf.md": WITH_INTRO_IMAGE,
    }
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return target


def cache_state(project: Path) -> dict[str, int]:
    folder = project / ".cache" / "post-images"
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.iterdir())}


@dataclass
class Built:
    project: Path
    site: Path
    second_site: Path
    plain_site: Path
    cache_before: dict[str, int]
    cache_after: dict[str, int]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The example site built twice on one cache, and once without the hook."""
    root = tmp_path_factory.mktemp("post-images")
    project = make_project(root / "project")
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    before = cache_state(project)
    second = root / "site-again"
    result = mkdocs_build(project, second)
    assert result.returncode == 0, result.stderr

    plain = root / "plain"
    shutil.copytree(project / "docs", plain / "docs")
    (plain / "mkdocs.yml").write_text(CONFIG[: CONFIG.index("hooks:\n")], encoding="utf-8")
    result = mkdocs_build(plain, root / "plain-site")
    assert result.returncode == 0, result.stderr
    return Built(project, site, second, root / "plain-site", before, cache_state(project))


def webp_file(site: Path, page: str, img: Img) -> Path:
    assert img.webp is not None, img
    path = (site / page).parent / img.webp
    assert path.resolve().is_file(), f"{img.webp} is not in the build"
    return path


def test_every_local_picture_gets_its_size_in_pixels(built: Built) -> None:
    found = images(built.site, PHOTOS_PAGE)
    sizes = {alt: (img.attributes.get("width"), img.attributes.get("height")) for alt, img in found.items()}
    assert sizes["Een foto"] == ("1600", "900")
    assert sizes["Met alfa"] == ("300", "200")
    assert sizes["Lijnen"] == ("400", "400")
    # Upright, as the browser shows it.
    assert sizes["Gedraaid"] == ("200", "300")
    # A width written with attr_list stays; the height follows the picture's proportions.
    assert sizes["Smal"] == ("400", "225")


def test_the_first_image_loads_at_once_and_the_others_lazily(built: Built) -> None:
    found = images(built.site, PHOTOS_PAGE)
    local = ["Een foto", "Met alfa", "Gedraaid", "Smal", "Lijnen"]
    assert [alt for alt in found if alt in local] == local
    assert "loading" not in found["Een foto"].attributes
    for alt in local:
        assert found[alt].attributes["decoding"] == "async", alt
        if alt != "Een foto":
            assert found[alt].attributes["loading"] == "lazy", alt


def test_attr_list_attributes_are_kept(built: Built) -> None:
    img = images(built.site, PHOTOS_PAGE)["Met alfa"].attributes
    assert (img["class"], img["title"], img["alt"]) == ("rand", "Doorzichtig", "Met alfa")


def test_jpeg_and_png_come_with_a_webp_of_the_same_size_in_the_build(built: Built) -> None:
    found = images(built.site, PHOTOS_PAGE)
    for alt in ("Een foto", "Met alfa", "Gedraaid", "Smal"):
        img = found[alt]
        assert img.webp == img.attributes["src"] + ".webp", alt
        path = webp_file(built.site, PHOTOS_PAGE, img)
        with Image.open(path) as webp:
            assert webp.format == "WEBP"
            size = (int(img.attributes["width"]), int(img.attributes["height"]))
            assert webp.size == size or alt == "Smal", alt
        original = (built.site / PHOTOS_PAGE).parent / img.attributes["src"]
        assert path.stat().st_size < original.stat().st_size, alt
    with Image.open(webp_file(built.site, PHOTOS_PAGE, found["Smal"])) as webp:
        assert webp.size == (1600, 900)
    html = (built.site / PHOTOS_PAGE).read_text(encoding="utf-8")
    assert '<picture><source type="image/webp" srcset="../images/foto.jpg.webp"><img' in html


def test_a_png_with_alpha_keeps_it_in_the_webp(built: Built) -> None:
    img = images(built.site, PHOTOS_PAGE)["Met alfa"]
    with Image.open(webp_file(built.site, PHOTOS_PAGE, img)) as webp:
        assert webp.mode == "RGBA"
        assert webp.getpixel((20, 100))[3] == 0
        red, green, blue, opaque = webp.getpixel((250, 100))
        assert opaque == 255 and blue > 150 and red < 80


def test_a_webp_that_is_not_smaller_is_left_out(built: Built) -> None:
    img = images(built.site, PHOTOS_PAGE)["Lijnen"]
    assert img.webp is None
    # Material's blog puts the posts' pictures under blog/, beside the posts' pages.
    assert (built.site / "blog/images/lijnen.png").is_file()
    assert not (built.site / "blog/images/lijnen.png.webp").exists()


def test_images_from_elsewhere_and_svgs_are_left_alone(built: Built) -> None:
    found = images(built.site, PHOTOS_PAGE)
    for alt in ("Logo", "Van elders", "Ingeplakt"):
        assert set(found[alt].attributes) == {"alt", "src"}, alt
        assert found[alt].webp is None, alt
    html = (built.site / PHOTOS_PAGE).read_text(encoding="utf-8")
    assert '<img alt="Van elders" src="https://example.com/foto.png" />' in html
    assert '<img alt="Logo" src="../images/logo.svg" />' in html
    # In a code block an <img> is text.
    assert "&lt;img src=&quot;images/foto.jpg&quot;&gt;" in html


def test_an_image_in_an_excerpt_is_done_on_the_blogs_overview(built: Built) -> None:
    found = images(built.site, "blog/index.html")
    img = found["Voorplaat"]
    assert (img.attributes["width"], img.attributes["height"]) == ("640", "480")
    assert "loading" not in img.attributes  # the first image of the page
    with Image.open(webp_file(built.site, "blog/index.html", img)) as webp:
        assert webp.size == (640, 480)
    # On the post itself it is done as well.
    post = images(built.site, "blog/met-een-beeld-vooraf/index.html")["Voorplaat"]
    assert post.attributes["width"] == "640" and post.webp is not None


def test_a_second_build_converts_nothing_anew(built: Built) -> None:
    # foto.jpg, alfa.png, gedraaid.jpg, voorplaat.png and a marker for lijnen.png.
    assert len(built.cache_before) == 5, built.cache_before
    assert sum(name.endswith(".larger") for name in built.cache_before) == 1
    assert built.cache_after == built.cache_before
    for page in (PHOTOS_PAGE, "blog/index.html"):
        assert (built.second_site / page).read_bytes() == (built.site / page).read_bytes()
    for path in built.site.rglob("*.webp"):
        again = built.second_site / path.relative_to(built.site)
        assert again.read_bytes() == path.read_bytes()


def test_a_page_without_images_is_unchanged(built: Built) -> None:
    assert (built.site / HOME).read_bytes() == (built.plain_site / HOME).read_bytes()
    plain = (built.plain_site / PHOTOS_PAGE).read_text(encoding="utf-8")
    assert "<picture>" not in plain and 'loading="lazy"' not in plain


# The rewriting on its own ---------------------------------------------------------------------


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    write_pictures(folder)
    (folder / "kapot.png").write_bytes(b"\x89PNG\r\n\x1a\nniet echt")
    return folder


def rewrite(markup: str, pictures: Path, **options: object) -> tuple[str, ContentImages]:
    images = ContentImages(pictures.parent / "cache", **options)  # type: ignore[arg-type]

    def locate(src: str) -> Located | None:
        path = pictures / src
        return Located(path, src) if path.is_file() else None

    return images.rewrite(markup, locate)[0], images


def test_only_img_tags_are_changed_and_the_rest_keeps_every_byte(pictures: Path) -> None:
    markup = (
        "<p>a &amp; b <!-- <img src=foto.jpg> --></p>\n"
        "<script>let s = '<img src=foto.jpg>'</script>\n"
        "<P><IMG SRC=gedraaid.jpg ALT='x'></P>\n"
        '<img\nsrc="lijnen.png"\nalt="l"/>\n'
    )
    html, images = rewrite(markup, pictures)
    assert html == (
        "<p>a &amp; b <!-- <img src=foto.jpg> --></p>\n"
        "<script>let s = '<img src=foto.jpg>'</script>\n"
        '<P><picture><source type="image/webp" srcset="gedraaid.jpg.webp">'
        "<IMG SRC=gedraaid.jpg ALT='x' width=\"200\" height=\"300\" decoding=\"async\">"
        "</picture></P>\n"
        '<img\nsrc="lijnen.png"\nalt="l" width="400" height="400" decoding="async" '
        'loading="lazy" />\n'
    )
    assert set(images.used) == {"gedraaid.jpg.webp"}


def test_what_the_coach_wrote_herself_is_kept(pictures: Path) -> None:
    markup = (
        '<img src="foto.jpg" width="50%">'
        '<img src="foto.jpg" height="90" loading="eager" decoding="sync">'
        '<img src="foto.jpg" srcset="foto.jpg 1x" width="1600" height="900" decoding="async" '
        'loading="lazy">'
        '<picture><source srcset="x.avif"><img src="foto.jpg"></picture>'
    )
    html, _ = rewrite(markup, pictures)
    webp = '<picture><source type="image/webp" srcset="foto.jpg.webp">'
    assert html == (
        # "50%" is no size to scale the height from.
        f'{webp}<img src="foto.jpg" width="50%" decoding="async"></picture>'
        f'{webp}<img src="foto.jpg" height="90" loading="eager" decoding="sync" width="160">'
        "</picture>"
        # Her own srcset and her own <picture> stay hers; the size is still added.
        '<img src="foto.jpg" srcset="foto.jpg 1x" width="1600" height="900" decoding="async" '
        'loading="lazy">'
        '<picture><source srcset="x.avif"><img src="foto.jpg" width="1600" height="900" '
        'decoding="async" loading="lazy"></picture>'
    )


def test_a_webp_never_takes_the_name_of_a_file_of_the_site(pictures: Path) -> None:
    html, images = rewrite('<img src="foto.jpg">', pictures, reserved={"foto.jpg.webp"})
    assert html == '<img src="foto.jpg" width="1600" height="900" decoding="async">'
    assert images.used == {}


def test_an_unreadable_picture_is_left_alone_and_named(pictures: Path) -> None:
    html, images = rewrite('<img src="kapot.png"><img src="weg.png">', pictures)
    assert html == '<img src="kapot.png"><img src="weg.png">'
    assert list(images.unreadable) == [pictures / "kapot.png"]


def test_html_without_images_is_returned_as_it_was(pictures: Path) -> None:
    markup = "<p>Geen afbeeldingen, wel <imgx> en img.</p>"
    html, images = rewrite(markup, pictures)
    assert html is markup
    assert images.made == images.reused == 0


def test_a_changed_picture_is_converted_anew(pictures: Path) -> None:
    _, first = rewrite('<img src="foto.jpg">', pictures)
    _, again = rewrite('<img src="foto.jpg">', pictures)
    assert (first.made, again.made, again.reused) == (1, 0, 1)
    Image.new("RGB", (1600, 900), (10, 10, 10)).save(pictures / "foto.jpg", quality=60)
    _, changed = rewrite('<img src="foto.jpg">', pictures)
    assert changed.made == 1
    assert changed.used["foto.jpg.webp"] != first.used["foto.jpg.webp"]
    assert post_images.GENERATOR_VERSION
