"""A paragraph's plain text without the HTML parser gives what the parser gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jarida.news.body import body_stream, html_to_text, parsed_text

# Text, whitespace, the entities Django's `escape` writes and a few it does not, stray
# markup: the pieces a stored paragraph is made of.
PIECES = st.sampled_from(
    [
        "نص",
        "كلمة ",
        "a",
        " ",
        "\n",
        "\t",
        "\r\n",
        "\xa0",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#x27;",
        "&#39;",
        "&nbsp;",
        "&amp",
        "&",
        "<",
        ">",
        "<br>",
        "<b>",
        "</b>",
        "'",
        '"',
    ]
)
PARAGRAPH = st.builds(
    lambda key, text: (
        f"<p{f' data-block-key={key!r}'.replace(chr(39), chr(34)) if key else ''}>"
        f"{''.join(text)}</p>"
    ),
    st.sampled_from(["", "a1b2", "x-9"]),
    st.lists(PIECES, max_size=8),
)
HTML = st.builds(
    lambda parts, gaps: "".join(g + p for p, g in zip(parts, gaps, strict=False)),
    st.lists(PARAGRAPH, min_size=1, max_size=3),
    st.lists(st.sampled_from(["", " ", "\n", "x"]), min_size=3, max_size=3),
)


@given(HTML)
def test_plain_paragraphs_read_as_the_parser_reads_them(html: str) -> None:
    assert html_to_text(html) == parsed_text(html)


@given(st.text())
def test_any_text_a_paragraph_block_is_made_of_reads_back_as_the_parser_reads_it(
    text: str,
) -> None:
    html = body_stream([("paragraph", text)])[0]["value"]

    assert html_to_text(html) == parsed_text(html)


def test_paragraphs_keep_their_entities_and_drop_empty_ones() -> None:
    html = '<p data-block-key="k1">قال: &quot;نعم&quot; &amp; لا</p>\n<p></p><p>  ثانية\n </p>'

    assert html_to_text(html) == 'قال: "نعم" & لا\n\nثانية'


def test_a_paragraph_renders_what_its_template_printed() -> None:
    from django.template import engines
    from wagtail.rich_text import RichText

    from jarida.news.models.blocks import ArticleBodyBlock

    template = engines["django"].from_string("{% load wagtailcore_tags %}{{ value|richtext }}\n")
    block = ArticleBodyBlock().child_blocks["paragraph"]
    for source in [
        '<p>نص <b>عريض</b> &amp; <a href="https://example.com/?a=1&amp;b=2">رابط</a></p>',
        "",
    ]:
        value = block.to_python(source)

        assert isinstance(value, RichText)
        assert block.render(value) == template.render({"value": value})
