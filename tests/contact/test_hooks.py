"""The two MkDocs hooks of the endpoint, in real builds and a real `mkdocs serve` of tiny sites."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import urllib.parse
from email import message_from_bytes, policy
from http.client import HTTPConnection
from pathlib import Path

import pytest

from tests.conftest import REPO, build_env, mkdocs_build
from tests.contact.conftest import VALID, form, free_port, post_to_dev_server


def tiny_site(root: Path, hook: str, contact: str = "") -> Path:
    """`contact`: more lines under `extra.contact`, beside `endpoint: /api/contact`."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\n"
        f"hooks:\n  - {REPO / 'hooks' / hook}\n"
        "extra:\n  contact:\n    endpoint: /api/contact\n" + contact,
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


class Output:
    """Everything a process prints (stdout and stderr as one stream), read as it comes."""

    @classmethod
    def of(cls, args: list[str], cwd: Path, env: dict[str, str]) -> Output:
        """Start `args` with its output read by a new Output (the process is `.process`)."""
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        return cls(process)

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line)
            self._new.put(line)
        self._new.put(None)  # the process closed its output: it ended

    def wait_for(self, text: str) -> None:
        """Until a line holds `text`; the process ending first fails, with what it printed."""
        while (line := self._new.get(timeout=120)) is not None:
            if text in line:
                return
        raise AssertionError("".join(self.lines))

    def all(self) -> str:
        """All of it, once the process has ended."""
        self._reader.join(timeout=60)
        return "".join(self.lines)


@pytest.fixture
def served(tmp_path: Path):
    # Pages of the tiny site's own, unlike the function's defaults: they come from mkdocs.yml.
    contact = "    page: aanvraag/\n    thanks: aanvraag/ontvangen/\n    privacy: over/privacy/\n"
    project = tiny_site(tmp_path / "p", "dev_server.py", contact)
    (project / ".env").write_text(
        "# local settings\nCONTACT_TO='coach@voorbeeld.nl'\nexport CONTACT_RATE_LIMIT=0\n"
        "CONTACT_THANKS_URL=/oud/bedankt/\n"  # mkdocs.yml wins, and says so
    )
    port = free_port()
    env = build_env(CONTACT_FROM="website@voorbeeld.nl")
    for name in ("MAILER_DSN", "CONTACT_TO", "CONTACT_ALLOWED_ORIGINS", "CONTACT_RATE_LIMIT"):
        env.pop(name, None)
    output = Output.of(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], project, env
    )
    process = output.process
    try:
        output.wait_for("Serving on http://127.0.0.1:")  # logged once it listens
        yield project, port, process, output
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_dev_server_serves_the_form_endpoint_on_the_same_origin(served) -> None:
    project, port, process, output = served
    status, location = post_to_dev_server(port, form())
    assert status == 303
    assert location == "/aanvraag/ontvangen/"  # extra.contact.thanks

    [file] = list((project / ".mail" / "new").iterdir())
    mail = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert mail["To"] == "coach@voorbeeld.nl"  # from .env
    assert mail["From"] == "Contactformulier website <website@voorbeeld.nl>"  # from the shell

    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        "/api/contact",
        body=urllib.parse.urlencode({**VALID, "email": "anna@"}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    page = response.read().decode()
    assert response.status == 422
    # The corrected form posts to extra.contact.endpoint and links the site's own pages.
    assert '<form method="post" action="/api/contact" novalidate>' in page
    assert '<a href="/aanvraag/">Terug naar het formulier</a>' in page
    assert '<a href="/over/privacy/">privacyverklaring</a>' in page
    conn.close()

    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().status == 200  # the site is still there
    conn.close()

    process.terminate()
    process.wait(timeout=10)
    out = output.all()
    assert "contact: form endpoint at http://127.0.0.1:" in out
    assert (
        "contact: CONTACT_THANKS_URL ignored: `mkdocs serve` uses /aanvraag/ontvangen/ (mkdocs.yml)"
        in out
    )
    assert "contact: 303 delivered via maildir in " in out
    assert "contact: 422 invalid in " in out
    assert "Anna" not in out and "voorbeeld.nl" not in out


def test_dev_server_names_mkdocs_yml_when_an_address_there_is_unusable(tmp_path: Path) -> None:
    project = tiny_site(tmp_path / "p", "dev_server.py", "    thanks: https://elders.example/\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert (
        "contact endpoint settings are invalid:\n"
        "- CONTACT_THANKS_URL must be an absolute path on the site, like /gesprek/bedankt/\n"
        "(in `mkdocs serve`, CONTACT_THANKS_URL is extra.contact.thanks in mkdocs.yml)\n"
    ) in result.stdout + result.stderr
