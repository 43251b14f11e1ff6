"""An image file larger than MAX_IMAGE_BYTES (1 MB) is an error, in the text of a post or page
and in a post's `image:`; in a draft it is a "let op". The pictures are made with Pillow."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image

from coachsite.frontmatter.fields import MAX_IMAGE_BYTES, file_size, too_large
from tests.conftest import mkdocs_build

from .test_references import check, lines, make_site, page, post

FIX = "verklein de afbeelding tot hooguit 2000 pixels breed of sla hem op als JPEG met kwaliteit 80"
LIMIT = "een afbeelding mag hooguit 1 MB zijn, zodat de site snel blijft"


def noise_png(path: Path, width: int, height: int) -> int:
    """A PNG of random pixels, which no compression makes smaller; returns its size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = random.Random(width * height).randbytes(width * height * 3)
    Image.frombytes("RGB", (width, height), pixels).save(path)
    return path.stat().st_size


def png_of_size(path: Path, size: int) -> None:
    """A small real PNG, padded at its end (which readers ignore) to exactly `size` bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (30, 90, 200)).save(path)
    path.write_bytes(path.read_bytes().ljust(size, b"\0"))


# The frontmatter takes lines 1–12: post()'s ten and these two.
PICTURE = "image: images/groot.png\nimage_alt: Ruis\n"
BODY = (
    "\n"
    "# Groot\n"  # 14
    "\n"
    "Tekst.\n"
    "\n"
    "<!-- more -->\n"
    "\n"
    "![Een groot beeld](images/groot.png)\n"  # 20
    "\n"
    "![Precies 1 MB](images/grens.png) en ![Net te groot](images/grens-plus.png)\n"  # 22
    '<img src="images/groot.png" alt="Nog eens">\n'  # 23
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = make_site(
        tmp_path / "site",
        {
            "blog/posts/groot.md": post(BODY, extra=PICTURE),
            "blog/posts/concept.md": post(
                "\n# Concept\n\nTekst.\n\n<!-- more -->\n\n![Ruis](images/groot.png)\n",
                extra="draft: true\n" + PICTURE,
            ),
            "over.md": page("# Over\n\n![Ruis](blog/posts/images/groot.png)\n"),
        },
    )
    images = site / "docs" / "blog" / "posts" / "images"
    assert noise_png(images / "groot.png", 1000, 800) // 100_000 == 24  # 2,4 MB
    png_of_size(images / "grens.png", MAX_IMAGE_BYTES)
    png_of_size(images / "grens-plus.png", MAX_IMAGE_BYTES + 1)
    return site


def test_an_image_file_over_1_mb_is_an_error_with_its_size_and_the_fix(site: Path) -> None:
    big = f"is 2,4 MB groot, en {LIMIT} — {FIX}"
    path = "docs/blog/posts/groot.md"
    draft = "docs/blog/posts/concept.md"
    assert lines(check(site)) == [
        f"let op: {draft}:11: image: 'images/groot.png' {big}",
        f"let op: {draft}:21: tekst: de afbeelding 'images/groot.png' {big}",
        f"{path}:10: image: 'images/groot.png' {big}",
        f"{path}:20: tekst: de afbeelding 'images/groot.png' {big}",
        f"{path}:22: tekst: de afbeelding 'images/grens-plus.png' is net iets meer dan 1 MB "
        f"groot, en {LIMIT} — {FIX}",
        f"{path}:23: tekst: de afbeelding 'images/groot.png' {big}",
        f"docs/over.md:7: tekst: de afbeelding 'blog/posts/images/groot.png' {big}",
    ]


def test_the_build_stops_on_it_before_anything_is_built(site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(site, tmp_path / "built")
    assert result.returncode == 1
    assert (
        "docs/blog/posts/groot.md:20: tekst: de afbeelding 'images/groot.png' is 2,4 MB groot, "
        f"en {LIMIT} — {FIX}"
    ) in result.stderr
    assert not (tmp_path / "built").exists()


@pytest.mark.parametrize(
    ("size", "written"),
    [
        (1_000_001, "1 MB"),
        (1_049_999, "1 MB"),
        (1_050_001, "1,1 MB"),
        (2_400_000, "2,4 MB"),
        (12_000_000, "12 MB"),
        (850_400, "850 KB"),
        (300, "1 KB"),
    ],
)
def test_sizes_are_written_in_dutch(size: int, written: str) -> None:
    assert file_size(size) == written


def test_just_over_the_limit_does_not_read_as_the_limit_itself() -> None:
    assert too_large(1_000_001).startswith("is net iets meer dan 1 MB groot, en een afbeelding")
    assert too_large(5_300_000).startswith("is 5,3 MB groot, en een afbeelding")
