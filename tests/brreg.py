"""A local stand-in for Enhetsregisteret's open API, serving answers written by hand in the
register's JSON format (``GET /enhetsregisteret/api/enheter/{orgnr}``).

The server is an ``http.server.ThreadingHTTPServer`` in a thread on a free port, started once per
test run; the ``brreg`` fixture points ``UTLYSNING_BRREG_URL`` at it and lets a test change an
answer (``brreg.answers[orgnr] = …``) or count the requests it received.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

FOUND = "910000004"
NOT_FOUND = "910000012"
DELETED = "910000020"
BANKRUPT = "910000039"
SLOW = "910000047"
GARBAGE = "910000055"
FOUND_ELSEWHERE = "910000063"

SLOW_SECONDS = 4  # longer than the client's timeout


def _entity(orgnr: str, name: str, *, municipality=("1820", "ALSTAHAUG"), **extra) -> dict:
    """An entity as the register sends it (fields the client does not read included)."""
    number, municipality_name = municipality
    return {
        "organisasjonsnummer": orgnr,
        "navn": name,
        "organisasjonsform": {
            "kode": "AS",
            "beskrivelse": "Aksjeselskap",
            "_links": {
                "self": {
                    "href": "https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/AS"
                }
            },
        },
        "registreringsdatoEnhetsregisteret": "2011-03-01",
        "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": "72.190", "beskrivelse": "Annen forskning og utviklingsarbeid"},
        "antallAnsatte": 12,
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "8800",
            "poststed": "SANDNESSJØEN",
            "adresse": ["Havnegata 1"],
            "kommune": municipality_name,
            "kommunenummer": number,
        },
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": True,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False,
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"}},
        **extra,
    }


def _json(status: int, body) -> tuple[int, bytes, float]:
    return status, json.dumps(body, ensure_ascii=False).encode(), 0


RECORDED = {
    FOUND: _json(200, _entity(FOUND, "Havromsklyngen Helgeland AS")),
    FOUND_ELSEWHERE: _json(
        200, _entity(FOUND_ELSEWHERE, "Fjordbedriften AS", municipality=("1828", "NESNA"))
    ),
    NOT_FOUND: _json(
        404,
        {
            "timestamp": "2026-12-01T10:00:00.000+00:00",
            "status": 404,
            "error": "Not Found",
            "message": "Ingen enhet med organisasjonsnummer 910000012 ble funnet",
            "path": "/enhetsregisteret/api/enheter/910000012",
        },
    ),
    DELETED: _json(
        410,
        {"organisasjonsnummer": DELETED, "slettedato": "2023-05-31", "_links": {}},
    ),
    BANKRUPT: _json(
        200, _entity(BANKRUPT, "Konkursbo Fisk AS", konkurs=True, konkursdato="2025-02-03")
    ),
    SLOW: (200, json.dumps(_entity(SLOW, "Treg AS")).encode(), SLOW_SECONDS),
    GARBAGE: (200, b"<html><body>Service Unavailable</body></html>", 0),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        server = self.server
        server.requests.append(self.path)
        prefix = "/enhetsregisteret/api/enheter/"
        orgnr = self.path[len(prefix) :] if self.path.startswith(prefix) else ""
        status, body, delay = server.answers.get(orgnr, _json(404, {"status": 404}))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, *args):
        pass


class RegisterServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.answers = copy.deepcopy(RECORDED)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/enhetsregisteret/api/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def answers(self) -> dict:
        return self.httpd.answers

    @property
    def requests(self) -> list:
        return self.httpd.requests

    def answer(self, orgnr: str, name: str, **extra) -> None:
        """Let the register answer ``orgnr`` with an entity of this name from now on."""
        self.httpd.answers[orgnr] = _json(200, _entity(orgnr, name, **extra))

    def reset(self) -> None:
        self.httpd.answers = copy.deepcopy(RECORDED)
        self.httpd.requests = []

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def brreg_server():
    server = RegisterServer()
    yield server
    server.stop()


@pytest.fixture
def brreg(brreg_server, settings):
    """Enhetsregisteret answers from the local server for this test."""
    brreg_server.reset()
    settings.UTLYSNING_BRREG_URL = brreg_server.url
    yield brreg_server
    brreg_server.reset()
