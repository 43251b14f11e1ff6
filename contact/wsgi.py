"""WSGI adapter: `application` for any WSGI server, `make_app` for tests and the dev server.

It only translates: environ → `Request`, `Response` → start_response. A body
longer than the limit is not read into memory (a bounded amount is drained so
the client still sees the 413 instead of a reset connection).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from contact.endpoint import Endpoint, Request

DRAIN_LIMIT = 2 * 1024 * 1024
_REASONS = {
    200: "OK",
    303: "See Other",
    403: "Forbidden",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    503: "Service Unavailable",
}

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _headers(environ: Mapping[str, Any]) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _read_body(environ: Mapping[str, Any], limit: int) -> tuple[bytes, int | None]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    if length > limit:
        remaining = min(length, DRAIN_LIMIT)
        while remaining > 0:
            chunk = stream.read(min(65536, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
        return b"", length
    return (stream.read(length) if length > 0 else b""), None


def make_app(endpoint: Endpoint) -> WsgiApp:
    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body, declared = _read_body(environ, endpoint.settings.max_body_bytes)
        request = Request(
            method=environ.get("REQUEST_METHOD", "GET"),
            headers=_headers(environ),
            body=body,
            query=environ.get("QUERY_STRING", ""),
            remote_addr=environ.get("REMOTE_ADDR", ""),
            declared_length=declared,
        )
        response = endpoint.handle(request)
        headers = [*response.headers, ("Content-Length", str(len(response.body)))]
        start_response(f"{response.status} {_REASONS.get(response.status, 'Unknown')}", headers)
        return [response.body]

    return application


_app: WsgiApp | None = None


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """The module-level app for `gunicorn contact.wsgi:application`; settings from os.environ."""
    global _app
    if _app is None:
        _app = make_app(Endpoint.from_environ(os.environ))
    return _app(environ, start_response)
