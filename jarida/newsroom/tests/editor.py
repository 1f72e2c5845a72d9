"""Driving Wagtail's page editor the way the browser does: read the form, change fields, post.

The StreamField body is assembled by the editor's JavaScript, so it is the one part written
here from the page's content (with Wagtail's own form-data helpers)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from jarida.arabic import slugify

ACTIONS = {
    "publish": {"action-publish": "action-publish"},
    "submit": {"action-submit": "action-submit"},
    "save": {},
}


def body_form_data(blocks: list[tuple[str, Any]]) -> dict[str, Any]:
    items = []
    for kind, value in blocks:
        if kind == "paragraph":
            items.append((kind, rich_text(value)))
        else:
            items.append((kind, value))
    return nested_form_data({"body": streamfield(items)})


def current_body(page: Any) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = []
    for block in page.body:
        if block.block_type == "paragraph":
            blocks.append(("paragraph", block.value.source))
        elif block.block_type == "quote":
            blocks.append(
                ("quote", {"text": block.value["text"], "attribution": block.value["attribution"]})
            )
        else:
            blocks.append((block.block_type, block.value))
    return blocks


def editor_form(
    client: Client, url: str, body: list[tuple[str, Any]], action: str, **fields: Any
) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    form: dict[str, Any] = {k: v for k, v in data.lists() if "__prefix__" not in k}
    form = {k: v[0] if len(v) == 1 else v for k, v in form.items()}
    form.update(body_form_data(body))
    form.update(ACTIONS[action])
    form.update(fields)
    return form


def create_article(
    client: Client,
    section: Any,
    action: str = "save",
    title: str = "",
    body: list[tuple[str, Any]] | None = None,
    **fields: Any,
) -> Any:
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    body = body if body is not None else [("paragraph", "<p>نص الخبر الأول.</p>")]
    # The editor's JavaScript fills the slug from the title as the reporter types.
    form = editor_form(client, url, body, action, title=title, slug=slugify(title), **fields)
    return client.post(url, form)


def edit_article(
    client: Client,
    page: Any,
    action: str = "save",
    body: list[tuple[str, Any]] | None = None,
    **fields: Any,
) -> Any:
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    page = page.get_latest_revision_as_object()
    form = editor_form(
        client, url, body if body is not None else current_body(page), action, **fields
    )
    return client.post(url, form)
