"""An imported blog's old addresses, as Netlify's own redirect engine answers them.

`make import` of the test WordPress export writes `redirects.yml`; the production build turns
it into 301 rules in `site/_redirects` after the contact proxy rule; the real Netlify CLI
(`netlify dev --offline`) serves that build. A link from LinkedIn or a newsletter to the old
blog, with or without its trailing slash, lands on the new post, and the form's proxy rule
still comes first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from coachsite.importer.__main__ import main as import_main
from tests.conftest import REPO, copy_project, mkdocs_build
from tests.importer.conftest import DATA
from tests.netlify.conftest import NetlifyDev, _stop, start_netlify_dev

SECRET = "s" * 24


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetlifyDev]:
    root = tmp_path_factory.mktemp("imported")
    project = copy_project(root / "project")
    status = import_main(
        [str(DATA / "wordpress" / "export.xml"), "-f", str(project / "mkdocs.yml")]
    )
    assert status == 0
    result = mkdocs_build(
        project,
        project / "site",
        CONTEXT="production",
        CONTACT_FUNCTION_URL="https://functie.example/contact",
        CONTACT_PROXY_SECRET=SECRET,
    )
    assert result.returncode == 0, result.stderr
    shutil.copy(REPO / "netlify.toml", project / "netlify.toml")
    shutil.copytree(REPO / "netlify", project / "netlify")  # its local build plugin
    (project / ".env").write_text(f"CONTACT_PROXY_SECRET={SECRET}\n", encoding="utf-8")
    home = root / "home"
    home.mkdir()
    dev = start_netlify_dev(project, home)
    yield dev
    _stop(dev.process)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/2023/03/14/feedback-geven-zonder-te-kwetsen/",
            "/blog/feedback-geven-zonder-te-kwetsen/",
        ),
        ("/2023/04/02/een-stap-terug", "/blog/een-stap-terug/"),
        (
            "/2023/12/01/cafe-gesprekken-waarom-informele-momenten-in-een-team-zo-veel-meer-"
            "zeggen-dan-de-agenda/",
            "/blog/cafe-gesprekken-waarom-informele-momenten-in-een-team-zo/",
        ),
    ],
)
def test_an_old_address_is_moved_permanently_to_the_new_post(
    imported: NetlifyDev, old: str, new: str
) -> None:
    status, headers, _ = imported.request("GET", old)
    assert status == 301
    assert headers["location"].endswith(new)
    status, _, page = imported.request("GET", new)
    assert status == 200
    assert "<article" in page or "md-content" in page


def test_the_form_is_still_proxied_first(imported: NetlifyDev) -> None:
    rules = (imported.log.parent.parent / "project" / "site" / "_redirects").read_text()
    assert rules.splitlines()[0].startswith("/api/contact  https://functie.example/contact  200!")
    # An address the old blog never had is still the site's own 404.
    status, _, _ = imported.request("GET", "/2023/03/14/bestaat-niet/")
    assert status == 404
