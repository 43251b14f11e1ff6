"""The proxy rule in real builds: the real site as Netlify builds it, and a tiny site per case.

Every build names all three variables, so a value in the shell that runs the tests cannot leak
in; an empty value is what Netlify's "not set" looks like to the build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coachsite.netlify_proxy import MISSING_SECRET, MISSING_URL, SHORT_SECRET, unusable_url
from tests.conftest import REPO, mkdocs_build

URL = "https://127.0.0.1:8443/"
SECRET = "een-geheim-van-minstens-16-tekens"
RULE = f"/api/contact  {URL}  200!  Sign=CONTACT_PROXY_SECRET\n"
PARSER = REPO / "node_modules" / "@netlify" / "redirect-parser" / "lib" / "index.js"


def netlify_env(context: str, url: str = "", secret: str = "") -> dict[str, str]:
    return {"CONTEXT": context, "CONTACT_FUNCTION_URL": url, "CONTACT_PROXY_SECRET": secret}


def tiny_site(root: Path, redirects: str | None = None) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    if redirects is not None:
        (root / "docs" / "_redirects").write_text(redirects, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\n"
        f"hooks:\n  - {REPO / 'hooks' / 'api_proxy.py'}\n"
        "extra:\n  contact:\n    endpoint: /api/contact\n",
        encoding="utf-8",
    )
    return root


def last_good_site(site: Path) -> Path:
    """A file from the previous deploy, which a failed build must leave where it is."""
    site.mkdir(parents=True)
    marker = site / "index.html"
    marker.write_text("de vorige, goede site\n", encoding="utf-8")
    return marker


@pytest.fixture(scope="module")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("production") / "site"
    result = mkdocs_build(REPO, site, **netlify_env("production", f"  {URL}\n", SECRET))
    assert result.returncode == 0, result.stderr
    assert "let op:" not in result.stderr
    return site


def test_production_build_of_the_real_site_writes_the_signed_rule_first(
    production_site: Path,
) -> None:
    redirects = (production_site / "_redirects").read_text(encoding="utf-8")
    assert redirects.splitlines(keepends=True)[0] == RULE
    assert SECRET not in redirects


def test_netlifys_own_parser_reads_the_rule_as_a_signed_forced_proxy(
    production_site: Path,
) -> None:
    node = shutil.which("node")
    if node is None or not PARSER.exists():
        pytest.skip("node and node_modules/@netlify/redirect-parser are needed: run `make`")
    script = (
        f"import {{ parseAllRedirects }} from {json.dumps(PARSER.as_uri())};\n"
        "const result = await parseAllRedirects({ redirectsFiles: [process.argv[1]] });\n"
        "console.log(JSON.stringify({ redirects: result.redirects, "
        "errors: result.errors.map(String) }));\n"
    )
    output = subprocess.run(
        [node, "--input-type=module", "-e", script, str(production_site / "_redirects")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    parsed = json.loads(output)
    assert parsed["errors"] == []
    first = parsed["redirects"][0]
    assert {key: first[key] for key in ("from", "to", "status", "force", "signed")} == {
        "from": "/api/contact",
        "to": URL,
        "status": 200,
        "force": True,
        "signed": "CONTACT_PROXY_SECRET",
    }


def test_production_without_url_and_with_a_short_secret_fails_before_site_is_emptied(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    marker = last_good_site(site)
    result = mkdocs_build(REPO, site, **netlify_env("production", "", "te-kort"))
    assert result.returncode == 1
    # The build's last words: one line per problem, nothing after them.
    assert result.stderr.endswith(f"ERROR   -  {MISSING_URL}\n{SHORT_SECRET}\n")
    assert "Traceback" not in result.stderr
    assert "Cleaning site directory" not in result.stderr
    assert marker.read_text(encoding="utf-8") == "de vorige, goede site\n"
    assert not (site / "_redirects").exists()


def test_a_preview_mentions_what_is_missing_and_still_builds_under_strict(
    tmp_path: Path,
) -> None:
    project = tiny_site(tmp_path / "p", redirects="/oud  /nieuw  301\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, **netlify_env("branch-deploy", URL, ""))
    assert result.returncode == 0, result.stderr
    assert f"INFO    -  let op: {MISSING_SECRET}\n" in result.stderr
    assert result.stderr.count("let op:") == 1
    assert (site / "_redirects").read_text(encoding="utf-8") == (
        f"/api/contact  {URL}  200!\n/oud  /nieuw  301\n"
    )


def test_a_local_build_with_a_mistyped_url_fails_with_the_reason(tmp_path: Path) -> None:
    project = tiny_site(tmp_path / "p")
    site = tmp_path / "site"
    marker = last_good_site(site)
    result = mkdocs_build(project, site, **netlify_env("", "http://127.0.0.1:8443/", SECRET))
    assert result.returncode == 1
    http = unusable_url(
        "begint met http:// en niet met https:// (tussen Netlify en de functie gaan naam, "
        "e-mailadres en bericht van de bezoeker over het internet, en alleen https houdt die "
        "versleuteld)"
    )
    assert result.stderr.endswith(f"ERROR   -  {http}\n")
    assert "Traceback" not in result.stderr
    assert marker.exists()
