"""Editors arrange the draft digest in the admin before its send: move a story up, down or
to the lead, drop one, add one; the preview and then the mail follow their order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsletters.models import Edition, NewsletterList, Subscriber
from jarida.newsletters.tests.test_admin import staff
from jarida.newsroom import roles

pytestmark = pytest.mark.django_db


class Editor:
    """An editor's browser in the admin: CSRF enforced, every button pressed from the page."""

    def __init__(self, user: User) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(user)

    def page(self, edition: Edition) -> BeautifulSoup:
        answer = self.client.get(f"/admin/newsletters/editions/stories/{edition.pk}/")
        assert answer.status_code == 200
        return BeautifulSoup(answer.content.decode(), "html.parser")

    def press(self, edition: Edition, article_id: int, action: str) -> Any:
        """Press the `action` button on the row of `article_id` (or «أضف» for it)."""
        page = self.page(edition)
        if action == "add":
            form = page.select_one("form#edition-add-story")
            assert form is not None, "no add form"
            options = [o["value"] for o in form.select("option")]
            assert str(article_id) in options, "not offered"
        else:
            row = page.select_one(f'tr[data-article="{article_id}"]')
            assert row is not None, f"{article_id} not listed"
            button = row.select_one(f'button[value="{action}"]')
            assert button is not None, f"no {action} button on {article_id}"
            form = button.find_parent("form")
        fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
        fields.update({"action": action, "article": str(article_id)})
        return self.client.post(f"/admin/newsletters/editions/stories/{edition.pk}/", fields)

    def listed(self, edition: Edition) -> list[int]:
        rows = self.page(edition).select("#edition-stories tr[data-article]")
        return [int(row["data-article"]) for row in rows]

    def preview_links(self, edition: Edition) -> list[str]:
        answer = self.client.get(f"/admin/newsletters/editions/preview/{edition.pk}/")
        return story_links(answer.content.decode())


def story_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in soup.select("h1 a[href], p a[href]") if "/a/" in a["href"]]
    return list(dict.fromkeys(links))


def url(pk: int) -> str:
    return f"https://jarida.example/a/{pk}/"


@pytest.fixture
def draft(smtp) -> Edition:
    politics, economy = SectionFactory(title="سياسة"), SectionFactory(title="اقتصاد")
    ago = timezone.now() - dt.timedelta(minutes=30)
    for n, (section, title) in enumerate(
        [
            (politics, "الحكومة تُقرّ الموازنة"),
            (economy, "الليرة تستقرّ أمام الدولار"),
            (politics, "وزير الخارجية يزور دمشق"),
            (economy, "ارتفاع أسعار المحروقات ٣٪"),
        ]
    ):
        ArticleFactory(
            parent=section, title=title, first_published_at=ago - dt.timedelta(minutes=n)
        )
    subscriber = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))
    call_command("send_newsletter", "daily", "--draft")
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.DRAFT and len(edition.article_ids) == 4
    return edition


@pytest.fixture
def editor() -> Editor:
    return Editor(staff("desk", "view_edition", "change_edition"))


def test_an_editor_reorders_the_draft_and_the_preview_and_the_mail_follow(draft, editor, smtp):
    first, second, third, fourth = draft.article_ids
    assert editor.listed(draft) == [first, second, third, fourth]
    assert editor.preview_links(draft) == [url(first), url(second), url(third), url(fourth)]

    assert editor.press(draft, fourth, "up").status_code == 302
    assert editor.listed(draft) == [first, second, fourth, third]
    editor.press(draft, first, "down")
    assert editor.listed(draft) == [second, first, fourth, third]
    editor.press(draft, third, "top")  # the new lead
    assert editor.listed(draft) == [third, second, first, fourth]

    order = [url(pk) for pk in (third, second, first, fourth)]
    assert editor.preview_links(draft) == order
    preview = editor.client.get(f"/admin/newsletters/editions/preview/{draft.pk}/")
    lead = BeautifulSoup(preview.content.decode(), "html.parser").select_one("h1 a")
    assert lead["href"] == url(third)

    call_command("send_newsletter", "daily")  # the scheduled send takes the draft as it is
    (mail,) = smtp.received
    html = mail.message.get_body(("html",)).get_content()
    assert story_links(html) == order
    text = mail.message.get_body(("plain",)).get_content()
    positions = [text.index(link) for link in order]
    assert positions == sorted(positions)


def test_an_editor_drops_a_story_and_adds_an_older_one(draft, editor, smtp):
    older = ArticleFactory(
        title="حصاد الأسبوع الاقتصادي", first_published_at=timezone.now() - dt.timedelta(hours=30)
    )
    dropped = draft.article_ids[1]
    editor.press(draft, dropped, "remove")
    editor.press(draft, older.pk, "add")
    kept = [pk for pk in draft.article_ids if pk != dropped] + [older.pk]
    assert editor.listed(draft) == kept
    assert editor.preview_links(draft) == [url(pk) for pk in kept]

    call_command("send_newsletter", "daily")
    (mail,) = smtp.received
    html = mail.message.get_body(("html",)).get_content()
    assert story_links(html) == [url(pk) for pk in kept]
    assert url(dropped) not in html


def test_the_last_story_cannot_be_dropped_and_a_story_is_not_added_twice(draft, editor):
    for pk in draft.article_ids[1:]:
        editor.press(draft, pk, "remove")
    only = draft.article_ids[0]
    answer = editor.press(draft, only, "remove")
    assert answer.status_code == 302
    assert "لا يُرسل عدد بلا أخبار" in editor.client.get(answer["Location"]).content.decode()
    assert editor.listed(draft) == [only]
    fields = {"action": "add", "article": str(only)}
    page = editor.page(draft)
    fields["csrfmiddlewaretoken"] = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    editor.client.post(f"/admin/newsletters/editions/stories/{draft.pk}/", fields)
    draft.refresh_from_db()
    assert draft.article_ids == [only]


def test_an_edition_being_sent_is_not_rearranged(draft, editor, smtp, client):
    call_command("send_newsletter", "daily")
    draft.refresh_from_db()
    before = list(draft.article_ids)
    assert not editor.page(draft).select("#edition-stories button")  # no buttons once sent
    client.force_login(User.objects.get(username="desk"))
    answer = client.post(
        f"/admin/newsletters/editions/stories/{draft.pk}/",
        {"action": "top", "article": str(before[-1])},
    )
    assert "بدأ إرساله" in client.get(answer["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.article_ids == before


def test_a_section_editor_without_the_permission_cannot_rearrange(draft, client):
    from jarida.news.models import ArticlePage

    article = ArticlePage.objects.get(pk=draft.article_ids[0])
    user = User.objects.create_user("section-editor", password="x")
    user.groups.add(roles.section_group(article.get_parent(), roles.EDITOR))
    client.force_login(user)
    before = list(draft.article_ids)
    answer = client.post(
        f"/admin/newsletters/editions/stories/{draft.pk}/",
        {"action": "top", "article": str(before[-1])},
    )
    assert answer.status_code == 302 and answer["Location"] == "/admin/"  # Wagtail's 403
    draft.refresh_from_db()
    assert draft.article_ids == before
