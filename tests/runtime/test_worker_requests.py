"""What the warm worker takes as a run request (it forks a run for nothing else)."""

from __future__ import annotations

import pytest

from odoo_factory.runtime.worker_main import is_run_request


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"argv": ["-d", "db"], "log": "/tmp/x.log"}, True),
        ({"argv": [], "log": "/tmp/x.log", "env": {"PGPASSWORD": "x"}}, True),
        ({}, False),  # a liveness probe: connected and closed
        ({"argv": ["-d"]}, False),
        ({"log": "/tmp/x.log"}, False),
        ({"argv": "-d db", "log": "/tmp/x.log"}, False),
        ({"argv": ["-d", 1], "log": "/tmp/x.log"}, False),
        ({"argv": [], "log": "/tmp/x.log", "env": ["PGPASSWORD"]}, False),
    ],
)
def test_only_a_command_line_and_a_log_make_a_run(
    request_: dict[str, object], expected: bool
) -> None:
    assert is_run_request(request_) is expected
