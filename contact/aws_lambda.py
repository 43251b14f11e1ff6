"""AWS Lambda adapter for payload format 2.0 (function URLs, API Gateway HTTP APIs).

Settings are read and checked when Lambda loads the module (its init phase), so
a misconfiguration fails the deploy's first call with a clear message instead of
a prospect's request. Nothing heavy is imported here: `requests` and
`email-validator` load on first use.
"""

from __future__ import annotations

import os

from contact.endpoint import Endpoint, Request, Response

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_endpoint: Endpoint | None = None


def endpoint() -> Endpoint:
    global _endpoint
    if _endpoint is None:
        # Lambda's file system is read-only outside /tmp: a relative Maildir lands there.
        base = "/tmp" if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") else "."
        _endpoint = Endpoint.from_environ(os.environ, base_dir=base)
    return _endpoint


def to_request(event: dict[str, Any], max_body: int) -> Request:
    """Translate a 2.0 event; headers arrive lower-cased, repeated ones comma-joined."""
    http = (event.get("requestContext") or {}).get("http") or {}
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    raw = event.get("body") or ""
    declared = None
    if event.get("isBase64Encoded"):
        if len(raw) > (max_body * 4) // 3 + 8:
            body, declared = b"", (len(raw) * 3) // 4
        else:
            import base64
            import binascii

            try:
                body = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                body = b"\xff"  # undecodable: the core answers it as a malformed form
    else:
        body = raw.encode("utf-8", "surrogateescape")
    return Request(
        method=str(http.get("method", "GET")),
        headers=headers,
        body=body,
        query=str(event.get("rawQueryString") or ""),
        remote_addr=str(http.get("sourceIp", "")),
        declared_length=declared,
    )


def to_result(response: Response) -> dict[str, Any]:
    return {
        "statusCode": response.status,
        "headers": dict(response.headers),
        "body": response.body.decode("utf-8"),
        "isBase64Encoded": False,
    }


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """The Lambda entry point: `contact.aws_lambda.handler`."""
    current = endpoint()
    return to_result(current.handle(to_request(event, current.settings.max_body_bytes)))


if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    endpoint()  # check the settings during Lambda's init phase, not on a prospect's request
