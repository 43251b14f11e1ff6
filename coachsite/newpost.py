"""`make post TITLE="Mijn nieuwe blog"`: start a post that already passes the check.

The coach gets a file with today's date, an ASCII slug from the title (so the URL never holds
accents; at most 60 characters, cut between words, `post-<datum>` when the title has no letters
or digits), `draft: true` (visible in `mkdocs serve` only), the first allowed category and the
first author from the site's own settings, and a placeholder summary of valid length that the
check keeps reminding her of. An existing file is never overwritten.

The title is data: the Makefile hands it over in the environment (`NEWPOST_TITLE`), never on a
shell command line, and PyYAML writes it into the frontmatter, quoted wherever YAML needs it.
`python -m coachsite.newpost "Mijn titel"` takes it as an argument instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from coachsite.frontmatter.fields import PLACEHOLDER_DESCRIPTION
from coachsite.frontmatter.settings import SettingsError, SiteSettings, load_settings
from coachsite.slugs import ascii_slug

# The environment variable the Makefile's `post` target passes the title in.
TITLE_VARIABLE = "NEWPOST_TITLE"
# Long enough for a few words, short enough for a URL someone reads aloud or shares.
SLUG_MAX = 60

BODY = """\
Schrijf hier de inleiding: die verschijnt op de overzichtspagina van de blog.

{separator}

Schrijf hier de rest van je verhaal. Gebruik ## voor tussenkopjes.
"""


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as in the site's existing posts."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class NewPostError(Exception):
    """The post cannot be created; the message is Dutch and says why."""


def today() -> dt.date:
    """Today in the Netherlands, also when the machine's clock runs on UTC."""
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def _one_line(character: str) -> str:
    category = unicodedata.category(character)
    if category == "Cs":
        return "\ufffd"
    return " " if category == "Cc" else character


def clean_title(title: str) -> str:
    """The title on one line: runs of whitespace and control characters become one space.

    Bytes that were not UTF-8 (a terminal in another encoding) reach Python as lone surrogates,
    which no file can hold; they become U+FFFD.
    """
    return " ".join("".join(map(_one_line, title)).split())


def post_slug(title: str, date: dt.date) -> str:
    """The title's ASCII slug, cut between words to at most SLUG_MAX characters.

    A title without letters or digits ("?!", only emoji) gets `post-<date>`; a first word
    longer than SLUG_MAX is cut inside the word, so the slug is never empty.
    """
    slug = ascii_slug(title)
    if len(slug) > SLUG_MAX:
        head = slug[: SLUG_MAX + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:SLUG_MAX]
    return slug or f"post-{date.isoformat()}"


def post_text(title: str, slug: str, date: dt.date, settings: SiteSettings) -> str:
    """The frontmatter and starter text of a new post (PyYAML quotes whatever needs it)."""
    frontmatter = {
        "title": title,
        "date": date,
        "slug": slug,
        "draft": True,
        "description": PLACEHOLDER_DESCRIPTION,
        "categories": [settings.categories_allowed[0]],
        "authors": [settings.authors[0]],
    }
    # An unlimited width keeps even a very long title on its own line.
    block = yaml.dump(
        frontmatter, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=math.inf
    )
    return f"---\n{block}---\n\n" + BODY.format(separator=settings.excerpt_separator)


def create_post(title: str, settings: SiteSettings, *, date: dt.date | None = None) -> Path:
    """Write the new post and return its path; refuses to overwrite an existing file."""
    title = clean_title(title)
    if not title:
        raise NewPostError(
            'de titel is leeg — geef een titel mee: make post TITLE="Mijn nieuwe blog"'
        )
    if not settings.blog_enabled:
        raise NewPostError("mkdocs.yml heeft geen blog-plugin — er is geen map voor posts")
    if not settings.categories_allowed:
        raise NewPostError(
            "mkdocs.yml noemt geen categorieën — zet ze onder plugins → blog → categories_allowed"
        )
    if not settings.authors:
        raise NewPostError(
            "er staat geen auteur in het auteursbestand — voeg er een toe onder authors:"
        )
    date = date or today()
    slug = post_slug(title, date)
    path = settings.docs_dir / settings.post_dir / f"{slug}.md"
    text = post_text(title, slug, date, settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError as error:
        raise NewPostError(
            f"{settings.relative(path)} bestaat al — kies een andere titel, of open dat bestand"
        ) from error
    except OSError as error:
        raise NewPostError(
            f"{settings.relative(path)} kan niet worden aangemaakt ({error.strerror}) — "
            "controleer of de map docs/ bestaat en schrijfbaar is"
        ) from error
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coachsite.newpost", description="Maak een nieuwe blogpost aan."
    )
    parser.add_argument(
        "title",
        nargs="?",
        help=f'de titel, bijvoorbeeld "Mijn nieuwe blog" (zonder: uit ${TITLE_VARIABLE})',
    )
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--date", type=dt.date.fromisoformat, help="datum (standaard: vandaag)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config_file)
        title = os.environ.get(TITLE_VARIABLE, "") if args.title is None else args.title
        path = create_post(title, settings, date=args.date)
    except (SettingsError, NewPostError) as error:
        print(error, file=sys.stderr)
        return 1
    print(settings.relative(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
