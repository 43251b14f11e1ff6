"""Load: 100 concurrent valid submissions through the real WSGI app give exactly 100 mails."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.contact.conftest import VALID, endpoint


def test_hundred_concurrent_submissions_deliver_exactly_hundred_mails(
    tmp_path: Path, live, smtp_server
) -> None:
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}",
            CONTACT_TO="coach@voorbeeld.nl",
            CONTACT_FROM="website@voorbeeld.nl",
            CONTACT_DELIVERY_BUDGET="20",
            CONTACT_ATTEMPT_TIMEOUT="10",
        )
    )

    def submit(number: int) -> int:
        data = {**VALID, "name": f"Prospect {number}", "email": f"p{number}@voorbeeld.nl"}
        return app.post_json(data)[0]

    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(submit, range(100)))
    assert statuses == [200] * 100
    assert len(smtp_server.messages) == 100
    subjects = sorted(str(m["Subject"]) for m in smtp_server.messages)
    assert subjects == sorted(f"Aanvraag vrijblijvend gesprek van Prospect {n}" for n in range(100))
