"""Advice articles: Markdown with front matter, sanitised so content can never carry script into a page."""

import pytest
from bs4 import BeautifulSoup

from portal.services.wards.advice import render_markdown, split_front_matter


def test_markdown_is_rendered_with_govuk_links_and_headings_moved_under_the_page_headings():
    html = render_markdown("## Lock up\n\n- Use [Immobilise](https://www.immobilise.com)\n")
    assert '<h4 class="govuk-heading-s">Lock up</h4>' in html
    assert '<a class="govuk-link" href="https://www.immobilise.com" rel="noopener noreferrer">Immobilise</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_script_never_survives(hostile):
    soup = BeautifulSoup(render_markdown(f"Text\n\n{hostile}\n"), "html.parser")
    assert not soup.find_all(["script", "img", "iframe"])
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on")]
        assert not element.get("href", "").startswith("javascript")


def test_front_matter_is_split_from_the_body():
    meta, body, line = split_front_matter("---\ntitle: Hello\ncategories: [burglary]\n---\n# Body\n")
    assert meta == {"title": "Hello", "categories": ["burglary"]}
    assert body == "# Body\n"
    assert line == 5


@pytest.mark.parametrize("text", ["no front matter", "---\ntitle: x\n", "---\n- a list\n---\nbody"])
def test_bad_front_matter_is_refused(text):
    with pytest.raises(ValueError):
        split_front_matter(text)
