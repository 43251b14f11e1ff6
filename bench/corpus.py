"""Generate a blog of N valid posts, written the way the coach writes hers.

Benchmarks and tests need many posts that look like real ones: the title as a `#` heading (no
`title:` in the frontmatter), a frontmatter our checks accept (date, description of 50–160
characters, categories from mkdocs.yml's `categories_allowed`, tags, `authors: [coach]`), an
excerpt marker after the opening paragraph, a few paragraphs under `##` headings, and now and
then a link to an earlier post, inside the excerpt too, so that excerpts rendered on index,
archive and category pages have relative links to resolve.

The output is deterministic for a given N and seed, so two builds of the same corpus can be
compared file by file.

    python -m bench.corpus 100 /tmp/project/docs      # adds docs/blog/posts/bench-*.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]

# The posts are dated backwards from this day, a few days apart: fixed, so the corpus never
# changes, and in the past, so `draft_if_future_date` never hides a post.
NEWEST = dt.date(2025, 10, 1)

AUTHOR_ID = "coach"

SUBJECTS = (
    "Feedback geven",
    "Vertrouwen in je team",
    "Grenzen stellen",
    "Kwetsbaarheid op het werk",
    "Coachend leidinggeven",
    "Ruimte maken voor rust",
    "Het lastige gesprek",
    "Eigenaarschap",
    "Luisteren zonder oordeel",
    "Prioriteiten stellen",
    "Je eigen energie bewaken",
    "Verantwoordelijkheid delen",
)

ANGLES = (
    "als je net begint",
    "wanneer het schuurt",
    "in een druk seizoen",
    "met een nieuw team",
    "zonder jezelf te verliezen",
    "als de druk toeneemt",
    "in kleine stappen",
    "op afstand",
)

SECTIONS = (
    "Wat er gebeurde",
    "Wat ik zag",
    "Wat het je oplevert",
    "Een vraag voor jou",
    "Zo begin je",
    "Wat helpt",
    "Waar het misgaat",
    "De volgende stap",
)

SENTENCES = (
    "Laatst sprak ik een teamleider die vastliep in haar eigen agenda.",
    "Ze wilde er voor iedereen zijn en vergat daarbij zichzelf.",
    "Dat herken ik bij veel leidinggevenden die ik begeleid.",
    "Leiderschap begint bij hoe je met jezelf omgaat.",
    "Een goed gesprek vraagt meer luisteren dan praten.",
    "Wie feedback vraagt, laat zien dat hij wil groeien.",
    "Het is niet erg om het even niet te weten.",
    "Stilte in een gesprek is vaak het begin van iets nieuws.",
    "Je team kijkt naar wat je doet, niet naar wat je zegt.",
    "Rust nemen is geen luxe maar een voorwaarde.",
    "Vraag eens wat je medewerker zelf al heeft geprobeerd.",
    "Vertrouwen groeit in kleine momenten, niet in grote woorden.",
    "Een grens stellen is ook zorgen voor de ander.",
    "Soms is de beste interventie een goede vraag.",
    "Kwetsbaarheid is geen zwakte maar moed.",
    "Wat zou er gebeuren als je het loslaat?",
    "Veel leiders denken dat ze alles moeten oplossen.",
    "Coachend leidinggeven betekent dat je de ander laat nadenken.",
    "Het helpt om vooraf te bedenken wat je wilt bereiken.",
    "Na afloop voelde ze zich lichter dan in weken.",
)

TAGS = (
    "feedback",
    "kwetsbaarheid",
    "zelfleiderschap",
    "vertrouwen",
    "grenzen",
    "energie",
    "teamontwikkeling",
    "gesprekstechniek",
    "rust",
    "eigenaarschap",
)


@dataclass(frozen=True)
class Post:
    """One generated post: its file name (without `.md`) and its full Markdown source."""

    name: str
    source: str


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as `!ENV` become plain values."""


