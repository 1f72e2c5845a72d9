"""Photo credits: pre-filled from the photo's IPTC/EXIF, required to publish, usage shown."""

from __future__ import annotations

import io
import struct

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jarida.images.models import NewsImage
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.forms import CREDIT_REQUIRED
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db


def jpeg_with_exif(**tags: str) -> bytes:
    image = Image.new("RGB", (64, 48), "#336699")
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[{"artist": 0x013B, "copyright": 0x8298, "description": 0x010E}[tag]] = value
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def jpeg_with_iptc(records: dict[tuple[int, int], str]) -> bytes:
    """A JPEG carrying an IPTC block, as agency pictures do (APP13, Photoshop 3.0, 8BIM 0x0404)."""
    iptc = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value.encode())) + value.encode()
        for key, value in records.items()
    )
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    payload = b"Photoshop 3.0\x00" + resource + iptc
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#993333").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[:2] + segment + data[2:]


@pytest.fixture
def chief_client(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pass-1234")
    client.force_login(user)
    return client


def upload(client, data: bytes, name: str = "photo.jpg") -> NewsImage:
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "صورة من الوكالة",
            "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "collection": "1",
            "credit": "",
            "caption": "",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return NewsImage.objects.latest("pk")


def test_an_agency_photo_arrives_with_its_iptc_credit_and_arabic_caption(chief_client):
    image = upload(
        chief_client,
        jpeg_with_iptc(
            {
                (2, 80): "Joseph Eid",
                (2, 110): "AFP",
                (2, 120): "متظاهرون أمام مجلس النواب في وسط بيروت",
            }
        ),
    )

    assert image.credit == "© AFP / Joseph Eid"
    assert image.caption == "متظاهرون أمام مجلس النواب في وسط بيروت"


def test_a_camera_photo_arrives_with_its_exif_copyright(chief_client):
    image = upload(
        chief_client,
        jpeg_with_exif(artist="Hassan Ammar", copyright="AP", description="Beirut port"),
    )

    assert image.credit == "© AP / Hassan Ammar"
    assert image.caption == "Beirut port"


def test_a_credit_typed_by_the_editor_is_kept(chief_client):
    response = chief_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "صورة",
            "collection": "1",
            "tags": "",
            "caption": "",
            "file": SimpleUploadedFile("p.jpg", jpeg_with_exif(copyright="AP"), "image/jpeg"),
            "credit": "تصوير: جريدة",
        },
    )

    assert response.status_code == 302
    assert NewsImage.objects.get().credit == "تصوير: جريدة"


def test_a_photo_without_metadata_has_empty_credit(chief_client):
    assert upload(chief_client, jpeg_with_exif()).credit == ""


def test_an_article_cannot_be_published_with_an_uncredited_lead_photo(chief_client):
    image = NewsImageFactory(credit="")
    article = ArticleFactory(parent=SectionFactory(), publish=False, lead_image=image)

    response = edit_article(chief_client, article, "publish")

    article.refresh_from_db()
    assert response.status_code == 200
    assert not article.live
    assert CREDIT_REQUIRED in response.content.decode()


def test_a_draft_may_be_saved_while_the_credit_is_being_chased(chief_client):
    article = ArticleFactory(
        parent=SectionFactory(), publish=False, lead_image=NewsImageFactory(credit="")
    )

    response = edit_article(chief_client, article, "save", title="مسودة بصورة")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().title == "مسودة بصورة"


def test_a_credit_written_on_the_article_is_enough_to_publish(chief_client):
    article = ArticleFactory(
        parent=SectionFactory(), publish=False, lead_image=NewsImageFactory(credit="")
    )

    edit_article(chief_client, article, "publish", lead_image_credit="© رويترز")

    article.refresh_from_db()
    assert article.live and article.photo_credit == "© رويترز"


def test_each_image_shows_where_it_is_used(chief_client):
    image = NewsImageFactory()
    article = ArticleFactory(parent=SectionFactory(), title="خبر بالصورة", lead_image=image)

    response = chief_client.get(reverse("wagtailimages:image_usage", args=[image.pk]))

    assert response.status_code == 200
    assert article.title in response.content.decode()
