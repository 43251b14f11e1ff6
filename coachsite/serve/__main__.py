"""`python -m coachsite.serve [-a HOST:PORT] [-f mkdocs.yml]`: what `make serve` runs.

Set up as `mkdocs serve` sets up (a temporary folder to serve, the dev server's address as the
site URL, drafts shown, the `on_serve` hooks, which mount the contact endpoint), then the
preview of coachsite/serve takes over the rebuilding.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from coachsite.serve import PROVEN_ON


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m coachsite.serve",
        description="Bekijk de site terwijl je schrijft: http://127.0.0.1:8000",
    )
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="HOST:PORT")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    return parser


def unfit() -> list[str]:
    """The releases that differ from those the preview was proven on."""
    from coachsite.speed.guard import installed_version

    return [
        f"{name} {installed_version(name)} (bewezen op {proven})"
        for name, proven in PROVEN_ON.items()
        if installed_version(name) != proven
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from mkdocs.__main__ import State, _enable_warnings

    _enable_warnings()
    state = State()
    other = unfit()
    if other:
        from mkdocs.commands.serve import serve

        logging.getLogger("mkdocs").warning(
            "Snelle preview staat uit bij %s: elke wijziging bouwt de hele site",
            ", ".join(other),
        )
        serve(config_file=str(args.config_file), dev_addr=args.dev_addr)
        return 0
    try:
        serve_preview(args.config_file.resolve(), args.dev_addr)
    finally:
        del state
    return 0


def serve_preview(config_file: Path, dev_addr: str) -> None:
    from coachsite.serve.full import Rebuild
    from coachsite.serve.server import PreviewServer, QuietWrappers
    from coachsite.serve.site import ServedSite

    logging.getLogger("mkdocs.commands.build").addFilter(QuietWrappers())
    # Stopped by the system (or a test) rather than Ctrl-C: leave as Ctrl-C leaves, so that
    # the served and shadow folders are removed.
    signal.signal(signal.SIGTERM, _stop)
    site_dir = Path(tempfile.mkdtemp(prefix="coachsite-serve-"))
    shadow = Path(tempfile.mkdtemp(prefix="coachsite-serve-full-"))
    site = ServedSite(config_file, site_dir, dev_addr)
    server = PreviewServer(
        full_build=site.build,
        pages=site.pages,
        rebuild=Rebuild(site.config_file, site.serve_url, shadow),
        relevant=site.relevant,
        host=site.host,
        port=site.port,
        root=str(site_dir),
        mount_path=site.mount_path,
    )

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        site.build()
        for folder in site.watched():
            server.watch(str(folder))
        # mkdocs.yml: its folder, without the folders under it.
        server.watch(str(site.config_file.parent), recursive=False)
        server = site.config.plugins.on_serve(server, config=site.config, builder=site.build)
        try:
            server.serve()
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Stoppen…")
        finally:
            server.shutdown()
    finally:
        site.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.rmtree(shadow, ignore_errors=True)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
