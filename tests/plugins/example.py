"""A small example blog for the plugin tests: known tags, categories, dates, a series, drafts.

Published posts, oldest first (the draft and the post dated 2099 never count):

    feedback-1      2025-01-10  Feedback en communicatie  feedback, luisteren            series
    feedback-2      2025-02-14  Feedback en communicatie  feedback, kwetsbaarheid        series
    feedback-3      2025-03-20  Coachend leiderschap      feedback, team                 series
    grenzen         2025-05-05  Vitaal leiderschap        grenzen, zelfleiderschap
    kwetsbaar-zijn  2025-06-06  Zelfleiderschap           Kwetsbaarheid, zelfleiderschap
    accolades       2025-07-07  Coachend leiderschap      luisteren
"""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

from tests.conftest import copy_project

SERIES = "Feedback geven"


def description(title: str) -> str:
    """Long enough for the frontmatter check (50 to 160 characters)."""
    return f"Een voorbeeldbericht over {title.lower()}, voor de tests van de blogplugins."


def post(
    title: str,
    day: str,
    categories: list[str],
    tags: list[str],
    body: str = "",
    *,
    extra: str = "",
) -> str:
    """A post that passes the frontmatter check, with an excerpt and the given body."""
    lines = [
        "---",
        f"title: {title}",
        f"date: {day}",
        f"description: {description(title)}",
        "categories:",
        *[f"  - {name}" for name in categories],
        "tags:",
        *[f"  - {tag}" for tag in tags],
        "authors:",
        "  - coach",
        *([extra.strip()] if extra.strip() else []),
        "---",
        "",
        f"# {title}",
        "",
        f"Het begin van {title.lower()}.",
        "",
        body.strip(),
        "",
        "<!-- more -->",
        "",
        "De rest van het bericht.",
        "",
    ]
    return "\n".join(lines)


POSTS = {
    "feedback-1.md": post(
        "Feedback geven",
        "2025-01-10",
        ["Feedback en communicatie"],
        ["feedback", "luisteren"],
        extra=f"series: {SERIES}",
    ),
    "feedback-2.md": post(
        "Feedback ontvangen",
        "2025-02-14",
        ["Feedback en communicatie"],
        ["feedback", "kwetsbaarheid"],
        dedent(
            """
            {{ youtube("dQw4w9WgXcQ", "Over feedback & moed") }}

            {{ related_posts(2) }}
            """
        ),
        extra=f"series: {SERIES}\nrender_macros: true",
    ),
    "feedback-3.md": post(
        "Feedback in het team",
        "2025-03-20",
        ["Coachend leiderschap"],
        ["feedback", "team"],
        extra=f"series: {SERIES}",
    ),
    "feedback-4.md": post(
        "Feedback als concept",
        "2025-04-01",
        ["Feedback en communicatie"],
        ["feedback", "luisteren"],
        extra=f"series: {SERIES}\ndraft: true",
    ),
    "toekomst.md": post(
        "Feedback in de toekomst",
        "2099-01-01",
        ["Feedback en communicatie"],
        ["feedback", "luisteren", "toekomst"],
        extra=f"series: {SERIES}",
    ),
    "grenzen.md": post(
        "Grenzen stellen",
        "2025-05-05",
        ["Vitaal leiderschap"],
        ["grenzen", "zelfleiderschap"],
    ),
    "kwetsbaar-zijn.md": post(
        "Kwetsbaar zijn",
        "2025-06-06",
        ["Zelfleiderschap"],
        ["Kwetsbaarheid", "zelfleiderschap"],
    ),
    # Not opted in to macros: the braces are text and code, shown as written.
    "accolades.md": post(
        "Accolades in tekst",
        "2025-07-07",
        ["Coachend leiderschap"],
        ["luisteren"],
        dedent(
            """
            In een sjabloon schrijf je {{ naam }} en {% if klaar %}.

            ```jinja
            {{ recent_posts(3) }}
            ```
            """
        ),
    ),
}

# A page (not a post) that places the embeds; two videos share one script element.
SHOWCASE = dedent(
    """\
    ---
    title: Voorbeeld
    description: Een voorbeeldpagina met de blokken van de plugins, voor de tests van de site.
    render_macros: true
    ---

    # Voorbeeld

    {{ cta() }}

    {{ share_links() }}

    {{ youtube("aaaaaaaaaaa", "Eerste video") }}

    {{ youtube("bbbbbbbbbbb", "Tweede video") }}

    Gewone {{ "{{" }} accolades {{ "}}" }} blijven tekst.
    """
)


# The tag index page, as the lead adds it to docs/blog/tags.md with the plugins' config.
TAG_PAGE = dedent(
    """\
    ---
    title: Onderwerpen
    description: >-
      Alle onderwerpen van het blog over coachend en vitaal leiderschap, met de
      berichten per onderwerp.
    render_macros: true
    ---

    # Onderwerpen

    {{ tag_cloud() }}

    {{ tag_index() }}
    """
)


def integrate(project: Path) -> None:
    """Add the plugins to the copied site's mkdocs.yml, home page and tag page, unless there.

    The lead adds these lines to the real files; doing it here only when they are missing keeps
    the tests valid before and after that.
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "coachsite.plugins" not in text:
        text = text.replace(
            "      render_by_default: false\n",
            "      render_by_default: false\n      modules:\n        - coachsite.plugins\n",
        )
    if "hooks/post_footer.py" not in text:
        text = text.replace("hooks:\n", "hooks:\n  - hooks/post_footer.py\n")
    if "assets/stylesheets/plugins.css" not in text:
        text = text.replace(
            "  - assets/stylesheets/site.css\n",
            "  - assets/stylesheets/site.css\n  - assets/stylesheets/plugins.css\n",
        )
    config.write_text(text, encoding="utf-8")
    tags = project / "docs" / "blog" / "tags.md"
    if not tags.exists():
        tags.write_text(TAG_PAGE, encoding="utf-8")
    home = project / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    if "recent_posts(" not in text:
        home.write_text(text + "\n## Recent op het blog\n\n{{ recent_posts(3) }}\n", "utf-8")


def make_example(target: Path, *, drafts_shown: bool = False) -> Path:
    """The real site's sources with the example posts in place of the real ones."""
    project = copy_project(target)
    integrate(project)
    posts = project / "docs" / "blog" / "posts"
    shutil.rmtree(posts)
    posts.mkdir()
    for name, text in POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    (project / "docs" / "voorbeeld.md").write_text(SHOWCASE, encoding="utf-8")
    if drafts_shown:
        # What `mkdocs serve` does (draft_on_serve): Material keeps drafts and future posts.
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "      draft: false\n" in text
        config.write_text(text.replace("      draft: false\n", "      draft: true\n"), "utf-8")
    return project
