"""A real SMTP server on loopback (aiosmtpd) for the mail tests, and the settings that send
through the outbox to it."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage as ParsedMessage
from typing import Any

import pytest

from jarida.settings import email_settings


class Sink:
    """Keeps what it accepts; answers DATA with `answer` (set it to refuse)."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.answer = "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer.startswith("250"):
            self.envelopes.append(envelope)
        return self.answer

    def messages(self) -> list[ParsedMessage]:
        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink(port: int) -> tuple[Sink, Any]:
    controller_module = pytest.importorskip("aiosmtpd.controller")
    sink = Sink()
    controller = controller_module.Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller


def through_outbox(port: int) -> dict[str, object]:
    """Settings as production has them: the site queues, the drain sends over SMTP."""
    config = email_settings(f"smtp://127.0.0.1:{port}?timeout=5")
    return {
        **config,
        "OUTBOX_DELIVERY_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_BACKEND": "jarida.outbox.backends.OutboxBackend",
    }


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink, controller = start_sink(free_port())
    try:
        yield sink, controller.port
    finally:
        controller.stop()