# Any tag (`!ENV [URL, ...]`, `!!python/name:...`) reads as None: none of them is needed here.
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def allowed_categories(mkdocs_yml: Path = REPO / "mkdocs.yml") -> tuple[str, ...]:
    """The categories a post may use, from the one place they are set: the blog plugin."""
    config: dict[str, Any] = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), _TolerantLoader)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "blog" in plugin:
            allowed = (plugin["blog"] or {}).get("categories_allowed") or []
            if allowed:
                return tuple(allowed)
    raise ValueError(f"{mkdocs_yml}: the blog plugin lists no categories_allowed")


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, sentences))


def _description(rng: random.Random, subject: str) -> str:
    """A meta description within the 50–160 characters our frontmatter rules demand."""
    text = f"{subject}: {rng.choice(SENTENCES)} {rng.choice(SENTENCES)}"
    while len(text) > 160:
        text = text.rsplit(" ", 1)[0]
    assert 50 <= len(text) <= 160, text
    return text


def make_posts(count: int, categories: Sequence[str] | None = None, *, seed: int = 2) -> list[Post]:
    """`count` posts, newest first; post i may link to post i+1..i+5 (older ones)."""
    categories = tuple(categories or allowed_categories())
    rng = random.Random(seed)
    names = [f"bench-{index:05d}" for index in range(count)]
    posts = []
    for index, name in enumerate(names):
        subject = SUBJECTS[index % len(SUBJECTS)]
        title = f"{subject} {rng.choice(ANGLES)} ({index + 1})"
        date = NEWEST - dt.timedelta(days=3 * index)
        chosen = rng.sample(categories, rng.randint(1, min(2, len(categories))))
        tags = rng.sample(TAGS, rng.randint(1, 3))
        older = names[index + 1 : index + 6]
        intro = _paragraph(rng, 3)
        if older and rng.random() < 0.4:
            # A link inside the excerpt: rendered into index, archive and category pages at
            # different depths, so its relative URL differs per page.
            intro += f" Lees ook [wat ik eerder schreef]({rng.choice(older)}.md)."
        lines = [
            "---",
            f"date: {date.isoformat()}",
            f"description: {yaml.safe_dump(_description(rng, subject), width=1000).strip()}",
            "categories:",
            *(f"  - {category}" for category in chosen),
            "tags:",
            *(f"  - {tag}" for tag in tags),
            "authors:",
            f"  - {AUTHOR_ID}",
            "---",
            "",
            f"# {title}",
            "",
            intro,
            "",
            "<!-- more -->",
            "",
        ]
        for heading in rng.sample(SECTIONS, rng.randint(2, 3)):
            lines += [f"## {heading}", ""]
            for _ in range(rng.randint(1, 3)):
                lines += [_paragraph(rng, rng.randint(3, 6)), ""]
        if older and rng.random() < 0.3:
            lines += [f"Hierover schreef ik ook in [een eerdere post]({older[0]}.md).", ""]
        posts.append(Post(name, "\n".join(lines)))
    return posts


def write_posts(
    docs_dir: Path, count: int, categories: Sequence[str] | None = None, *, seed: int = 2
) -> list[Path]:
    """Write `count` posts into `docs_dir`/blog/posts; return their paths."""
    posts_dir = docs_dir / "blog" / "posts"
    posts_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for post in make_posts(count, categories, seed=seed):
        path = posts_dir / f"{post.name}.md"
        path.write_text(post.source, encoding="utf-8")
        paths.append(path)
    return paths


def write_authors(docs_dir: Path) -> Path:
    """The `.authors.yml` a bare blog needs for `authors: [coach]` (the real site has its own)."""
    path = docs_dir / "blog" / ".authors.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'authors:\n  {AUTHOR_ID}:\n    name: "Coach"\n    description: "Coach"\n'
        "    avatar: https://example.invalid/avatar.png\n",
        encoding="utf-8",
    )
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, help="how many posts")
    parser.add_argument("docs_dir", type=Path, help="the docs folder to add blog/posts to")
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args(argv)
    paths = write_posts(args.docs_dir, args.count, seed=args.seed)
    print(f"{len(paths)} posts in {args.docs_dir / 'blog' / 'posts'}")


if __name__ == "__main__":
    main()
