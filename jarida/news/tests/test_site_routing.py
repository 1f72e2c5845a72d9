"""Which site answers a request: reader pages are served by our own view (`serve_page`),
which finds the request's home page by Wagtail's rules for choosing a site without
`Site.find_for_request`; the choice must stay Wagtail's, and a site rooted at another kind
of page is still Wagtail's to serve."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from jarida.news.links import site_root
from jarida.news.models import HomePage, InfoPage
from jarida.news.tests.factories import ArticleFactory, SectionFactory, paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]


def plain_site(hostname: str, port: int = 80, title: str = "مدونة الجريدة") -> InfoPage:
    """A second site on `hostname`, rooted at a plain page rather than the paper's home."""
    root = InfoPage(title=title, slug=f"root-{hostname}-{port}", body=paragraphs("صفحة مستقلة."))
    Page.get_first_root_node().add_child(instance=root)
    root.save_revision().publish()
    Site.objects.create(hostname=hostname, port=port, root_page=root, site_name=title)
    return root


def test_the_paper_answers_on_any_host_the_default_site_serves(client, any_host):
    article = ArticleFactory(parent=SectionFactory(title="سياسة"), title="الحكومة تقر الموازنة")

    home = client.get("/", HTTP_HOST="jarida.example")
    page = client.get(article.url, HTTP_HOST="jarida.example")

    assert home.status_code == 200 and "الحكومة تقر الموازنة" in home.content.decode()
    assert page.status_code == 200 and "<h1" in page.content.decode()


def test_a_site_rooted_at_another_kind_of_page_is_served_by_wagtail(client, any_host):
    article = ArticleFactory(parent=SectionFactory(title="سياسة"), title="الحكومة تقر الموازنة")
    plain_site("blog.example")

    own_root = client.get("/", HTTP_HOST="blog.example")
    paper_path = client.get(article.url, HTTP_HOST="blog.example")
    paper = client.get(article.url, HTTP_HOST="jarida.example")

    assert own_root.status_code == 200 and "مدونة الجريدة" in own_root.content.decode()
    assert paper_path.status_code == 404  # the paper's tree is not under that site
    assert paper.status_code == 200


def test_the_site_chosen_for_each_host_and_port_is_wagtails(any_host):
    home = HomePage.objects.get()
    plain_site("blog.example", 80, "مدونة")
    plain_site("blog.example", 8080, "مدونة الاختبار")
    plain_site("media.example", 80, "الوسائط")
    plain_site("media.example", 8443, "الوسائط الآمنة")
    factory = RequestFactory()
    asked = [
        ("localhost", "80"),
        ("blog.example", "80"),
        ("blog.example", "8080"),
        ("blog.example", "9000"),  # the hostname on two other ports: the default site
        ("media.example", "9000"),
        ("unknown.example", "80"),
        ("BLOG.example", "8080"),
    ]
    for host, port in asked:
        request = factory.get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)
        wagtails = Site.find_for_request(
            factory.get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)
        )
        assert (root.id if (root := site_root(request)) else None) == (
            wagtails.root_page_id if wagtails else None
        ), (host, port)
    # With no default site, a hostname on two ports and neither asked for is no site at all.
    Site.objects.filter(root_page=home).update(is_default_site=False)
    request = factory.get("/", HTTP_HOST="media.example:9000", SERVER_PORT="9000")
    assert site_root(request) is None
    assert Site.find_for_request(request) is None


@pytest.mark.parametrize("restricted", ["home", "section"])
def test_a_password_on_the_front_page_or_a_section_still_guards_its_pages(client, restricted):
    section = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=section, title="الحكومة تقر الموازنة")
    page = HomePage.objects.get() if restricted == "home" else section
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="كلمة-سر"
    )

    for url in ("/", article.url) if restricted == "home" else (article.url,):
        response = client.get(url)
        text = response.content.decode()
        assert 'name="password"' in text, url
        assert "الحكومة تقر الموازنة" not in text, url
