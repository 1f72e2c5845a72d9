"""Fixtures for the newsletter tests: a real SMTP server on loopback, a clean rate-limit
cache, a reader's browser that enforces CSRF, and the paper's address."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

RATE_CACHE = "newsletter-rates"
SITE_URL = "https://jarida.example"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> Any:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class SinkHandler:
    """Keeps every message; `refuse_after` answers 421 and hangs up from that message on
    (a server going away mid-send)."""

    received: list[Received] = field(default_factory=list)
    refuse_after: int | None = None
    # Answers per recipient ("451 ..." or "550 ..."), given instead of accepting.
    refuse: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.refuse_after is not None and len(self.received) >= self.refuse_after:
                return "421 closing connection"  # smtplib hangs up on a 421
            for address in envelope.rcpt_tos:
                if address in self.refuse:
                    return self.refuse[address]
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[SinkHandler]:
    """A real SMTP server (aiosmtpd) on loopback, and Django's SMTP backend pointed at it."""
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    # Newsletters deliver through this one (whatever queues the site's other mail).
    settings.NEWSLETTER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _newsletter_settings(settings: Any) -> Iterator[None]:
    """Rate limits count in their own local-memory cache (atomic, as Redis is); the paper
    lives at jarida.example."""
    settings.CACHES = {
        **settings.CACHES,
        RATE_CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": RATE_CACHE,
        },
    }
    settings.COMMENTS_RATE_CACHE = RATE_CACHE
    # One sender thread: a test's rows are in its own open transaction, which other threads'
    # connections cannot see (test_sending's threaded test commits, and sets it back).
    settings.NEWSLETTER_SEND_WORKERS = 1
    settings.SITE_URL = SITE_URL
    settings.DEFAULT_FROM_EMAIL = "جريدة <newsletter@jarida.example>"
    caches[RATE_CACHE].clear()
    yield
    caches[RATE_CACHE].clear()


class Browser:
    """A reader's browser with a watch: CSRF enforced, time moving forward as they type."""

    def __init__(self, address: str = "203.0.113.9") -> None:
        self.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        self.now = timezone.now()

    @contextmanager
    def after(self, seconds: float) -> Iterator[None]:
        self.now += dt.timedelta(seconds=seconds)
        with time_machine.travel(self.now, tick=False):
            yield

    @staticmethod
    def fields(html: str, selector: str) -> dict[str, Any]:
        form = BeautifulSoup(html, "html.parser").select_one(selector)
        assert form is not None, f"no {selector} on the page"
        found: dict[str, Any] = {}
        for element in form.select("input[name]"):
            kind = element.get("type")
            if kind == "checkbox":
                if element.has_attr("checked"):
                    found.setdefault(element["name"], []).append(element["value"])
            else:
                found[element["name"]] = element.get("value", "")
        return found

    def subscribe(self, address: str, lists: list[str] | None = None, wait: float = 10) -> Any:
        with self.after(0):
            page = self.client.get("/newsletter/")
        fields = self.fields(page.content.decode(), "form#newsletter-form")
        fields["email"] = address
        if lists is not None:
            fields["lists"] = lists
        with self.after(wait):
            return self.client.post("/newsletter/", fields)


@pytest.fixture
def reader() -> Browser:
    return Browser()
