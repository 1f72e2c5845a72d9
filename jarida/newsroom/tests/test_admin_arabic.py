"""The admin speaks Arabic: no English left on the screens a newsroom uses (a short
allow-list for names and codes), the catalogue's mistranslations corrected, and dates in the
paper's CLDR style (jarida/locale, jarida/formats); the admin's scripts too (djangojs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.timezone import localtime
from wagtail.models import Workflow

from jarida.arabic import month_name
from jarida.news.tests.factories import ArticleFactory
from jarida.outbox.models import OutgoingMessage

pytestmark = pytest.mark.django_db

# Names and codes that are not English prose.
ALLOWED = {"wagtail", "root", "html", "url", "rss", "atom", "json", "api", "csv", "pdf", "ok"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")  # data, like a name


def visible_english(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "svg", "noscript", "code", "pre"]):
        hidden.decompose()
    for tag in soup.select("[hidden], .visually-hidden, .w-sr-only"):
        tag.decompose()
    words = set(LATIN_WORD.findall(EMAIL_ADDRESS.sub(" ", soup.get_text(" "))))
    return {w for w in words if w.lower() not in ALLOWED}


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "x")


def test_the_newsrooms_screens_have_no_english_left(client, root, politics):
    article = ArticleFactory(parent=politics, title="خبر للاختبار", byline="ريم")
    # The outbox with one message in each state (its last error is the server's own words).
    for state in ("queued", "sent", "failed"):
        failed = OutgoingMessage.objects.create(
            subject="خبر ينتظر المراجعة",
            from_email="newsroom@example.com",
            recipients=["desk@example.com"],
            mime=b"",
            state=state,
            attempts=1,
        )
    client.force_login(root)
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[politics.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", politics.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_pages:search") + "?q=خبر",
        reverse("outbox:index"),
        reverse("outbox:inspect", args=[failed.pk]),
        reverse("outbox:retry", args=[failed.pk]),
    ]
    leftovers = {url: visible_english(client.get(url).content.decode()) for url in screens}

    assert {url: words for url, words in leftovers.items() if words} == {}


def test_mistranslations_are_corrected(client, root, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(root)

    page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "انظر في الواقع" not in page
    assert "قصصات" not in home
    assert "هذا صفحة" not in page


def test_wagtails_starter_workflow_has_an_arabic_name(client, root):
    names = set(Workflow.objects.values_list("name", flat=True))

    assert "Moderators approval" not in names


def test_admin_dates_read_in_the_papers_style(client, root, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(root)
    moment = localtime(article.latest_revision_created_at)
    month = month_name(moment.month, "ar_LB", "dual")  # the newsroom's default locale and style

    text = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content.decode()

    # «2 كانون الأول/ديسمبر 2026، 09:05», not Django's fallback «ديسمبر 2, 2026».
    assert f"{moment.day} {month} {moment.year}، {moment:%H:%M}" in text
    assert f"{month.split('/')[-1]} {moment.day}, {moment.year}" not in text


def test_a_workflow_status_says_how_long_ago_in_arabic(client, reporter, editor, politics):
    from jarida.newsroom.tests.test_review_workflow import submit_for_review

    article, _ = submit_for_review(client, reporter, politics, "خبر قيد المراجعة")
    client.force_login(editor)

    page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()

    text = visible_text_of(page)
    assert " ago" not in text and "a moment" not in text and " now" not in text
    # «منذ 3 ثوانٍ», or «الآن» when the page is opened within the second.
    assert "منذ" in text or "الآن" in text


def visible_text_of(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return soup.get_text(" ")


def served_js_catalog(client) -> dict[str, object]:
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    start = script.index("const newcatalog = ") + len("const newcatalog = ")
    return json.JSONDecoder().raw_decode(script, start)[0]


def test_every_string_wagtails_scripts_show_is_arabic(client, root):
    """Wagtail's own template of its JavaScript strings (the English catalogue, extracted from
    its scripts) against the catalogue the admin serves: each must come back in Arabic."""
    wagtail_admin = Path(wagtail.admin.__file__).parent
    with (wagtail_admin / "locale/en/LC_MESSAGES/djangojs.po").open("rb") as source:
        strings = [m.id for m in read_po(source) if m.id]
    client.force_login(root)

    catalog = served_js_catalog(client)

    english = []
    for msgid in strings:
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        translated = catalog.get(singular)
        text = " ".join(translated) if isinstance(translated, list) else translated or ""
        needs_words = LATIN_WORD.search(re.sub(r"%\(\w+\)\w", "", singular))
        if needs_words and not re.search(r"[\u0600-\u06FF]", text):
            english.append(singular)
    assert len(strings) > 50
    assert english == []
    assert catalog["Changes have been autosaved."] == "حُفظت التعديلات تلقائيًا."
