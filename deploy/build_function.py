"""Build the contact endpoint's self-contained AWS Lambda zip (Python 3.12): `make function`.

The zip holds the `contact` package and its pure-Python dependencies at the top
level, so Lambda's handler is `contact.aws_lambda.handler` and nothing else is
needed. Two ways to fill it:

- default: `pip install --target` with Lambda's platform (manylinux2014_x86_64,
  CPython 3.12, wheels only), from the package index;
- `--from-environment`: copy the distributions installed in the running Python
  (for offline builds and the test), leaving out compiled extension modules;
  every dependency has a pure-Python fallback.

The archive is reproducible: sorted entries, fixed timestamps, no bytecode.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "contact"
REQUIREMENTS = PACKAGE / "requirements.txt"
DEFAULT_OUTPUT = REPO / "dist" / "contact-function.zip"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
SKIP_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd")


def requirement_names(path: Path = REQUIREMENTS) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):  # not a lock's --hash lines or an option
            names.append(re.match(r"[A-Za-z0-9._-]+", line).group(0))  # type: ignore[union-attr]
    return names


def _dependency_closure(names: list[str]) -> list[metadata.Distribution]:
    """The installed distributions needed by `names`, following their non-extra requirements."""
    seen: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        dist = metadata.distribution(name)
        seen[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))  # type: ignore[union-attr]
    return list(seen.values())


def vendor_from_environment(target: Path) -> None:
    for dist in _dependency_closure(requirement_names()):
        for file in dist.files or []:
            if "__pycache__" in file.parts or file.name.endswith(SKIP_SUFFIXES):
                continue
            if file.parts[0] in ("..", "bin") or file.is_absolute():
                continue
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


def vendor_with_pip(target: Path) -> None:
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-compile",
            "--target", str(target), "--requirement", str(REQUIREMENTS),
            "--only-binary=:all:", "--platform", "manylinux2014_x86_64",
            "--python-version", "3.12", "--implementation", "cp",
        ],
        check=True,
    )  # fmt: skip


def build(output: Path = DEFAULT_OUTPUT, *, from_environment: bool = False) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        if from_environment:
            vendor_from_environment(staging)
        else:
            vendor_with_pip(staging)
        shutil.copytree(
            PACKAGE,
            staging / "contact",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "requirements.*"),
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(staging.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    info = zipfile.ZipInfo(path.relative_to(staging).as_posix(), FIXED_TIME)
                    info.external_attr = 0o644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--from-environment",
        action="store_true",
        help="copy the dependencies installed here instead of downloading Lambda's wheels",
    )
    args = parser.parse_args(argv)
    path = build(args.output, from_environment=args.from_environment)
    size = path.stat().st_size / 1024
    print(f"built {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({size:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
