"""A reader at a browser: opens the comment form, types, waits, sends. CSRF is enforced.

The form is found the way a browser finds it, from the page's HTML (the CSRF token and the
form's own hidden fields included), so a change to the template that breaks the form breaks
these tests too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone


class Reader:
    """One reader with one browser and a watch: every step happens at `self.now`, which only
    moves forward (by the seconds the reader takes), so form tokens age as they would."""

    def __init__(self, address: str = "203.0.113.7", **headers: str) -> None:
        self.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address, **headers)
        self.now = timezone.now()

    @contextmanager
    def after(self, seconds: float) -> Iterator[None]:
        self.now += dt.timedelta(seconds=seconds)
        with time_machine.travel(self.now, tick=False):
            yield

    def open_form(self, article: Any, parent: Any = None) -> Any:
        url = reverse("comments:post", args=[article.pk])
        if parent is not None:
            url += f"?parent={parent.pk}"
        with self.after(0):
            return self.client.get(url)

    @staticmethod
    def form_fields(html: str) -> dict[str, str]:
        """What the browser would send if the reader typed nothing: every named input."""
        form = BeautifulSoup(html, "html.parser").select_one("form#comment-form")
        assert form is not None, "no comment form on the page"
        fields = {}
        for element in form.select("input[name], textarea[name]"):
            if element.name == "textarea":
                # A browser drops the newline that directly follows <textarea>.
                value = element.get_text().removeprefix("\n")
            else:
                value = element.get("value", "")
            fields[element["name"]] = value
        return fields

    def send(
        self,
        article: Any,
        *,
        name: str = "سامي من طرابلس",
        body: str = "تحليل دقيق، شكراً للكاتب.",
        email: str = "",
        parent: Any = None,
        wait: float = 20,
        **typed: str,
    ) -> Any:
        """Open the form, take `wait` seconds to fill it in, send it. Returns the response."""
        fields = self.form_fields(self.open_form(article, parent).content.decode())
        fields.update({"name": name, "body": body, "email": email, **typed})
        return self.post(article, fields, wait=wait)

    def post(self, article: Any, fields: dict[str, str], wait: float = 0) -> Any:
        with self.after(wait):
            return self.client.post(reverse("comments:post", args=[article.pk]), fields)

    def resend(self, article: Any, response: Any, wait: float = 20, **changes: str) -> Any:
        """Send again the form a refusal served back (what the reader typed is in it)."""
        fields = self.form_fields(response.content.decode())
        fields.update(changes)
        return self.post(article, fields, wait=wait)
