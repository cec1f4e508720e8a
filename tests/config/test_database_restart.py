"""The database restarts under load (bench/db_restart.py): 503 at once, recovery, nothing lost.

Runs the script's scenario against a PostgreSQL of its own and gunicorn with persistent
connections; see the script for the steps.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "db_restart.py"


@pytest.fixture(scope="module")
def restart():
    spec = importlib.util.spec_from_file_location("db_restart", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.run()


def test_pages_answer_the_503_page_at_once_while_the_database_is_down(restart):
    module, result = restart
    assert result["receipt_before"]
    for answer in result["down"]:
        assert answer["status"] == 503, answer
        assert answer["seconds"] < module.FAST, answer
        assert answer["page"] and not answer["traceback"], answer
    assert all(answer["retry_after"] == "30" for answer in result["down"][:3])
    # Under load too: nothing but 503 while it is down, nothing hangs.
    assert set(result["load_down"]["statuses"]) == {"503"}
    assert result["load_down"]["max"] < module.FAST


def test_the_site_recovers_by_itself_and_keeps_every_accepted_submission(restart):
    _module, result = restart
    assert result["first_after"] == 200
    assert set(result["load_after"]["statuses"]) == {"200"}
    assert result["second_receipt"]
    assert result["stored"][result["first"]] == {
        "status": "submitted",
        "reference": result["reference"],
    }
    assert result["stored"][result["second"]]["status"] == "submitted"
