"""Schemathesis hooks for the API's contract run (test/api-schemathesis.integration.test.ts).

They do not loosen any check. They sign the run in, keep it signed in, and teach the generator the
few rules that the OpenAPI document can only state in words, because JSON Schema cannot relate two
values: `from` before `to` (and a period no longer than a day here, within every route's limit),
and an API key's `expires_at` in the future. Sign-ins and password changes meant to succeed are
sent with the right password.

Environment: SA_BASE_URL (the API), SA_EMAIL and SA_PASSWORD (the Enterprise owner the run signs
in as).
"""

from __future__ import annotations

import itertools
import os
import secrets
import time
from datetime import datetime, timedelta, timezone

import requests
import schemathesis

BASE_URL = os.environ["SA_BASE_URL"]
EMAIL = os.environ["SA_EMAIL"]
PASSWORD = os.environ["SA_PASSWORD"]

# Operations that end the session they are called with: each gets a session of its own, of a
# throwaway account, so the run's session lives on.
SESSION_ENDING = {"signOut", "signOutEverywhere", "changePassword"}

_addresses = itertools.count(1)


def _client_address() -> str:
    """A client address of its own for one request (the API trusts X-Forwarded-For from loopback).

    The API limits failed credentials, sign-ins and anonymous requests per client address: one
    address for the whole run would turn most answers into 429s after a few dozen requests.
    """
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def _post(path: str, body: dict) -> dict:
    response = requests.post(
        BASE_URL + path, json=body, headers={"X-Forwarded-For": _client_address()}, timeout=10
    )
    response.raise_for_status()
    return response.json()


def _operation_id(case) -> str | None:
    return case.operation.definition.raw.get("operationId")


@schemathesis.auth(refresh_interval=None)
class SessionAuth:
    """The run's session, signed in again before its access token expires."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.signed_in_at = 0.0

    def get(self, case, ctx):
        if _operation_id(case) in SESSION_ENDING:
            email = f"contract-{secrets.token_hex(6)}@example.com"
            body = {"email": email, "password": PASSWORD, "organization_name": "Contract run"}
            return _post("/v1/auth/signup", body)["access_token"]
        # Access tokens live 15 minutes; 10 leaves room for the longest run.
        if self.token is None or time.monotonic() - self.signed_in_at > 600:
            self.token = _post("/v1/auth/login", {"email": EMAIL, "password": PASSWORD})["access_token"]
            self.signed_in_at = time.monotonic()
        return self.token

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.hook
def before_call(context, case, kwargs):
    case.headers = {**(case.headers or {}), "X-Forwarded-For": _client_address()}


def _is_positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _instant(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _iso(instant: datetime) -> str:
    # isoformat, not strftime: %Y writes the year 20 as "20", not "0020".
    return instant.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


@schemathesis.hook
def map_case(context, case):
    """Relates the values the document relates in words only; every value stays schema-valid."""
    query = case.query if isinstance(case.query, dict) else None
    start = _instant(query.get("from")) if query else None
    if query is not None and start is not None:
        end = _instant(query.get("to"))
        # `from` before `to`, at most a day apart: within every route's longest period.
        if end is None or not start < end <= start + timedelta(days=1):
            try:
                query["to"] = _iso(start + timedelta(hours=1))
            except (OverflowError, ValueError):
                query["from"] = _iso(start - timedelta(hours=1))
                query["to"] = _iso(start)
    body = case.body if isinstance(case.body, dict) else None
    # Sign-ins and password changes with the right password, so their successes are tested too.
    if _operation_id(case) == "changePassword" and body is not None and _is_positive(case):
        body["current_password"] = PASSWORD
    if _operation_id(case) == "signIn" and body is not None and _is_positive(case):
        body.update(email=EMAIL, password=PASSWORD)
    if _operation_id(case) == "createApiKey" and body is not None:
        expires = _instant(body.get("expires_at"))
        if expires is not None and expires.tzinfo is not None and expires <= datetime.now(timezone.utc):
            body["expires_at"] = _iso(datetime.now(timezone.utc) + timedelta(days=30))
    return case
