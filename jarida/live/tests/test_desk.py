"""The newsroom runs live coverage from the desk in the admin: reporters post in two clicks,
editors pin, mark, edit, correct and delete, and every change is in the page's history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from jarida.images.tests.factories import jpeg_file
from jarida.live.models import LiveUpdate
from jarida.live.tests.factories import LiveUpdateFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db


def upload(name: str) -> SimpleUploadedFile:
    """A JPEG as a phone's browser uploads it."""
    return SimpleUploadedFile(name, jpeg_file(320, 180).file.getvalue(), "image/jpeg")


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with its home page and a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def actions(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=page, action__startswith="live.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_reporter_finds_the_desk_and_posts_an_update_in_two_clicks(reporter, coverage):
    client = logged_in(reporter)
    index = soup(client.get(reverse("live_desk_index")).content.decode())
    desk_url = index.find("a", string=coverage.title)["href"]

    desk = soup(client.get(desk_url).content.decode())
    form = desk.select_one("form.live-desk-post")
    token = form.select_one("[name=csrfmiddlewaretoken]")["value"]
    response = client.post(
        desk_url,
        {
            "csrfmiddlewaretoken": token,
            "text": "الثلوج تغلق طريق ضهر البيدر.\n\nالجيش يفتح الطريق.",
        },
    )

    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert (update.page_id, update.author_name, update.posted_by) == (
        coverage.pk,
        "سامر",
        reporter,
    )
    assert [b.block_type for b in update.body] == ["paragraph", "paragraph"]
    assert actions(coverage) == ["live.update_posted"]
    # Public at once: no draft, no review.
    assert "الجيش يفتح الطريق." in visible_text(Client().get(coverage.url).content.decode())
    stream = soup(client.get(desk_url).content.decode()).select(".live-desk-update")
    assert "الثلوج تغلق طريق ضهر البيدر." in stream[0].get_text()


def test_the_desk_lists_the_stream_newest_first(reporter, coverage):
    older = LiveUpdateFactory(page=coverage, title="قديم")
    newer = LiveUpdateFactory(page=coverage, title="جديد")

    page = soup(logged_in(reporter).get(reverse("live_desk", args=[coverage.pk])).content.decode())

    ids = [li["id"] for li in page.select(".live-desk-update")]
    assert ids == [f"desk-update-{newer.pk}", f"desk-update-{older.pk}"]


def test_an_empty_update_is_refused_in_arabic_and_the_title_is_kept(reporter, coverage):
    client = logged_in(reporter)

    response = client.post(
        reverse("live_desk", args=[coverage.pk]), {"text": "   ", "title": "عاجل من الجبل"}
    )

    assert response.status_code == 400
    assert "اكتب نص التحديث" in response.content.decode()
    assert "عاجل من الجبل" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_a_reporter_cannot_post_to_another_sections_live_page(sport_reporter, coverage):
    client = logged_in(sport_reporter)

    response = client.post(reverse("live_desk", args=[coverage.pk]), {"text": "نص"})

    assert refused(response)
    assert not LiveUpdate.objects.exists()
    index = client.get(reverse("live_desk_index")).content.decode()
    assert coverage.title not in index


def test_a_reporter_cannot_pin_edit_or_delete(reporter, coverage):
    update = LiveUpdateFactory(page=coverage)
    client = logged_in(reporter)

    for name in ("live_update_pin", "live_update_edit", "live_update_delete"):
        assert refused(client.post(reverse(name, args=[update.pk]), {"text": "x"})), name
    update.refresh_from_db()
    assert not update.pinned and LiveUpdate.objects.filter(pk=update.pk).exists()
    page = soup(client.get(reverse("live_desk", args=[coverage.pk])).content.decode())
    assert not page.select(".live-desk-actions")


def test_an_editor_pins_marks_edits_corrects_and_deletes_in_place(editor, coverage):
    update = LiveUpdateFactory(page=coverage)
    gone = LiveUpdateFactory(page=coverage)
    client = logged_in(editor)

    client.post(reverse("live_update_pin", args=[update.pk]))
    client.post(reverse("live_update_key", args=[update.pk]))
    edited = client.post(
        reverse("live_update_edit", args=[update.pk]),
        {"title": "الإنقاذ", "text": "وصلت فرق الإنقاذ إلى البلدة.", "key_event": "on"},
    )
    client.post(
        reverse("live_update_correct", args=[update.pk]),
        {"kind": "correction", "text": "الفرق وصلت ظهراً لا صباحاً."},
    )
    client.post(reverse("live_update_delete", args=[gone.pk]))

    assert edited.status_code == 302
    assert edited["Location"].endswith(f"#desk-update-{update.pk}")
    update.refresh_from_db()
    assert (update.pinned, update.key_event, update.title) == (True, True, "الإنقاذ")
    assert update.edited_at is not None
    assert not LiveUpdate.objects.filter(pk=gone.pk).exists()
    assert actions(coverage) == [
        "live.update_pinned",
        "live.update_key_event",
        "live.update_edited",
        "live.update_corrected",
        "live.update_deleted",
    ]
    reader = soup(Client().get(coverage.url).content.decode())
    shown = reader.select_one(f"#update-{update.pk}")
    assert "وصلت فرق الإنقاذ إلى البلدة." in shown.get_text()
    assert "الفرق وصلت ظهراً لا صباحاً." in shown.select_one(".live-update-corrections").get_text()
    assert reader.select_one(f"#pinned-update-{update.pk}") is not None


def test_the_desk_forms_need_a_csrf_token(reporter, coverage):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post(reverse("live_desk", args=[coverage.pk]), {"text": "نص"})

    assert response.status_code == 403
    assert not LiveUpdate.objects.exists()


def test_the_page_editor_links_to_the_desk(editor, coverage):
    client = logged_in(editor)

    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[coverage.pk])).content.decode())

    assert page.find("a", href=reverse("live_desk", args=[coverage.pk]))


