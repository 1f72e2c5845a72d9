"""The foundation's promise: the reference page of a Beirut daily, imported and served whole."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jarida.news.models import ArticlePage
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

HEADLINE = "واشنطن قد تسحب قواتها المقاتلة من العراق نهاية 2021"


def import_reference(path) -> ArticlePage:
    out = io.StringIO()
    call_command("import_articles", "--format", "text", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("created /")
    return ArticlePage.objects.get(title=HEADLINE)


def body_paragraphs(path) -> list[str]:
    """The article's paragraphs as the page file has them: the lines between the second
    `increase حجم الخط decrease` marker's pair."""
    lines = path.read_text(encoding="utf-8").splitlines()
    markers = [i for i, line in enumerate(lines) if "حجم الخط" in line]
    body = lines[markers[0] + 1 : markers[1]]
    return [" ".join(line.split()) for line in body if line.strip()]


def test_the_reference_page_is_served_element_for_element(client, reference_page):
    article = import_reference(reference_page)

    response = client.get(f"/a/{article.pk}/", follow=True)

    assert response.redirect_chain[0][1] == 301
    html = response.content.decode()
    text = visible_text(html)
    assert "الجمعة 2021/07/23" in text
    assert "آخر تحديث: 20:02 (بيروت)" in text
    assert HEADLINE in text
    assert "© Getty" in text
    paragraphs = body_paragraphs(reference_page)
    assert len(paragraphs) == 10
    for paragraph in paragraphs:
        assert paragraph in text
    # The reference prints an empty, closed comment block under this 2021 article; issue 15
    # asks for none ("closed articles with no comments show no comment block").
    assert page_has_no_comment_block(html)
    assert "increase" not in html and "decrease" not in html
    page = soup(html)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    control = page.select_one("fieldset.font-size")
    assert control.legend.get_text(strip=True) == "حجم الخط"
    assert len(control.select('input[type="radio"][name="font-size"]')) == 4
    assert "حجم الخط" in text


def test_each_paragraph_keeps_its_exact_text_in_its_own_element(client, reference_page):
    article = import_reference(reference_page)

    html = client.get(article.url).content.decode()

    rendered = [p.get_text() for p in soup(html).select(".article-body > p")]
    file_lines = [line.strip() for line in body_paragraphs_raw(reference_page)]
    # `clean` turns the capture's no-break spaces into plain spaces; nothing else changes,
    # not even the double spaces the paper printed.
    assert rendered == [line.replace("\u00a0", " ") for line in file_lines]


def page_has_no_comment_block(html: str) -> bool:
    return soup(html).select_one("#comments") is None


def body_paragraphs_raw(path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    markers = [i for i, line in enumerate(lines) if "حجم الخط" in line]
    return [line for line in lines[markers[0] + 1 : markers[1]] if line.strip()]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_in_chromium_sees_the_page_and_resizes_its_text(
    live_server, browser, reference_page
):
    article = import_reference(reference_page)
    page = browser.new_page(viewport={"width": 412, "height": 915})

    page.goto(f"{live_server.url}/a/{article.pk}/")

    shown = page.locator("body").inner_text()
    for expected in (
        "الجمعة 2021/07/23",
        "آخر تحديث: 20:02 (بيروت)",
        HEADLINE,
        "© Getty",
        "حجم الخط",
    ):
        assert expected in shown
    for paragraph in body_paragraphs(reference_page):
        assert paragraph in " ".join(shown.split())
    assert "increase" not in shown and "decrease" not in shown

    body = page.locator(".article-body")
    normal = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.get_by_role("radio", name="كبير", exact=True).check()
    larger = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert larger > normal

    # The choice follows the reader to the next page.
    page.reload()
    assert page.get_by_role("radio", name="كبير", exact=True).is_checked()
    assert float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) == larger


@pytest.mark.parametrize("encoding", ["iso8859_6", "cp1256"])
def test_the_reference_page_in_a_legacy_code_page_imports_the_same(
    tmp_path, reference_page, encoding
):
    # © has no place in ISO-8859-6; a legacy page would have had something else there.
    legacy = tmp_path / f"reference-{encoding}.txt"
    legacy.write_bytes(reference_page.read_text(encoding="utf-8").encode(encoding, "replace"))

    article = import_reference(legacy)

    assert article.first_published_at.date().isoformat() == "2021-07-23"
    text = article.body_text()
    for paragraph in body_paragraphs(reference_page):
        assert paragraph in text
