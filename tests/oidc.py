"""A local stand-in for ID-porten: a small OpenID Connect provider on a free port.

It serves what allauth's OpenID Connect client uses (discovery, authorize, token, JWKS and
userinfo), checks what ID-porten checks (the client's id, secret and redirect address, and PKCE
with S256: a token is only issued for the code verifier that matches the challenge), and signs
ID tokens with an RSA key made at start. Its person logs in at once, as a test user in
ID-porten's test environment would after choosing an identity; a test can change the person
(``idporten.person``), let the person refuse (``idporten.refuse = True``: the answer is
``error=access_denied``) or make the token endpoint fail (``idporten.token_fails = True``).

The ``idporten`` fixture starts it (once per test run) and configures the ID-porten app of
allauth to use it; the ``idporten_down`` fixture points the app at a closed port instead.
A mock provider package from PyPI was considered; none checked PKCE and each brought several
dependencies, so the provider is written out here, with PyJWT and cryptography (allauth's own).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from config.idporten import form_action_origins, openid_connect_settings

CLIENT_ID = "utlysning-test"
CLIENT_SECRET = "test-secret-for-the-local-provider"
# A synthetic national identity number (ID-porten's test users have such numbers): it must never
# be found in Utlysning's database after a login.
PID = "24917498157"
PERSON = {
    "sub": "Yy8Gk5Qv0pairwise-pseudonym-kari",
    "pid": PID,
    "name": "Kari Nordmann",
    "given_name": "Kari",
    "family_name": "Nordmann",
    "email": "kari.nordmann@fjordklyngen.example",
    "email_verified": True,
    "locale": "nb",
}
KID = "local-test-key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status: int, body=None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, url: str) -> None:
        self._send(302, headers={"Location": url})

    def do_GET(self):  # noqa: N802
        provider = self.server.provider
        url = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            self._send(200, provider.configuration())
        elif url.path == "/jwks":
            self._send(200, {"keys": [provider.jwk]})
        elif url.path == "/authorize":
            self._authorize(provider, query)
        elif url.path == "/userinfo":
            claims = provider.tokens.get(self.headers.get("Authorization", "")[len("Bearer ") :])
            if claims is None:
                self._send(401, {"error": "invalid_token"})
            else:
                self._send(200, claims)
        else:
            self._send(404, {"error": "not_found"})

    def _authorize(self, provider, query: dict) -> None:
        provider.authorize_requests.append(query)
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != CLIENT_ID or not redirect_uri.endswith(
            "/accounts/oidc/idporten/login/callback/"
        ):
            self._send(400, {"error": "invalid_client"})
            return
        state = query.get("state", "")
        if provider.refuse:
            self._redirect(
                f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}"
            )
            return
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            error = {"error": "invalid_request", "error_description": "PKCE is required"}
            self._redirect(f"{redirect_uri}?{urlencode({**error, 'state': state})}")
            return
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {
            "challenge": query["code_challenge"],
            "redirect_uri": redirect_uri,
            "claims": copy.deepcopy(provider.person),
            "nonce": query.get("nonce"),
        }
        self._redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    def do_POST(self):  # noqa: N802
        provider = self.server.provider
        if urlsplit(self.path).path != "/token":
            self._send(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        provider.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if provider.token_fails:
            self._send(503, {"error": "temporarily_unavailable"})
            return
        if client_id != CLIENT_ID or secret != CLIENT_SECRET:
            self._send(401, {"error": "invalid_client"})
            return
        grant = provider.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
            or _b64(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]
        ):
            self._send(400, {"error": "invalid_grant"})
            return
        access_token = secrets.token_urlsafe(24)
        provider.tokens[access_token] = grant["claims"]
        now = int(time.time())
        id_claims = {
            "iss": provider.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 120,
            "acr": "idporten-loa-substantial",
            "amr": ["BankID"],
            "auth_time": now,
            **{k: v for k, v in grant["claims"].items() if k in ("sub", "pid", "locale")},
        }
        if grant["nonce"]:
            id_claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(id_claims, provider.key, algorithm="RS256", headers={"kid": KID})
        self._send(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 120,
                "id_token": id_token,
                "scope": "openid profile",
            },
            headers={"Cache-Control": "no-store"},
        )


class ProviderServer:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.jwk = {
            **RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True),
            "kid": KID,
            "use": "sig",
            "alg": "RS256",
        }
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.provider = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.reset()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.person = copy.deepcopy(PERSON)
        self.refuse = False
        self.token_fails = False
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []

    def configuration(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile"],
        }

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def configure(settings, issuer: str) -> None:
    """Configure ID-porten as the environment variables would."""
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_settings(
        issuer=issuer, client_id=CLIENT_ID, secret=CLIENT_SECRET
    )
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += form_action_origins(issuer)
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture(scope="session")
def idporten_server():
    server = ProviderServer()
    yield server
    server.stop()


@pytest.fixture
def idporten(idporten_server, settings):
    """ID-porten is configured, and answered by the local provider, for this test."""
    idporten_server.reset()
    configure(settings, idporten_server.url)
    yield idporten_server
    idporten_server.reset()


@pytest.fixture
def idporten_down(settings):
    """ID-porten is configured, but its address refuses connections."""
    configure(settings, "http://127.0.0.1:9")
