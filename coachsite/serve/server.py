"""The preview server: MkDocs' dev server with a native watcher and the three steps.

`PreviewServer` keeps what `mkdocs serve`'s server does (serving the folder, the live-reload
long poll that tells each open page to reload, the 404 page, the endpoint mounted by
hooks/dev_server.py) and replaces its loop: a native watcher instead of polling every half
second, the changed paths instead of "something changed", and the steps of coachsite/serve.

A page is reloaded by publishing a new "epoch"; while one page is written, requests wait for it,
as in MkDocs, and during the background build they do not wait at all.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from coachsite.serve.full import Rebuild, error_lines, sync
from coachsite.serve.pages import PageError, Pages

log = logging.getLogger("mkdocs.serve.preview")

# Editors save in bursts (write, rename, a backup file): wait this long for the burst to end.
SETTLE_SECONDS = 0.02
# The background build starts when no save came for this long.
REBUILD_AFTER_SECONDS = 0.3

_ERROR_BOX = """
<section id="preview-fouten" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:10000;
max-height:50vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4f2;color:#3b0d05;
border-top:4px solid #a3452c;font:15px/1.45 system-ui,sans-serif;box-shadow:0 -2px 12px #0003">
<h2 style="margin:0 0 .5rem;font-size:17px">{heading}</h2>
<pre style="margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace">{lines}</pre>
</section>
"""

HEADING = (
    "Nog niet bijgewerkt: je ziet de laatste goede versie. "
    "Los dit op en sla het bestand opnieuw op."
)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, driven by the preview's steps instead of full rebuilds."""

    def __init__(
        self,
        *,
        full_build: Callable[[], None],
        pages: Pages,
        rebuild: Rebuild,
        relevant: Callable[[Path], bool],
        **kwargs: Any,
    ) -> None:
        super().__init__(builder=full_build, **kwargs)
        self.pages = pages
        self.rebuild = rebuild
        self.relevant = relevant
        # inotify on Linux, FSEvents on macOS: told of a save at once.
        self.observer = watchdog.observers.Observer()
        self._changed: set[Path] = set()
        self._errors: dict[str, list[str]] = {}
        self._errors_lock = threading.Lock()
        # Serialises writing into the served folder: the steps here, the background copy.
        self._writing = threading.Lock()
        self._generation = 0
        self._rebuild_due: float | None = None

    # --- watching -------------------------------------------------------------------------

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        path = str(Path(path).resolve())
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def changed(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            with self._rebuild_cond:
                self._changed.update(Path(str(p)) for p in paths if p)
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    # --- publishing -----------------------------------------------------------------------

    def _start_writing(self) -> None:
        with self._epoch_cond:
            self._wanted_epoch = max(self._visible_epoch + 1, int(time.monotonic() * 1000))

    def _publish(self) -> None:
        """Tell every open page to reload (the long poll answers with the new epoch)."""
        with self._epoch_cond:
            if self._wanted_epoch <= self._visible_epoch:
                self._wanted_epoch = self._visible_epoch + 1
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _set_errors(self, key: str, lines: list[str] | None) -> bool:
        with self._errors_lock:
            before = self._errors.get(key)
            if lines:
                self._errors[key] = lines
            else:
                self._errors.pop(key, None)
            return before != lines

    def shown_errors(self) -> list[str]:
        with self._errors_lock:
            # A file's own lines and the background build's can be the same lines.
            return list(dict.fromkeys(line for lines in self._errors.values() for line in lines))

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        lines = self.shown_errors()
        if not lines:
            return content
        box = _ERROR_BOX.format(heading=HEADING, lines=html.escape("\n".join(lines)))
        at = content.rfind(b"</body>")
        if at < 0:
            return content + box.encode()
        return content[:at] + box.encode() + content[at:]

    # --- the loop -------------------------------------------------------------------------

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self._wait_timeout()
                ):
                    if self._rebuild_due is not None and time.monotonic() >= self._rebuild_due:
                        break
                if self._shutdown:
                    break
                if self._want_rebuild:
                    while self._rebuild_cond.wait(timeout=SETTLE_SECONDS):
                        pass
                changed, self._changed = self._changed, set()
                self._want_rebuild = False
            # Editors' scratch files and files beside mkdocs.yml that the site does not use
            # neither count as an edit nor stop the background build.
            changed = {p for p in changed if not _ignored(p) and self.relevant(p)}
            if changed:
                self._generation += 1
                self.rebuild.cancel()
                self._handle(changed)
            elif self._rebuild_due is not None and time.monotonic() >= self._rebuild_due:
                self._rebuild_due = None
                self._start_rebuild()

    def _wait_timeout(self) -> float:
        if self._rebuild_due is None:
            return self.shutdown_delay
        return max(0.0, min(self.shutdown_delay, self._rebuild_due - time.monotonic()))

    def _handle(self, changed: set[Path]) -> None:
        """Render the edited pages; a change to anything else is a full build here."""
        edited: set[Path] = set()
        structural = False
        for path in changed:
            if path.is_file() and self.pages.knows(path):
                edited.add(path.resolve())
            elif path.exists() or self.pages.indexed(path):
                structural = True  # new, removed, or not a page of its own
            # else: an editor's temporary file that came and went
        if structural:
            log.info("De opbouw van de site is veranderd: volledige build")
            self._full_build_here()
            return
        if edited:
            log.info("Bewerkt: %s", ", ".join(self.pages.shown(p) for p in sorted(edited)))
        for path in sorted(edited):
            self._render(path)

    @contextlib.contextmanager
    def _changing_site(self) -> Iterator[None]:
        """Write into the served folder: requests wait meanwhile, then every open page reloads."""
        with self._writing:
            self._start_writing()
            try:
                yield
            finally:
                self._publish()

    def _render(self, path: Path) -> None:
        key = str(path)
        started = time.perf_counter()
        failed: PageError | None = None
        # On an error the last good page stays, and reloads with the error under it.
        with self._changing_site():
            try:
                edit = self.pages.render_edit(path)
            except PageError as error:
                failed = error
            self._set_errors(key, failed.lines if failed else None)
        if failed is not None:
            for line in failed.lines:
                log.error("%s", line)
            return
        for notice in edit.notices:
            log.warning("%s", notice)
        log.info(
            "Pagina bijgewerkt in %.0f ms: %s",
            (time.perf_counter() - started) * 1000,
            ", ".join(edit.written),
        )
        written: list[str] = []
        with self._changing_site():
            try:
                written = self.pages.render_dependents(edit)
            except Exception as error:  # the background build will show what is wrong
                log.debug("Afhankelijke pagina's niet bijgewerkt: %s", error)
        if written:
            log.info("Ook bijgewerkt: %s", ", ".join(written))
        self._rebuild_due = time.monotonic() + REBUILD_AFTER_SECONDS

    def _full_build_here(self) -> None:
        """A change to the site's structure: a full build here, as `mkdocs serve` makes it."""
        self._rebuild_due = None
        errors = _ErrorRecords()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            with self._changing_site():
                try:
                    self.builder()
                except Exception as error:  # the build has logged its Dutch lines
                    self._set_errors("build", errors.lines or [str(error)])
                else:
                    with self._errors_lock:
                        self._errors.clear()
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)

    def _start_rebuild(self) -> None:
        generation = self._generation
        process = self.rebuild.start()
        log.info("Volledige build op de achtergrond gestart")
        started = time.perf_counter()

        def finish() -> None:
            _out, err = process.communicate()
            if not self.rebuild.is_current(process) or generation != self._generation:
                return
            if process.returncode != 0:
                lines = error_lines(err)
                for line in lines:
                    log.error("%s", line)
                if self._set_errors("build", lines):
                    self._publish()
                return
            with self._writing:
                if generation != self._generation:
                    return
                synced = sync(self.rebuild.shadow, Path(self.root))
                cleared = self._set_errors("build", None)
                if synced.visible or cleared:
                    self._publish()
            log.info(
                "Volledige build klaar in %.1f s: %d bestanden bijgewerkt, %d verwijderd",
                time.perf_counter() - started,
                len(synced.changed),
                len(synced.removed),
            )
            log.debug("Bijgewerkt: %s", ", ".join(synced.changed + synced.removed))

        threading.Thread(target=finish, daemon=True).start()

    def shutdown(self, wait: bool = False) -> None:
        self.rebuild.cancel()
        super().shutdown(wait)


class QuietWrappers(logging.Filter):
    """Drops MkDocs' English "Error reading page 'x':" line: the Dutch lines that follow say it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _is_wrapper(record.getMessage())


def _is_wrapper(message: str) -> bool:
    return message.startswith(("Error reading page", "Error building page"))


class _ErrorRecords(logging.Handler):
    """The error lines a build logs, for the browser."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _is_wrapper(message):
            return
        self.lines.extend(line for line in message.splitlines() if line.strip())


def _ignored(path: Path) -> bool:
    """Editors' swap, backup and test files (vim's `.x.swp`, `x~`, `4913`), as MkDocs skips them."""
    name = path.name
    return name.startswith(".") or name.endswith("~") or name.isdigit()
