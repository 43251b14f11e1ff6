"""One JSON line per event on stderr: Lambda sends it to CloudWatch, a WSGI server to its log.

Deliberately not `logging`: it costs a cold start several milliseconds and the
endpoint needs nothing but a line. Callers pass no personal data and no secrets.
"""

from __future__ import annotations

import sys


def emit(record: dict[str, object]) -> None:
    import json

    sys.stderr.write(json.dumps(record, ensure_ascii=True) + "\n")
