"""The newsletters in the admin: «إرسال تنبيه» (permission, once per article, hourly cap),
subscribers per list with CSV export and erasure, editions with their recipients' states."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory
from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber
from jarida.newsroom import roles
from jarida.newsroom.roles import CHIEF

pytestmark = pytest.mark.django_db


def staff(name: str, *codenames: str) -> User:
    """A member of «رئيس التحرير» (edits every page), plus `codenames` of this app."""
    group = Group.objects.create(name=f"group {name}")
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="newsletters", codename=codename)
        )
    user = User.objects.create_user(name, password="x")
    user.groups.add(group, Group.objects.get(name=CHIEF))
    return user


@pytest.fixture
def sender(client):
    user = staff(
        "sender", "send_newsletter", "view_edition", "view_subscriber", "delete_subscriber"
    )
    client.force_login(user)
    return client


def alert_subscribers(n: int) -> None:
    breaking = NewsletterList.objects.get(slug="breaking")
    for i in range(n):
        s = Subscriber.objects.create(email=f"a{i}@example.org", confirmed_at=timezone.now())
        s.lists.add(breaking)


def test_an_editor_sends_one_alert_for_a_breaking_article(sender, smtp):
    alert_subscribers(3)
    article = ArticleFactory(
        is_breaking=True, breaking_until=timezone.now() + timezone.timedelta(hours=2)
    )
    edit = sender.get(f"/admin/pages/{article.pk}/edit/")
    url = f"/admin/newsletters/alert/{article.pk}/"
    assert url in edit.content.decode() and "إرسال تنبيه" in edit.content.decode()
    assert "أرسل التنبيه" in sender.get(url).content.decode()
    assert sender.post(url).status_code == 302
    assert sender.post(url).status_code == 302  # pressed twice
    edition = Edition.objects.get()
    assert edition.article_id == article.pk and edition.subject == f"عاجل: {article.title}"
    assert edition.deliveries.count() == 3
    assert "أُرسل تنبيه بهذا الخبر من قبل" in sender.get(url).content.decode()


def test_an_alert_queued_for_an_article_taken_down_before_it_went_out_is_never_sent(sender, smtp):
    """A takedown is final in the inbox too: copies not yet sent are held back, with why."""
    from jarida.news.publication import take_down
    from jarida.newsletters.editions import WITHHELD
    from jarida.newsletters.sending import drain

    alert_subscribers(3)
    article = ArticleFactory(is_breaking=True)
    assert sender.post(f"/admin/newsletters/alert/{article.pk}/").status_code == 302
    queued = Edition.objects.get().deliveries.filter(state=Delivery.State.QUEUED).count()
    assert queued == 3

    take_down(article, None, "أمر قضائي")
    drain()

    assert smtp.received == []
    states = set(Edition.objects.get().deliveries.values_list("state", "error"))
    assert states == {(Delivery.State.FAILED, WITHHELD)}


def test_the_alert_is_not_offered_for_an_article_that_is_not_breaking(sender):
    article = ArticleFactory()
    assert (
        "/admin/newsletters/alert/"
        not in sender.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    )
    sender.post(f"/admin/newsletters/alert/{article.pk}/")
    assert not Edition.objects.exists()


def test_alerts_are_capped_per_hour(sender, settings):
    settings.NEWSLETTER_ALERTS_PER_HOUR = 2
    alert_subscribers(1)
    articles = [ArticleFactory(is_breaking=True) for _ in range(3)]
    for article in articles:
        sender.post(f"/admin/newsletters/alert/{article.pk}/")
    assert Edition.objects.count() == 2
    assert "الحدّ (2)" in sender.get(f"/admin/newsletters/alert/{articles[2].pk}/").content.decode()


def test_the_chief_sends_alerts_and_a_section_editor_cannot(client, smtp):
    """The roles as `sync_roles` makes them: the chief has this app's permissions, the
    section's editor (who edits the article) does not."""
    alert_subscribers(1)
    article = ArticleFactory(is_breaking=True)
    section = article.get_parent()
    editor = User.objects.create_user("section-editor", password="x")
    editor.groups.add(roles.section_group(section, roles.EDITOR))
    client.force_login(editor)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert (
        "/admin/newsletters/alert/"
        not in client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    )
    refused = client.post(f"/admin/newsletters/alert/{article.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's 403
    assert not Edition.objects.exists()

    chief = User.objects.create_user("chief", password="x")
    chief.groups.add(Group.objects.get(name=roles.CHIEF))
    client.force_login(chief)
    assert client.post(f"/admin/newsletters/alert/{article.pk}/").status_code == 302
    assert Edition.objects.get().article_id == article.pk


def test_subscribers_are_counted_per_list_and_exported_as_csv(sender):
    alert_subscribers(2)
    Subscriber.objects.create(
        email="gone@example.org", confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    counts = sender.get("/admin/newsletters/subscribers/counts/").content.decode()
    assert "<td>عاجل</td><td>2</td><td>2</td>" in counts
    export = sender.get("/admin/newsletters/subscribers/?export=csv")
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {"a0@example.org", "a1@example.org", "gone@example.org"}


def test_erasing_a_subscriber_removes_them_and_their_deliveries(sender, smtp):
    alert_subscribers(2)
    sender.post(f"/admin/newsletters/alert/{ArticleFactory(is_breaking=True).pk}/")
    page = sender.get("/admin/newsletters/subscribers/erase/?email=A0@example.org")
    assert "a0@example.org" in page.content.decode()
    sender.post(
        "/admin/newsletters/subscribers/erase/", {"email": "a0@example.org", "confirm": "1"}
    )
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["a1@example.org"]
    assert Delivery.objects.count() == 1


def test_an_edition_shows_its_recipients_states_and_previews_as_the_mail(sender, smtp):
    from django.core.management import call_command

    alert_subscribers(2)
    sender.post(f"/admin/newsletters/alert/{ArticleFactory(is_breaking=True).pk}/")
    call_command("send_newsletter", "queue")
    edition = Edition.objects.get()
    listing = sender.get("/admin/newsletters/editions/").content.decode()
    assert "أُرسلت: 2" in listing
    assert f"/admin/newsletters/editions/recipients/{edition.pk}/" in listing
    recipients = sender.get(
        f"/admin/newsletters/editions/recipients/{edition.pk}/"
    ).content.decode()
    assert "a0@example.org" in recipients and "a1@example.org" in recipients
    preview = sender.get(f"/admin/newsletters/editions/preview/{edition.pk}/")
    assert (
        'dir="rtl"' in preview.content.decode() and "sandbox" in preview["Content-Security-Policy"]
    )
