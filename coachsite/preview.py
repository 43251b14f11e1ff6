"""Serve a built site the way Netlify serves it, to test and audit it locally.

Netlify adds the headers of netlify.toml and of the build's `_headers` file,
compresses text, answers unknown paths with 404.html, and proxies the contact
endpoint to wherever the function runs. Browser tests and Lighthouse need
exactly that, so this small server does the same on loopback:

    python -m coachsite.preview site --port 8001 --api http://127.0.0.1:8002

It is a test and audit tool, not a production server.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import gzip
import http.client
import mimetypes
import tomllib
from collections.abc import Iterable
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/feed+json",
    "application/rss+xml",
)
PROXY_PREFIX = "/api/"
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
    "host",
    "content-length",
}

HeaderRule = tuple[str, list[tuple[str, str]]]


def toml_header_rules(netlify_toml: Path) -> list[HeaderRule]:
    if not netlify_toml.exists():
        return []
    data = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
    return [(rule["for"], list(rule.get("values", {}).items())) for rule in data.get("headers", [])]


def file_header_rules(headers_file: Path) -> list[HeaderRule]:
    """Parse Netlify's `_headers`: a path line, then indented `Name: value` lines."""
    rules: list[HeaderRule] = []
    if not headers_file.exists():
        return rules
    for line in headers_file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            rules.append((line.strip(), []))
    return rules


def headers_for(path: str, rules: Iterable[HeaderRule]) -> list[tuple[str, str]]:
    matched: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern):
            for name, value in values:
                matched[name] = value
    return list(matched.items())


def compress(body: bytes, accepted: str) -> tuple[bytes, str | None]:
    """Brotli where the browser takes it and the module is there, as Netlify does; else gzip."""
    if "br" in accepted:
        try:
            import brotli
        except ImportError:
            pass
        else:
            return brotli.compress(body, quality=11), "br"
    if "gzip" in accepted:
        return gzip.compress(body, compresslevel=9), "gzip"
    return body, None


class NetlifyLikeHandler(BaseHTTPRequestHandler):
    server_version = "preview"
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, root: Path, rules: list[HeaderRule], api: str | None, **kw):
        self.root = root
        self.rules = rules
        self.api = api
        super().__init__(*args, **kw)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: tests read what they need from responses

    def do_GET(self) -> None:
        self.serve(head=False)

    def do_HEAD(self) -> None:
        self.serve(head=True)

    def do_POST(self) -> None:
        self.proxy_or(405)

    def do_PUT(self) -> None:
        self.proxy_or(405)

    def do_OPTIONS(self) -> None:
        self.proxy_or(405)

    def proxy_or(self, status: int) -> None:
        if self.api and self.path.startswith(PROXY_PREFIX):
            self.proxy()
        else:
            self.respond(status, b"", "text/plain", [])

    def proxy(self) -> None:
        """Forward to the endpoint; Netlify's own headers do not apply to it."""
        target = urlsplit(self.api)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    def serve(self, head: bool) -> None:
        if self.api and self.path.startswith(PROXY_PREFIX):
            self.proxy()
            return
        url_path = unquote(urlsplit(self.path).path)
        file = self.resolve(url_path)
        if file is None and not url_path.endswith("/") and (self.root / url_path[1:]).is_dir():
            self.respond(301, b"", "text/plain", [("Location", url_path + "/")])
            return
        status = 200
        if file is None:
            status, file = 404, self.root / "404.html"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript")):
            kind += "; charset=utf-8"
        body = file.read_bytes()
        extra = headers_for(url_path, self.rules)
        if any(kind.startswith(prefix) for prefix in COMPRESSIBLE):
            body, encoding = compress(body, self.headers.get("Accept-Encoding") or "")
            if encoding:
                extra += [("Content-Encoding", encoding), ("Vary", "Accept-Encoding")]
        self.respond(status, b"" if head else body, kind, extra, length=len(body))

    def resolve(self, url_path: str) -> Path | None:
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if self.root not in candidate.parents and candidate != self.root:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file() and candidate.name != "_headers":
            return candidate
        return None

    def respond(
        self,
        status: int,
        body: bytes,
        kind: str,
        headers: list[tuple[str, str]],
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers:
            self.send_header(name, value)
        if not any(name.lower() == "cache-control" for name, _ in headers):
            # Netlify's default: browsers revalidate, the CDN keeps it.
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        self.end_headers()
        self.wfile.write(body)


def make_server(
    site: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    api: str | None = None,
    netlify_toml: Path | None = None,
) -> ThreadingHTTPServer:
    root = site.resolve()
    config = netlify_toml or Path(__file__).resolve().parents[1] / "netlify.toml"
    rules = toml_header_rules(config) + file_header_rules(root / "_headers")
    handler = partial(NetlifyLikeHandler, root=root, rules=rules, api=api)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--api", help="base URL of the running contact endpoint")
    args = parser.parse_args(argv)
    server = make_server(args.site, args.host, args.port, args.api)
    print(f"Serving {args.site} as Netlify would at http://{args.host}:{server.server_port}/")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
