"""`make serve` as the coach uses it: she saves a post, the open browser shows it by itself.

The preview server runs as the Makefile runs it (`python -m coachsite.serve`), on a copy of the
site with a dozen more posts; Debian's Chromium keeps a post open while the test edits the file.
Nothing here is timed (the benchmark measures that): each wait ends as soon as the page shows
what it should, or fails after a generous limit.
"""

from __future__ import annotations

import html
import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.conftest import build_env, free_port
from tests.contact.conftest import form, post_to_dev_server
from tests.contact.test_hooks import Output
from tests.e2e.conftest import open_visit
from tests.serve.conftest import replace_in

WAIT = 60  # seconds; far above what any step takes, so that a slow CI machine never fails


@dataclass
class Preview:
    project: Path
    base: str
    port: int
    output: Output

    def get(self, path: str) -> str:
        with urlopen(self.base + path, timeout=10) as response:
            return response.read().decode()

    def until(self, path: str, text: str, *, present: bool = True) -> str:
        """The page at `path`, once it does (or no longer does) hold `text`."""
        deadline = time.monotonic() + WAIT
        while True:
            html = self.get(path)
            if (text in html) == present or time.monotonic() > deadline:
                return html
            time.sleep(0.05)


def serving(project: Path, port: int, env: dict[str, str]) -> Output:
    """The preview server as the Makefile starts it, its output read as it comes."""
    command = [sys.executable, "-m", "coachsite.serve", "--dev-addr", f"127.0.0.1:{port}"]
    return Output.of(command, project, env)


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    port = free_port()
    env = build_env(CONTACT_TO="coach@voorbeeld.nl", CONTACT_FROM="website@voorbeeld.nl")
    # COLUMNS would make MkDocs wrap the log lines at that width.
    for name in ("MAILER_DSN", "URL", "CONTACT_RATE_LIMIT", "COLUMNS", "LINES"):
        env.pop(name, None)
    output = serving(project, port, env)
    process = output.process
    try:
        output.wait_for("Serving on http://127.0.0.1:")
        yield Preview(project, f"http://127.0.0.1:{port}/", port, output)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_saved_post_shows_in_the_open_browser_then_in_the_lists(preview: Preview, browser):
    post = preview.project / "docs" / "blog" / "posts" / "bench-00002.md"
    url = "blog/grenzen-stellen-wanneer-het-schuurt-3/"
    visit = open_visit(browser)
    try:
        visit.page.goto(preview.base + url)
        replace_in(post, "\n<!-- more -->", "\nDit schreef ik net.\n\n<!-- more -->")
        # Nobody reloads: the page does so by itself.
        visit.page.get_by_text("Dit schreef ik net.").wait_for(timeout=WAIT * 1000)
    finally:
        visit.page.context.close()
    # The blog's index shows the post's new introduction.
    assert "Dit schreef ik net." in preview.until("blog/", "Dit schreef ik net.")
    preview.output.wait_for("Pagina bijgewerkt in")


def test_an_editor_that_saves_by_renaming_a_new_file_is_followed_too(preview: Preview) -> None:
    # What "safe write" editors do: write the text beside the post, then rename it over it.
    post = preview.project / "docs" / "blog" / "posts" / "bench-00004.md"
    beside = post.with_name(".bench-00004.md.nieuw")
    text = post.read_text(encoding="utf-8")
    beside.write_text(text.replace("\n<!-- more -->", "\nVeilig opgeslagen.\n\n<!-- more -->"))
    os.replace(beside, post)
    assert "Veilig opgeslagen." in preview.until("blog/", "Veilig opgeslagen.")


def test_a_new_tag_reaches_the_topics_page_and_the_full_build_follows(preview: Preview) -> None:
    post = preview.project / "docs" / "blog" / "posts" / "bench-00002.md"
    assert "zomerrust" not in preview.get("blog/tags/")
    replace_in(post, "tags:\n", "tags:\n  - zomerrust\n")
    assert "zomerrust" in preview.until("blog/tags/", "zomerrust")
    preview.output.wait_for("Volledige build klaar in")


