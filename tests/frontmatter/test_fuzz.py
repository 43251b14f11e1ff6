"""No input crashes the check: Hypothesis writes posts (frontmatter and text) and the check
must answer every one of them with a report, one well-formed Dutch line per problem.

The posts are built from pieces that have broken the check before or come close (YAML tags,
impossible dates, NUL and other invisible characters, line breaks YAML knows and we don't, long
values, keys YAML 1.1 reads as true/false) mixed with arbitrary text, and saved under every
name MkDocs builds as a page.
"""

from __future__ import annotations

import inspect
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachsite.frontmatter import Report, SiteSettings, check_site, load_settings
from coachsite.frontmatter.document import read_text
from coachsite.frontmatter.schema import PostFrontmatter

from .conftest import CORPUS, site_config

KEYS = [
    *PostFrontmatter.fields,
    *("on", "No", "yes", "off", "true", "null", "~", "2026", "<<", "? x", "- x", '"a:b"'),
    *("excerpt", "summary", "section", "header", "link", "layout", "permalink", "updated"),
    *("lastmod", "published", "created", "exclude", "boost"),
]
VALUES = [
    *("", "2026-02-30", "2026-11-20", "2026-11-20 10:30", "2016-10-06 11:10:38 -0700"),
    *("2016-10-06T11:10:38+0200", "2026-11-20 25:00:00", "2026-11-20 10:00:00 CET", "29-11-2026"),
    *("2026-11-20 10:00:00 +99:00", "yes", "no", "~", "true", "3", "-1", ".nan", "0x_", "1e999"),
    *("[a, b]", "[]", "{}", "{created: 2026-01-01, updated: 2026-02-30}", "[[[[x]]]]"),
    *("!foo x", "!!int vijf", "!!bool misschien", "!!timestamp gisteren", "!!binary ???"),
    *("!!set {a, b}", "!!omap [a: 1]", "!!pairs [x]", "!!str 5", "!!python/name:os.system"),
    *("&a x", "*a", "*onbekend", "&b [*b]", "|", ">-", "'open", '"a\\0b"', '"\\u2028"', "@x"),
    *("`x`", "%x", "a: b", "a #b", "# c", "-", "- x", "? x", "=", "<!--more-->", "images/foto.png"),
    *("/assets/foto.png", "https://voorbeeld.nl/x.jpg", "data:image/png;base64," + "A" * 5000),
    "images/" + "x" * 300 + ".jpg",
    "1" + "0" * 5000,
    "x" * 2000,
    "Zelfleiderschap",
    "coach",
]
ODD_CHARACTERS = st.sampled_from(["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85"])
ODD_CHARACTERS |= st.sampled_from(["\u2028", "\u2029", "\ufeff", "\ufffe", "\t", "\r", "é", "😀"])
PIECE = st.text(max_size=20) | st.text(ODD_CHARACTERS, max_size=3)


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


key = st.sampled_from(KEYS) | st.text(max_size=12)
value = st.sampled_from(VALUES) | PIECE | joined(st.sampled_from(VALUES), PIECE)
yaml_line = (
    st.builds(lambda k, v: f"{k}: {v}", key, value)
    | st.builds(lambda k: f"{k}:", key)
    | st.builds(lambda n, v: f"{' ' * n}- {v}", st.integers(0, 4), value)
    | st.builds(lambda n, k, v: f"{' ' * n}{k}: {v}", st.integers(1, 4), key, value)
    | PIECE
)
frontmatter = st.lists(yaml_line, max_size=8).map("\n".join)
body_line = (
    st.sampled_from(
        [
            *("# Titel", "#Titel", "#", "Titel", "=====", "-----", "    code", "## Twee", ""),
            *("<!-- more -->", "<!--more-->", "<!--  MORE -->", "<!-- more", "---", "..."),
        ]
    )
    | PIECE
)
body = st.lists(body_line, max_size=6).map("\n".join)
document = (
    st.builds(lambda f, b: f"---\n{f}\n---\n{b}", frontmatter, body)
    | st.builds(lambda f, b: f"---\n{f}\n...\n{b}", frontmatter, body)
    | st.builds(lambda f, b: f"\n\n---\n{f}\n---\n{b}", frontmatter, body)
    | st.builds(lambda f: f"---\n{f}", frontmatter)
    | body
)
line_ending = st.sampled_from(["\n", "\r\n", "\r"])
file_name = st.sampled_from(
    ["a.md", "b.markdown", "c.mdown", "d.mkdn", "e.mkd", "F.MD", "index.md", "g_h.md"]
)
posts = st.dictionaries(
    file_name, st.tuples(document, line_ending).map(lambda d: d[0].replace("\n", d[1])), max_size=2
)
page = st.none() | document


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteSettings:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "mkdocs.yml").write_text(site_config(), encoding="utf-8")
    shutil.copytree(
        CORPUS / "valid/blog", root / "docs/blog", ignore=shutil.ignore_patterns("*.md")
    )
    shutil.copy(CORPUS / "broken/assets/foto.png", root / "docs/foto.png")
    return load_settings(root / "mkdocs.yml")


