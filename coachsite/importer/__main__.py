"""`python -m coachsite.importer SOURCE [--force] [--dry-run] [-f mkdocs.yml]` (`make import`).

Prints one Dutch line per post (new, overwritten, unchanged, skipped) with what could not be
brought over under it, then a summary, then the content check of the imported posts. Exit
status 0 when every post is in place and passes the check, 1 when the source, the mapping
or the redirect map cannot be used or the check finds errors, 2 when the site's settings
cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from coachsite.frontmatter import SettingsError, check_site, load_settings

from .run import ImportFailed, run_import

# The Makefile's `import` target passes the path in the environment, never on a shell command
# line, so a path with quotes or `$(...)` in it is data, as `make post` does with the title.
SOURCE_VARIABLE = "IMPORT_SOURCE"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m coachsite.importer",
        description="Neem de posts van een oud blog over: een WordPress-export (XML), "
        "een RSS- of Atom-feed, of een map met Jekyll- of Hugo-posts.",
    )
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        help=f"het exportbestand of de map met posts (zonder: uit ${SOURCE_VARIABLE})",
    )
    parser.add_argument(
        "--force", action="store_true", help="overschrijf posts die al bestaan en anders zijn"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="laat zien wat er zou gebeuren, schrijf niets"
    )
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    source = args.source or Path(os.environ.get(SOURCE_VARIABLE, ""))
    if not str(args.source or os.environ.get(SOURCE_VARIABLE, "")):
        print(
            "geef de export mee: make import SOURCE=pad/naar/export.xml (of een feed, of de "
            "map met Jekyll- of Hugo-posts)",
            file=sys.stderr,
        )
        return 2
    try:
        settings = load_settings(args.config_file)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        result = run_import(source, settings, force=args.force, dry_run=args.dry_run)
    except ImportFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(result.format())
    if args.dry_run or not result.posts_in_place:
        return 0
    report = check_site(settings, result.posts_in_place)
    print()
    print(report.format())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
