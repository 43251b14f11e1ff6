"""MkDocs hook: serve the contact endpoint inside `mkdocs serve`, at `extra.contact.endpoint`.

Same origin as the site (http://127.0.0.1:8000), so the form works locally as on
Netlify. The site's own addresses (the endpoint's path, the form, thank-you and
privacy pages) come from mkdocs.yml `extra.contact`, as the served pages do; the
other settings come from the environment, then from a git-ignored `.env` beside
mkdocs.yml; mail goes to `maildir://.mail` unless MAILER_DSN says otherwise. One
line per request is printed, without personal data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import Abort

from contact.endpoint import Endpoint
from contact.settings import ConfigError, Settings, SitePath, site_variables
from contact.wsgi import make_app

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer


def read_dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines; `#` comments, `export ` and matching quotes allowed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def print_summary(record: dict[str, object]) -> None:
    transport = f" via {record['transport']}" if record.get("transport") else ""
    print(
        f"contact: {record['status']} {record['outcome']}{transport} in {record['ms']} ms",
        flush=True,
    )


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]
) -> LiveReloadServer:
    project = Path(config.config_file_path).resolve().parent
    env = {**read_dotenv(project / ".env"), **os.environ}  # the shell wins over .env
    host, port = config.dev_addr.host, config.dev_addr.port
    env.setdefault("CONTACT_ALLOWED_ORIGINS", f"http://{host}:{port} http://localhost:{port}")
    # mkdocs.yml wins here: these pages are the ones being served.
    from_site = site_variables(config.extra.get("contact") or {}, server.mount_path)
    for variable, value in from_site.items():
        if env.get(variable, value).strip() != value:
            print(
                f"contact: {variable} ignored: `mkdocs serve` uses {value} (mkdocs.yml)", flush=True
            )
    env.update(from_site)
    try:
        endpoint = Endpoint.from_environ(env, base_dir=project, observer=print_summary)
    except ConfigError as error:
        keys = {f.variable: f.site_key for f in Settings.fields() if isinstance(f, SitePath)}
        where = "".join(
            f"\n(in `mkdocs serve`, {variable} is extra.contact.{keys[variable]} in mkdocs.yml)"
            for variable in from_site
            if any(problem.startswith(variable) for problem in error.problems)
        )
        raise Abort(f"{error}{where}") from None
    path = endpoint.settings.endpoint_url.rstrip("/")
    contact_app = make_app(endpoint)
    site_app = server.get_app()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "").rstrip("/") == path:
            return contact_app(environ, start_response)
        return site_app(environ, start_response)

    server.set_app(application)
    mail = ", ".join(t.name for t in endpoint.transports)
    print(f"contact: form endpoint at http://{host}:{port}{path} (mail via {mail})", flush=True)
    return server