def test_an_editor_creates_a_live_page_under_a_section_in_the_admin(editor, local):
    client = logged_in(editor)
    url = reverse("wagtailadmin_pages:add", args=["live", "livecoveragepage", local.pk])

    response = client.get(url)
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    form.update(
        title="مباشر: الانتخابات البلدية",
        slug="مباشر-الانتخابات-البلدية",
        summary="فتح صناديق الاقتراع",
        state="live",
    )
    form["action-publish"] = "action-publish"
    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    from jarida.live.models import LiveCoveragePage

    page = LiveCoveragePage.objects.get(title="مباشر: الانتخابات البلدية")
    assert page.live and page.get_parent().pk == local.pk
    assert page.slug == "مباشر-الانتخابات-البلدية"


def test_a_reporter_posts_a_photo_from_the_field_with_its_credit(reporter, coverage):
    client = logged_in(reporter)

    response = client.post(
        reverse("live_desk", args=[coverage.pk]),
        {
            "text": "الأمواج تغمر الكورنيش الجنوبي.",
            "photo": upload("كورنيش.jpg"),
            "photo_caption": "الكورنيش الجنوبي مساءً",
            "photo_credit": "© جريدة / سامر",
        },
    )

    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert [b.block_type for b in update.body] == ["paragraph", "image"]
    reader = visible_text(Client().get(coverage.url).content.decode())
    assert "© جريدة / سامر" in reader and "الكورنيش الجنوبي مساءً" in reader


def test_a_photo_without_a_credit_is_refused_and_the_text_is_kept(reporter, coverage):
    client = logged_in(reporter)

    response = client.post(
        reverse("live_desk", args=[coverage.pk]),
        {"text": "نص يبقى في الخانة.", "photo": upload("x.jpg")},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "اكتب حقوق الصورة" in html and "نص يبقى في الخانة." in html
    assert not LiveUpdate.objects.exists()


def test_the_desk_lists_live_coverage_before_paused_and_ended(editor, local):
    from jarida.live.models import LiveCoveragePage
    from jarida.live.tests.factories import LiveCoverageFactory

    ended = LiveCoverageFactory(parent=local, title="تغطية منتهية", state="ended")
    live = LiveCoverageFactory(parent=local, title="تغطية جارية")
    paused = LiveCoverageFactory(parent=local, title="تغطية متوقفة", state="paused")

    page = soup(logged_in(editor).get(reverse("live_desk_index")).content.decode())

    titles = [a.get_text() for a in page.select(".live-desk-pages a")]
    assert titles == [live.title, paused.title, ended.title]
    assert LiveCoveragePage.objects.get(pk=ended.pk).ended_at is not None


def test_an_editor_edits_the_text_of_a_photo_or_quote_update_in_place_keeping_them(
    reporter, editor, coverage
):
    logged_in(reporter).post(
        reverse("live_desk", args=[coverage.pk]),
        {
            "text": "الأمواج تغمر الكورنيش.",
            "photo": upload("موج.jpg"),
            "photo_caption": "الكورنيش مساءً",
            "photo_credit": "© جريدة / سامر",
        },
    )
    photo_update = LiveUpdate.objects.get()
    quoted = LiveUpdateFactory(
        page=coverage,
        body=[
            {"type": "quote", "value": {"text": "لن نغادر البلدة", "attribution": "رئيس البلدية"}},
            {"type": "paragraph", "value": "<p>قال رئيس البلدية صباحاً.</p>"},
        ],
    )
    client = logged_in(editor)
    desk = soup(client.get(reverse("live_desk", args=[coverage.pk])).content.decode())
    boxes = {
        pk: desk.select_one(f"#desk-update-{pk} textarea[name=text]").get_text()
        for pk in (photo_update.pk, quoted.pk)
    }

    for update, text in ((photo_update, "الأمواج تغمر الكورنيش الجنوبي."), (quoted, "قال رئيسها.")):
        form = querydict_from_html(
            str(desk.select_one(f"#desk-update-{update.pk}")),
            form_index=3,  # pin, key event, delete, then the edit form
        )
        response = client.post(
            reverse("live_update_edit", args=[update.pk]), form.dict() | {"text": text}
        )
        assert response.status_code == 302
    photo_update.refresh_from_db()
    quoted.refresh_from_db()
    reader = visible_text(Client().get(coverage.url).content.decode())

    assert boxes == {
        photo_update.pk: "الأمواج تغمر الكورنيش.",
        quoted.pk: "قال رئيس البلدية صباحاً.",
    }
    assert [b.block_type for b in photo_update.body] == ["paragraph", "image"]
    assert [b.block_type for b in quoted.body] == ["quote", "paragraph"]
    assert photo_update.edited_at is not None
    assert "الأمواج تغمر الكورنيش الجنوبي." in reader and "© جريدة / سامر" in reader
    assert "لن نغادر البلدة" in reader and "قال رئيسها." in reader
    assert "قال رئيس البلدية صباحاً." not in reader
    assert actions(coverage).count("live.update_edited") == 2