def last_line(raw: bytes) -> int:
    """The number of lines of a file as an editor numbers them."""
    try:
        text = read_text(raw)
    except Exception:  # not UTF-8: reported at line 1
        return 1
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def assert_well_formed(report: Report, written: dict[str, bytes]) -> None:
    assert isinstance(report, Report)
    for problem in report.problems:
        line = str(problem)
        assert problem.field != "controle", line  # the check itself failed: a bug
        assert problem.path in written, line
        assert 1 <= problem.line <= last_line(written[problem.path]), line
        assert line == f"{problem.path}:{problem.line}: {problem.field}: {problem.message}"
        assert problem.field.strip() and problem.message.strip(), line
        assert " — " in problem.message, line
        assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", line), line


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(posts=posts, page=page)
def test_any_post_gets_a_report_never_an_exception(
    site: SiteSettings, posts: dict[str, str], page: str | None
) -> None:
    folder = site.docs_dir / "blog/posts"
    for old in [*folder.iterdir(), site.docs_dir / "pagina.md"]:
        if old.is_file() and old.suffix != ".png":
            old.unlink()
    written: dict[str, bytes] = {}
    files = {folder / name: text for name, text in posts.items()}
    if page is not None:
        files[site.docs_dir / "pagina.md"] = page
    for path, text in files.items():
        raw = text.encode("utf-8")
        path.write_bytes(raw)
        written[site.relative(path)] = raw
    assert_well_formed(check_site(site), written)


def test_a_failure_of_the_check_itself_is_one_line_naming_the_file(
    site: SiteSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = site.docs_dir / "blog/posts"
    for old in folder.iterdir():
        if old.is_file() and old.suffix != ".png":
            old.unlink()
    valid = (CORPUS / "valid/blog/posts/concept.md").read_text(encoding="utf-8")
    (folder / "kapot.md").write_text(valid.replace("Nog een concept", "Kapot"), "utf-8")
    (folder / "heel.md").write_text(valid.replace("draft:", "imgae: x\ndraft:"), "utf-8")
    original = PostFrontmatter.validate.__func__  # type: ignore[attr-defined]

    def validate(cls: type[PostFrontmatter], data: dict[str, object], *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Kapot" in str(data.get("title")):
            raise RuntimeError("kapot")
        return original(cls, data, *args, **kwargs)

    line = inspect.getsourcelines(validate)[1] + 2
    monkeypatch.setattr(PostFrontmatter, "validate", classmethod(validate))
    report = check_site(site)
    assert [str(p) for p in report.errors if "kapot" in p.path] == [
        "docs/blog/posts/kapot.md:1: controle: de controle zelf liep vast op dit bestand "
        f"(RuntimeError: kapot, test_fuzz.py:{line}) — dat is een fout in de controle, niet per "
        "se in dit bestand; meld hem, met dit bestand erbij, aan wie de site onderhoudt"
    ]
    # The other post is still checked in full.
    assert any(p.path == "docs/blog/posts/heel.md" and p.field == "imgae" for p in report.errors)
