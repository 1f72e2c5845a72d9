"""`manage.py import_articles` as an operator runs it: lines out, exit status, nothing partial."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageLogEntry

from jarida.importers.models import SourceRecord
from jarida.importers.tests.command import run_import as run
from jarida.news.models import ArticlePage, SectionPage
from jarida.news.models.related import choose_related

pytestmark = pytest.mark.django_db

GOOD_PAGE = """الخميس 2024/03/14

آخر تحديث: 09:15 (بيروت)

بلدية صيدا تطلق خطة لتنظيف الشاطئ

الخميس 2024/03/14
بلدية صيدا تطلق خطة لتنظيف الشاطئ
© جريدة
increase حجم الخط decrease
أطلقت بلدية صيدا صباح اليوم خطة لتنظيف الشاطئ الشمالي بمشاركة متطوعين من المدارس.

وقال رئيس البلدية إن الخطة تمتد ثلاثة أشهر وتشمل إزالة النفايات البلاستيكية.
increase حجم الخط decrease

التعليقات

التعليقات المنشورة تعبر عن آراء أصحابها
"""


def corpus_line(n: int, **overrides: object) -> str:
    record = {
        "source": "alriyadh",
        "url": f"http://www.alriyadh.com/{1000 + n}",
        "date_extracted": "2015-07-21 02:51:32",
        "title": f"أمانة الرياض تفتتح حديقة جديدة رقم {n}",
        "author": "الرياض - واس",
        "content": " افتتحت أمانة منطقة الرياض اليوم حديقة جديدة.\n\n وتضم الحديقة ممرات للمشي.",
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def test_a_text_page_is_created_then_unchanged_then_updated(tmp_path: Path):
    page = tmp_path / "saida-beach.txt"
    page.write_text(GOOD_PAGE, encoding="utf-8")

    first = run("--format", "text", str(page))
    second = run("--format", "text", str(page))
    page.write_text(GOOD_PAGE.replace("ثلاثة أشهر", "أربعة أشهر"), encoding="utf-8")
    third = run("--format", "text", str(page))

    assert first[0] == second[0] == third[0] == 0
    assert first[1] == ["created /أرشيف/بلدية-صيدا-تطلق-خطة-لتنظيف-الشاطئ/"]
    assert second[1] == ["unchanged /أرشيف/بلدية-صيدا-تطلق-خطة-لتنظيف-الشاطئ/"]
    assert third[1] == ["updated /أرشيف/بلدية-صيدا-تطلق-خطة-لتنظيف-الشاطئ/"]
    article = ArticlePage.objects.get()
    assert "أربعة أشهر" in str(article.body)
    assert article.revisions.count() == 2
    assert article.live


def test_bad_files_fail_alone_with_a_reason_and_leave_nothing_behind(tmp_path: Path):
    (tmp_path / "a-good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-no-headline.txt").write_text(
        "الخميس 2024/03/14\n\nincrease حجم الخط decrease\n\nالتعليقات\n", encoding="utf-8"
    )
    (tmp_path / "d-binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "e-truncated.txt").write_text(GOOD_PAGE[:120], encoding="utf-8")

    status, lines, err = run("--format", "text", str(tmp_path))

    assert status == 1
    outcomes = [line.split(" ", 1) for line in lines]
    assert [o for o, _ in outcomes] == ["created", "failed", "failed", "failed", "failed"]
    reasons = {
        "b-empty": "empty",
        "c-no-headline": "headline",
        "d-binary": "binary",
        "e-truncated": "truncated",
    }
    for (_, detail), (name, reason) in zip(outcomes[1:], reasons.items(), strict=True):
        assert name in detail and reason in detail, detail
    assert ArticlePage.objects.count() == 1
    assert SourceRecord.objects.count() == 1
    assert "1 created" in err and "4 failed" in err


def test_jsonl_lines_become_articles_in_their_papers_section(tmp_path: Path):
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(corpus_line(1) + "\n")
        handle.write('{"source": "sabq", "title": \n')  # a truncated line
        handle.write(corpus_line(2, source="sabq", url="https://sabq.org/x2") + "\n")

    status, lines, _ = run("--format", "jsonl", str(path))

    assert status == 1
    assert [line.split(" ")[0] for line in lines] == ["created", "failed", "created"]
    assert f"{path}:2" in lines[1]
    sections = set(SectionPage.objects.values_list("title", flat=True))
    assert {"الرياض", "سبق"} <= sections
    article = ArticlePage.objects.get(source_record__source_key="url:http://www.alriyadh.com/1001")
    assert article.byline == "الرياض - واس"
    assert article.get_parent().title == "الرياض"


def test_limit_stops_after_n_articles(tmp_path: Path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(corpus_line(n) for n in range(5)) + "\n", encoding="utf-8")

    status, lines, _ = run("--format", "jsonl", "--limit", "3", str(path))

    assert status == 0
    assert len(lines) == 3
    assert ArticlePage.objects.count() == 3


def test_a_changed_headline_keeps_the_url_and_the_short_link(tmp_path: Path, client):
    path = tmp_path / "articles.jsonl"
    path.write_text(corpus_line(1) + "\n", encoding="utf-8")
    run("--format", "jsonl", str(path))
    article = ArticlePage.objects.get()
    old_url = article.url

    path.write_text(
        corpus_line(1, title="أمانة الرياض تفتتح أكبر حديقة في المدينة") + "\n", encoding="utf-8"
    )
    status, lines, _ = run("--format", "jsonl", str(path))

    article.refresh_from_db()
    assert status == 0 and lines[0].startswith("updated ")
    assert article.title == "أمانة الرياض تفتتح أكبر حديقة في المدينة"
    assert article.url == old_url
    response = client.get(f"/a/{article.pk}/")
    assert response.status_code == 301 and response["Location"] == old_url


def test_two_articles_with_the_same_headline_get_distinct_slugs(tmp_path: Path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        corpus_line(1, title="عاجل") + "\n" + corpus_line(2, title="عاجل") + "\n", encoding="utf-8"
    )

    run("--format", "jsonl", str(path))

    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["عاجل", "عاجل-2"]


def test_missing_paths_and_bad_options_are_refused_clearly(tmp_path: Path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("import_articles", "--format", "text", str(tmp_path / "nope.txt"))
    with pytest.raises(CommandError, match="--limit"):
        call_command("import_articles", "--format", "text", "--limit", "0", str(tmp_path))


def test_a_reimport_knows_unchanged_lines_by_their_bytes_and_still_updates_changed_ones(
    tmp_path: Path,
):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(corpus_line(n) for n in range(3)) + "\n", encoding="utf-8")
    run("--format", "jsonl", str(path))
    stored = dict(SourceRecord.objects.values_list("source_key", "raw_digest"))
    assert all(stored.values()) and len(set(stored.values())) == 3

    status, lines, _ = run("--format", "jsonl", str(path))
    assert status == 0 and [line.split(" ")[0] for line in lines] == ["unchanged"] * 3

    # Line 0 rewritten with the same content (another key order), line 1 changed.
    same = json.dumps(dict(reversed(json.loads(corpus_line(0)).items())), ensure_ascii=False)
    changed = corpus_line(1, content="افتتحت الأمانة حديقة ثانية.")
    path.write_text("\n".join([same, changed, corpus_line(2)]) + "\n", encoding="utf-8")
    status, lines, _ = run("--format", "jsonl", str(path))

    assert [line.split(" ")[0] for line in lines] == ["unchanged", "updated", "unchanged"]
    article = ArticlePage.objects.get(source_record__source_key="url:http://www.alriyadh.com/1001")
    assert "حديقة ثانية" in article.body_text()
    now = dict(SourceRecord.objects.values_list("source_key", "raw_digest"))
    # The rewritten line's own fingerprint is kept, so the next run need not parse it.
    assert now["url:http://www.alriyadh.com/1000"] != stored["url:http://www.alriyadh.com/1000"]
    assert now["url:http://www.alriyadh.com/1002"] == stored["url:http://www.alriyadh.com/1002"]
    status, lines, _ = run("--format", "jsonl", str(path))
    assert [line.split(" ")[0] for line in lines] == ["unchanged"] * 3


def test_the_same_lines_under_another_time_zone_are_updated(tmp_path: Path):
    path = tmp_path / "articles.jsonl"
    path.write_text(corpus_line(1) + "\n", encoding="utf-8")
    run("--format", "jsonl", "--time-zone", "Asia/Riyadh", str(path))
    before = ArticlePage.objects.get().first_published_at

    status, lines, _ = run("--format", "jsonl", "--time-zone", "UTC", str(path))

    assert status == 0 and lines[0].startswith("updated ")
    assert ArticlePage.objects.get().first_published_at != before


def test_new_articles_get_their_related_block_and_a_published_revision_with_it(tmp_path: Path):
    # Out of date order: each article's block is its earlier coverage, wherever it sits in
    # the file.
    days = [3, 1, 4, 0, 5, 2, 6]
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(
            corpus_line(n, date_extracted=f"2015-07-1{day} 08:00:00") for n, day in enumerate(days)
        )
        + "\n",
        encoding="utf-8",
    )

    status, lines, _ = run("--format", "jsonl", str(path))

    assert status == 0 and len(lines) == len(days)
    articles = list(ArticlePage.objects.order_by("first_published_at"))
    for position, article in enumerate(articles):
        block = list(
            article.related_links.order_by("sort_order").values_list("target_id", flat=True)
        )
        # The newest four of its section from before it, as a publish chooses them.
        assert block == [a.pk for a in reversed(articles[max(0, position - 4) : position])]
        assert block == choose_related(article, [])
        revision = article.live_revision
        assert revision is not None and article.latest_revision_id == revision.pk
        assert [link["target"] for link in revision.content["related_links"]] == block
        assert revision.as_object().title == article.title
        actions = set(
            PageLogEntry.objects.filter(page_id=article.pk).values_list("action", "revision_id")
        )
        assert actions == {("wagtail.create", None), ("wagtail.publish", revision.pk)}
    assert [a.pk for a in articles[-1].related_articles()] == [
        a.pk for a in reversed(articles[-5:-1])
    ]
