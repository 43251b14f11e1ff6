"""One import from start to finish: read, map, plan, write, and the report the coach reads.

Kept apart from the command line so that tests and the benchmark run the same code. The order
matters for safety: everything is read and checked (source, mapping file, redirect map) before
the first file is written, so a broken mapping or map stops the import with nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coachsite.frontmatter.settings import SiteSettings
from coachsite.redirects import MAP_NAME

from .mapping import MAPPING_NAME, MappingError, load_mapping
from .posts import Outcome, PlannedPost, plan_posts, redirect_text, write_posts
from .sources import MAX_SOURCE_BYTES, SourceError, read_source


class ImportFailed(Exception):
    """Nothing was imported; the message is Dutch, one problem per line."""


@dataclass
class ImportResult:
    """What one import did, for the report and for the tests."""

    kind: str
    outcomes: list[Outcome]
    settings: SiteSettings
    skipped_in_source: list[str] = field(default_factory=list)
    mapping_written: bool = False
    mapping_added: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    new_redirects: int = 0
    dry_run: bool = False

    @property
    def posts_in_place(self) -> list[Path]:
        """The imported posts that are now in the posts folder (new, overwritten or unchanged)."""
        return [o.post.path for o in self.outcomes if o.status != "overgeslagen"]

    def format(self) -> str:
        lines = [f"Import van een {self.kind}-blog:"]
        for outcome in self.outcomes:
            post = outcome.post
            shown = self.settings.relative(post.path)
            line = f"{outcome.status}: {shown}"
            if outcome.status == "overgeslagen":
                line += " bestaat al en is anders — gebruik --force om te overschrijven"
            elif post.draft:
                line += " (concept)"
            lines.append(line)
            lines += [f"  - {note}" for note in post.notes]
        for skipped in self.skipped_in_source:
            lines.append(f"niet overgenomen: {skipped}")
        counts = {status: 0 for status in ("nieuw", "overschreven", "ongewijzigd", "overgeslagen")}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        drafts = sum(1 for o in self.outcomes if o.post.draft)
        notes = sum(len(o.post.notes) for o in self.outcomes)
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        lines.append("")
        lines.append(
            f"Klaar: {len(self.outcomes)} posts ({summary}; {drafts} als concept), "
            f"{notes} punten om na te lopen."
        )
        if self.new_redirects:
            lines.append(
                f"Doorverwijzingen: {self.new_redirects} oude adressen erbij in {MAP_NAME}."
            )
        if self.mapping_written:
            lines.append(
                f"Categorieën en auteurs: {len(self.mapping_added)} namen erbij in "
                f"{MAPPING_NAME} — "
                "controleer de indeling en importeer zo nodig opnieuw met --force."
            )
        for name in self.unmatched:
            first = self.settings.categories_allowed[0]
            lines.append(
                f"let op: de categorie '{name}' lijkt op geen van de categorieën van deze site "
                f"en is ingedeeld bij {first} — kies zelf in {MAPPING_NAME}"
            )
        if self.dry_run:
            lines.append("Proefdraai: er is niets geschreven.")
        return "\n".join(lines)


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def run_import(
    source_path: Path,
    settings: SiteSettings,
    *,
    force: bool = False,
    dry_run: bool = False,
    limit: int = MAX_SOURCE_BYTES,
) -> ImportResult:
    """Import every post of `source_path` into the site of `settings`."""
    if not settings.blog_enabled or not settings.categories_allowed or not settings.authors:
        raise ImportFailed(
            "de site heeft geen blog met categorieën (categories_allowed in mkdocs.yml) en "
            "auteurs (docs/blog/.authors.yml) — vul die eerst in"
        )
    try:
        source = read_source(source_path, limit=limit)
    except SourceError as error:
        raise ImportFailed(f"De import is gestopt: {error}") from error
    mapping_path = settings.root / MAPPING_NAME
    try:
        mapping = load_mapping(
            mapping_path,
            MAPPING_NAME,
            categories=_unique([c for post in source.posts for c in post.categories]),
            authors=_unique([post.author or "" for post in source.posts]),
            allowed=settings.categories_allowed,
            site_authors=settings.authors,
        )
    except MappingError as error:
        raise ImportFailed("De import is gestopt: los eerst dit op.\n" + str(error)) from error
    try:
        planned: list[PlannedPost] = plan_posts(source, settings, mapping)
    except SourceError as error:
        raise ImportFailed(f"De import is gestopt: {error}") from error
    redirects, new_redirects, problems = redirect_text(planned, settings.root)
    if problems:
        raise ImportFailed("De import is gestopt: los eerst dit op.\n" + "\n".join(problems))

    outcomes = write_posts(planned, force=force, dry_run=dry_run)
    if not dry_run:
        if mapping.changed:
            mapping_path.write_text(mapping.text, encoding="utf-8")
        if redirects is not None:
            (settings.root / MAP_NAME).write_text(redirects, encoding="utf-8")
    return ImportResult(
        kind=source.kind,
        outcomes=outcomes,
        settings=settings,
        skipped_in_source=source.skipped,
        mapping_written=mapping.changed,
        mapping_added=mapping.added,
        unmatched=mapping.unmatched,
        new_redirects=new_redirects,
        dry_run=dry_run,
    )
