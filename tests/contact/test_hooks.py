"""The two MkDocs hooks of the endpoint, in real builds and a real `mkdocs serve` of tiny sites."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
from email import message_from_bytes, policy
from http.client import HTTPConnection
from pathlib import Path

import pytest

from tests.conftest import REPO, build_env, mkdocs_build
from tests.contact.conftest import VALID, free_port


def tiny_site(root: Path, hook: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\n"
        f"hooks:\n  - {REPO / 'hooks' / hook}\n"
        "extra:\n  contact:\n    endpoint: /api/contact\n",
        encoding="utf-8",
    )
    return root


def test_proxy_rule_is_written_from_the_variable(tmp_path: Path) -> None:
    project = tiny_site(tmp_path / "p", "api_proxy.py")
    url = "https://abcdefghij.lambda-url.eu-west-1.on.aws/"
    result = mkdocs_build(project, tmp_path / "site", CONTACT_FUNCTION_URL=url)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "_redirects").read_text() == f"/api/contact  {url}  200!\n"


def test_unset_variable_writes_nothing_and_does_not_fail(tmp_path: Path) -> None:
    project = tiny_site(tmp_path / "p", "api_proxy.py")
    result = mkdocs_build(project, tmp_path / "site", CONTACT_FUNCTION_URL="")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "_redirects").exists()


def test_malformed_url_fails_the_build_with_a_clear_message(tmp_path: Path) -> None:
    project = tiny_site(tmp_path / "p", "api_proxy.py")
    result = mkdocs_build(
        project, tmp_path / "site", CONTACT_FUNCTION_URL="http://x.example/ 301 /evil"
    )
    assert result.returncode != 0
    # A space would let the value add words to the `_redirects` line.
    assert (
        "CONTACT_FUNCTION_URL bevat een spatie, aanhalingsteken of onzichtbaar teken: zet het "
        "juiste https-adres van de contactfunctie in Netlify onder Site configuration → "
        "Environment variables, anders werkt het contactformulier niet." in result.stderr
    )


def _wait_for(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read() if process.stderr else "exited")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("mkdocs serve did not come up")


@pytest.fixture
def served(tmp_path: Path):
    project = tiny_site(tmp_path / "p", "dev_server.py")
    (project / ".env").write_text(
        "# local settings\nCONTACT_TO='coach@voorbeeld.nl'\nexport CONTACT_RATE_LIMIT=0\n"
    )
    port = free_port()
    env = build_env(CONTACT_FROM="website@voorbeeld.nl")
    for name in ("MAILER_DSN", "CONTACT_TO", "CONTACT_ALLOWED_ORIGINS", "CONTACT_RATE_LIMIT"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(port, process)
        yield project, port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_dev_server_serves_the_form_endpoint_on_the_same_origin(served) -> None:
    project, port, process = served
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        "/api/contact",
        body=urllib.parse.urlencode(VALID),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
        },
    )
    response = conn.getresponse()
    assert response.status == 303
    assert response.getheader("Location") == "/gesprek/bedankt/"
    conn.close()

    [file] = list((project / ".mail" / "new").iterdir())
    mail = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert mail["To"] == "coach@voorbeeld.nl"  # from .env
    assert mail["From"] == "Contactformulier website <website@voorbeeld.nl>"  # from the shell

    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().status == 200  # the site is still there
    conn.close()

    process.terminate()
    out, _ = process.communicate(timeout=10)
    assert "contact: form endpoint at http://127.0.0.1:" in out
    assert "contact: 303 delivered via maildir in " in out
    assert "Anna" not in out and "voorbeeld.nl" not in out
