"""`python -m coachsite.frontmatter [paths…]`: the frontmatter check without a build.

Used by `make check` and the pre-commit hook; without paths it also reads the redirect map
(`redirects.yml`, see coachsite/redirects.py), which the build refuses when broken. Exit status
0 when nothing blocks the build (warnings allowed), 1 when there are errors, 2 when the check
itself cannot run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from coachsite.redirects import BROKEN_MAP, MAP_NAME, load_map

from .check import MARKDOWN_EXTENSIONS, check_site, markdown_files
from .settings import SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m coachsite.frontmatter",
        description="Controleer de frontmatter van blogposts en pagina's.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="bestanden of mappen (standaard: alles in docs/)",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="het mkdocs.yml van de site (standaard: ./mkdocs.yml)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config_file)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    paths: list[Path] | None = None
    if args.paths:
        paths = []
        for path in args.paths:
            if path.is_dir():
                paths += markdown_files(path)
            elif path.is_file():
                if path.name.lower().endswith(MARKDOWN_EXTENSIONS):
                    paths.append(path)
            else:
                print(f"{path} bestaat niet — controleer het pad", file=sys.stderr)
                return 2
    report = check_site(settings, paths)
    print(report.format())
    # The whole site's check also reads the redirect map (`make import`), as the build does.
    map_errors = load_map(settings.root / MAP_NAME).errors if paths is None else ()
    if map_errors:
        print("\n".join(("", BROKEN_MAP, *map_errors)))
    return 0 if report.ok and not map_errors else 1


if __name__ == "__main__":
    sys.exit(main())
