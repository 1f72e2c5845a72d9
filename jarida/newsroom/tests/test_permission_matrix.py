"""The permission matrix: each role against the admin's screens, by URL. A role opens (200)
exactly the screens listed for it; on every other it is turned away (302 to the dashboard or
login, 403 or 404). A screen a lower role opens by mistake fails here. Then each role against
the explorer's bulk actions, posted as the explorer posts them: the action happens exactly for
the roles allowed it. Last, each role against every way of deleting a photo or a document
(the delete screen, the multiple uploader's delete button, the listing's bulk action): only
the chief and superusers delete, even what they uploaded themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, AuthorFactory
from jarida.outbox.models import OutgoingMessage

pytestmark = pytest.mark.django_db

ROLES = ("reporter", "editor", "sport_editor", "chief", "moderator")


def screens(
    politics, article, author, image, document, outgoing
) -> dict[str, tuple[str, set[str]]]:
    """name: (url, roles that may open it)."""
    everyone = set(ROLES)
    pages = {"editor", "chief"}
    writers = {"reporter", "editor", "sport_editor", "chief"}
    return {
        "dashboard": (reverse("wagtailadmin_home"), everyone),
        "explore politics": (
            reverse("wagtailadmin_explore", args=[politics.pk]),
            {"reporter", "editor", "chief"},
        ),
        "edit a published article": (
            reverse("wagtailadmin_pages:edit", args=[article.pk]),
            pages,
        ),
        "add an article": (
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", politics.pk]),
            {"reporter", "editor", "chief"},
        ),
        "unpublish": (reverse("wagtailadmin_pages:unpublish", args=[article.pk]), pages),
        # Wagtail's change permission on a section lets its editor delete and move there.
        "delete a page": (reverse("wagtailadmin_pages:delete", args=[article.pk]), pages),
        "move a page": (reverse("wagtailadmin_pages:move", args=[article.pk]), pages),
        "take down": (reverse("newsroom_takedown", args=[article.pk]), {"chief"}),
        "users": (reverse("wagtailusers_users:index"), {"chief"}),
        "add user": (reverse("wagtailusers_users:add"), {"chief"}),
        "groups": (reverse("wagtailusers_groups:index"), {"chief"}),  # to read, not change
        "add group": (reverse("wagtailusers_groups:add"), set()),
        "workflows": (reverse("wagtailadmin_workflows:index"), set()),
        "sites": (reverse("wagtailsites:index"), set()),
        "redirects": (reverse("wagtailredirects:index"), {"editor", "sport_editor", "chief"}),
        "authors": (
            reverse("wagtailsnippets_news_author:list"),
            {"reporter", "editor", "sport_editor", "chief"},
        ),
        "edit an author": (
            reverse("wagtailsnippets_news_author:edit", args=[author.pk]),
            {"editor", "sport_editor", "chief"},
        ),
        "delete an author": (
            reverse("wagtailsnippets_news_author:delete", args=[author.pk]),
            {"chief"},
        ),
        "comment queue": (reverse("comments_desk:list"), {"chief", "moderator"}),
        "newsroom settings": (
            reverse(
                "wagtailsettings:edit",
                args=["news", "newsroomsettings", Site.objects.get(is_default_site=True).pk],
            ),
            {"chief"},
        ),
        # The image library (photos are picked and uploaded by whoever writes).
        "images": (reverse("wagtailimages:index"), writers),
        "add an image": (reverse("wagtailimages:add"), writers),
        "add images": (reverse("wagtailimages:add_multiple"), writers),
        "edit someone's image": (
            reverse("wagtailimages:edit", args=[image.pk]),
            {"editor", "sport_editor", "chief"},
        ),
        # Wagtail counts deleting an image as changing it; the newsroom does not
        # (`jarida.newsroom.library`): only the chief deletes photos.
        "delete an image": (reverse("wagtailimages:delete", args=[image.pk]), {"chief"}),
        # Documents (PDFs attached to articles): the chief's.
        "documents": (reverse("wagtaildocs:index"), {"chief"}),
        "add documents": (reverse("wagtaildocs:add_multiple"), {"chief"}),
        "edit a document": (reverse("wagtaildocs:edit", args=[document.pk]), {"chief"}),
        "delete a document": (reverse("wagtaildocs:delete", args=[document.pk]), {"chief"}),
        # The outbox is the operator's: superusers only (it lists mail to superusers too).
        "outbox": (reverse("outbox:index"), set()),
        "an outgoing message": (reverse("outbox:inspect", args=[outgoing.pk]), set()),
        "retry a failed message": (reverse("outbox:retry", args=[outgoing.pk]), set()),
    }


def a_document(**fields) -> Document:
    return Document.objects.create(
        title="بيان الوزارة",
        file=ContentFile(b"%PDF-1.4 statement", name="statement.pdf"),
        **fields,
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_screens(client, request, role, politics, sport):
    article = ArticleFactory(parent=politics)
    author = AuthorFactory()
    image, document = NewsImageFactory(), a_document()
    outgoing = OutgoingMessage.objects.create(
        subject="إعادة تعيين كلمة المرور",
        from_email="newsroom@example.com",
        recipients=["root@example.com"],
        mime=b"",
        state=OutgoingMessage.State.FAILED,
    )
    client.force_login(request.getfixturevalue(role))

    opened, refused_wrongly = set(), set()
    for name, (url, allowed) in screens(
        politics, article, author, image, document, outgoing
    ).items():
        status = client.get(url).status_code
        if role in allowed and status != 200:
            refused_wrongly.add((name, status))
        if role not in allowed and status == 200:
            opened.add(name)

    assert opened == set(), f"{role} opened screens above its role"
    assert refused_wrongly == set(), f"{role} was refused its own screens"
    client.post(reverse("outbox:retry", args=[outgoing.pk]))
    assert OutgoingMessage.objects.get(pk=outgoing.pk).state == OutgoingMessage.State.FAILED


def bulk(client, action: str, page: Page, **data: str):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    next_url = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    return client.post(f"{url}?id={page.pk}&next={next_url}", data)


def publish_draft(client, article) -> bool:
    article.title = "عنوان جديد ينتظر النشر"
    article.save_revision()
    bulk(client, "publish", article)
    return Page.objects.get(pk=article.pk).title == "عنوان جديد ينتظر النشر"


def unpublish(client, article) -> bool:
    bulk(client, "unpublish", article)
    return not Page.objects.get(pk=article.pk).live


def delete(client, article) -> bool:
    bulk(client, "delete", article)
    return not Page.objects.filter(pk=article.pk).exists()


BULK_ACTIONS = {
    "publish": (publish_draft, {"editor", "chief"}),
    "unpublish": (unpublish, {"editor", "chief"}),
    "delete": (delete, {"editor", "chief"}),
}


@pytest.mark.parametrize("action", BULK_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_can_bulk_act_exactly_where_its_role_allows(
    client, request, role, action, politics, sport
):
    article = ArticleFactory(parent=politics)
    client.force_login(request.getfixturevalue(role))
    perform, allowed = BULK_ACTIONS[action]

    assert perform(client, article) == (role in allowed)


# How the admin deletes from a library: (URL namespace, delete screen, the multiple
# uploader's delete button) for images and documents.
LIBRARIES = {
    "image": ("wagtailimages", "delete", "delete_multiple"),
    "document": ("wagtaildocs", "delete", "delete_multiple"),
}
DELETERS = {"chief", "root"}


def bulk_delete_url(item) -> str:
    opts = item._meta
    url = reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, "delete"])
    index = "wagtailimages:index" if isinstance(item, get_image_model()) else "wagtaildocs:index"
    return f"{url}?id={item.pk}&next={reverse(index)}"


def delete_through(client, way: str, kind: str, item) -> int:
    """Open the way's screen as the admin links it (GET), then confirm (POST); returns the
    status of the GET (the uploader's button has no screen: 0)."""
    namespace, screen, uploader = LIBRARIES[kind]
    if way == "delete screen":
        url = reverse(f"{namespace}:{screen}", args=[item.pk])
    elif way == "bulk action":
        url = bulk_delete_url(item)
    else:
        client.post(reverse(f"{namespace}:{uploader}", args=[item.pk]))
        return 0
    status = client.get(url).status_code
    client.post(url)
    return status


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pass-1234")


@pytest.mark.parametrize("way", ["delete screen", "uploader's button", "bulk action"])
@pytest.mark.parametrize("role", (*ROLES, "root"))
def test_only_the_chief_and_superusers_delete_photos_and_documents(
    client, request, role, way, politics, sport
):
    user = request.getfixturevalue(role)
    # Uploaded by the role itself: Wagtail lets an uploader change (and so delete) their own.
    image = NewsImageFactory(uploaded_by_user=user)
    document = a_document(uploaded_by_user=user)
    client.force_login(user)

    opened = {
        "image": delete_through(client, way, "image", image),
        "document": delete_through(client, way, "document", document),
    }

    image_kept = get_image_model().objects.filter(pk=image.pk).exists()
    document_kept = Document.objects.filter(pk=document.pk).exists()
    if role in DELETERS:
        assert (image_kept, document_kept) == (False, False)
        if way == "delete screen":
            assert opened == {"image": 200, "document": 200}
    else:
        assert (image_kept, document_kept) == (True, True), f"{role} deleted through the {way}"
        if way == "delete screen":
            assert 200 not in opened.values()


def test_the_edit_screen_offers_delete_only_to_whoever_may_delete(client, editor, chief):
    image = NewsImageFactory(uploaded_by_user=editor)
    edit = reverse("wagtailimages:edit", args=[image.pk])
    delete = reverse("wagtailimages:delete", args=[image.pk])

    client.force_login(editor)
    as_editor = client.get(edit)
    client.force_login(chief)
    as_chief = client.get(edit)

    assert as_editor.status_code == as_chief.status_code == 200
    assert delete not in as_editor.content.decode()
    assert delete in as_chief.content.decode()
