"""Every built page is valid HTML according to the Nu Html Checker (vnu.jar)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail(
            "java and node_modules/vnu-jar are needed: run `make test`, which installs them"
        )
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    assert len(pages) >= 10
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').removeprefix(f'file:{built_site}')}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