def test_a_broken_edit_keeps_the_last_good_page_and_says_what_to_fix(
    preview: Preview, browser
) -> None:
    post = preview.project / "docs" / "blog" / "posts" / "bench-00002.md"
    url = "blog/grenzen-stellen-wanneer-het-schuurt-3/"
    line = (
        "docs/blog/posts/bench-00002.md:2: date: '25-09-2025' is geen datum die de site "
        "begrijpt — schrijf eerst het jaar, dan maand en dag: date: 2025-09-25"
    )
    visit = open_visit(browser)
    try:
        visit.page.goto(preview.base + url)
        good = post.read_text(encoding="utf-8")
        broken = good.replace("date: 2025-09-25", "date: 25-09-2025").replace(
            "\n<!-- more -->", "\nNog niet te zien.\n\n<!-- more -->"
        )
        post.write_text(broken, encoding="utf-8")
        box = visit.page.locator("#preview-fouten")
        box.wait_for(timeout=WAIT * 1000)
        assert line in box.inner_text()
        preview.output.wait_for(line)  # and in the terminal
        # The last good page is still the one shown.
        assert "Nog niet te zien." not in visit.page.content()

        post.write_text(good.replace("\n<!-- more -->", "\nWeer goed.\n\n<!-- more -->"), "utf-8")
        visit.page.get_by_text("Weer goed.").wait_for(timeout=WAIT * 1000)
        assert box.count() == 0
    finally:
        visit.page.context.close()


def test_a_new_post_is_built_and_the_form_still_delivers(preview: Preview) -> None:
    new = preview.project / "docs" / "blog" / "posts" / "nieuw.md"
    source = preview.project / "docs" / "blog" / "posts" / "bench-00001.md"
    text = source.read_text(encoding="utf-8").replace("date: 2025-09-28", "date: 2025-10-02")
    new.write_text(re.sub(r"^# .*$", "# Een gloednieuwe post", text, count=1, flags=re.M), "utf-8")
    assert "Een gloednieuwe post" in preview.until("blog/", "Een gloednieuwe post")

    status, location = post_to_dev_server(preview.port, form())
    assert (status, location) == (303, "/gesprek/bedankt/")
    [file] = list((preview.project / ".mail" / "new").iterdir())
    mail = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert mail["To"] == "coach@voorbeeld.nl"


def test_a_broken_new_post_is_reported_in_the_pages_and_fixed_when_saved_again(
    preview: Preview,
) -> None:
    new = preview.project / "docs" / "blog" / "posts" / "nog-een.md"
    source = preview.project / "docs" / "blog" / "posts" / "bench-00001.md"
    good = re.sub(r"^# .*$", "# Nog een post", source.read_text(encoding="utf-8"), flags=re.M)
    new.write_text(good.replace("date: 2025-09-28", "date: 28-09-2025"), encoding="utf-8")
    line = (
        "docs/blog/posts/nog-een.md:2: date: '28-09-2025' is geen datum die de site begrijpt "
        "— schrijf eerst het jaar, dan maand en dag: date: 2025-09-28"
    )
    page = preview.until("privacy/", 'id="preview-fouten"')
    assert line in html.unescape(page)
    new.write_text(good, encoding="utf-8")
    assert "Nog een post" in preview.until("blog/", "Nog een post")
    assert 'id="preview-fouten"' not in preview.get("privacy/")


def test_stopping_the_server_removes_its_folders(project: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = build_env(TMPDIR=str(temporary))
    env.pop("COLUMNS", None)
    output = serving(project, free_port(), env)
    process = output.process
    output.wait_for("Serving on http://127.0.0.1:")
    names = [path.name for path in temporary.iterdir()]
    # The served folder, the background build's shadow, and Material's blog's own.
    assert sum(name.startswith("coachsite-serve-") for name in names) == 2, names
    process.terminate()  # as a system shutdown or a test stops it: SIGTERM
    assert process.wait(timeout=30) == 0
    assert list(temporary.iterdir()) == []
