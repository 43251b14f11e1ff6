"""The Lambda zip works alone: unpacked in an empty folder, stdlib plus its own contents only."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from deploy.build_function import build
from tests.contact.conftest import KEY, ORIGIN, VALID

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from contact.aws_lambda import handler
import email_validator
event = json.loads(sys.stdin.read())
result = handler(event, None)
import requests
print(json.dumps({
    "result": result,
    "paths": [requests.__file__, email_validator.__file__],
    "site": [p for p in sys.path if "site-packages" in p],
}))
"""


def test_zip_handler_answers_a_sample_event_on_its_own(tmp_path: Path, api_double) -> None:
    archive = build(tmp_path / "function.zip", from_environment=True)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        zipped.extractall(unpacked)
    assert "contact/aws_lambda.py" in names
    assert not [n for n in names if n.endswith((".pyc", ".so")) or "__pycache__" in n]
    assert not [n for n in names if n.startswith(("mkdocs", "coachsite", "hooks"))]

    postmark = api_double("postmark")
    empty = tmp_path / "empty"
    empty.mkdir()
    event = {
        "version": "2.0",
        "rawPath": "/",
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "accept": "application/json",
            "origin": ORIGIN,
        },
        "requestContext": {"http": {"method": "POST", "path": "/", "sourceIp": "203.0.113.9"}},
        "body": json.dumps(VALID),
        "isBase64Encoded": False,
    }
    env = {
        "MAILER_DSN": f"postmark+api://{KEY}@{postmark.host}",
        "CONTACT_TO": "coach@voorbeeld.nl",
        "CONTACT_FROM": "website@voorbeeld.nl",
        "CONTACT_ALLOWED_ORIGINS": ORIGIN,
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", SCRIPT, str(unpacked)],
        input=json.dumps(event),
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    output = json.loads(run.stdout)
    assert output["site"] == []
    assert all(path.startswith(str(unpacked)) for path in output["paths"])
    result = output["result"]
    assert result["statusCode"] == 200
    assert json.loads(result["body"])["ok"] is True
    assert len(postmark.accepted) == 1
    assert list(empty.iterdir()) == []
