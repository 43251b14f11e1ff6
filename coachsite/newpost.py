"""`python -m coachsite.newpost "Mijn nieuwe blog"`: start a post that already passes the check.

The coach gets a file with today's date, an ASCII slug from the title (so the URL never holds
accents), `draft: true` (visible in `mkdocs serve` only), the first allowed category and the
first author from the site's own settings, and a placeholder summary of valid length that the
check keeps reminding her of. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from coachsite.frontmatter.fields import PLACEHOLDER_DESCRIPTION, ascii_slug
from coachsite.frontmatter.settings import SettingsError, SiteSettings, load_settings

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
    block = yaml.dump(
        frontmatter, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{block}---\n\n" + BODY.format(separator=settings.excerpt_separator)


def create_post(title: str, settings: SiteSettings, *, date: dt.date | None = None) -> Path:
    """Write the new post and return its path; refuses to overwrite an existing file."""
    title = " ".join(title.split())
    slug = ascii_slug(title)
    if not slug:
        raise NewPostError("de titel bevat geen letters of cijfers — kies een titel met woorden")
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
    path = settings.docs_dir / settings.post_dir / f"{slug}.md"
    text = post_text(title, slug, date or today(), settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError as error:
        raise NewPostError(
            f"{settings.relative(path)} bestaat al — kies een andere titel, of open dat bestand"
        ) from error
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coachsite.newpost", description="Maak een nieuwe blogpost aan."
    )
    parser.add_argument("title", help='de titel, bijvoorbeeld "Mijn nieuwe blog"')
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--date", type=dt.date.fromisoformat, help="datum (standaard: vandaag)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config_file)
        path = create_post(args.title, settings, date=args.date)
    except (SettingsError, NewPostError) as error:
        print(error, file=sys.stderr)
        return 1
    print(settings.relative(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
