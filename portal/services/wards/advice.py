"""Prevention advice: Markdown articles in ward_pages/advice/, each naming the crime categories it addresses.

Front matter (YAML between `---` lines): title, summary, categories (slugs), optional order. The body is rendered
with markdown-it-py and sanitised with nh3 when loaded, so a page only inserts stored, already-safe HTML.
"""

from __future__ import annotations

from pathlib import Path

import nh3
import yaml
from markdown_it import MarkdownIt
from sqlalchemy import select

from portal.db import session
from portal.models import AdviceArticle, CrimeCategory
from portal.services.wards.datafile import DataFileError, Problems

ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "br", "abbr", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}
_markdown = MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML that keeps only harmless tags, with GOV.UK classes on links."""
    html = nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    # Articles sit under the page's own h2 and h3 headings, so their headings move down two levels.
    for level in (3, 2):
        html = html.replace(f"<h{level}>", f'<h{level + 2} class="govuk-heading-s">').replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return html.replace("<a ", '<a class="govuk-link" ')


def split_front_matter(text: str) -> tuple[dict[str, object], str, int]:
    """(front matter, body, the line the body starts on). Raises ValueError when there is no valid front matter."""
    if not text.startswith("---\n"):
        raise ValueError("does not start with front matter (a line of ---)")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ValueError("front matter is not closed by a line of ---")
    meta = yaml.safe_load(text[4:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a set of key: value lines")
    return meta, text[end + 5 :], text[: end + 5].count("\n") + 1


def load_advice(folder: Path) -> int:
    """Load every article in `folder` (replacing what was loaded before). Returns the number of articles."""
    categories = {c.slug: c for c in session.scalars(select(CrimeCategory))}
    files = sorted(folder.glob("*.md"))
    if not files:
        raise DataFileError(f"{folder}: no Markdown articles (*.md)")
    articles: dict[str, dict[str, object]] = {}
    messages: list[str] = []
    for path in files:
        problems = Problems(path)
        try:
            meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, yaml.YAMLError) as error:
            problems.add(1, None, str(error).splitlines()[0])
            messages += problems.messages
            continue
        for key in ("title", "summary", "categories"):
            if not meta.get(key):
                problems.add(1, None, f"front matter has no {key}")
        named = meta.get("categories") or []
        if not isinstance(named, list):
            problems.add(1, None, "categories must be a list of category slugs")
            named = []
        unknown = [str(slug) for slug in named if slug not in categories]
        if unknown:
            problems.add(1, None, f"unknown categories: {', '.join(unknown)}")
        messages += problems.messages
        articles[path.stem] = {
            "title": str(meta.get("title", "")),
            "summary": str(meta.get("summary", "")),
            "order": int(meta.get("order", 100)),  # type: ignore[call-overload]
            "html": render_markdown(body),
            "categories": [categories[slug] for slug in named if slug in categories],
        }
    if messages:
        raise DataFileError("\n".join(messages))

    existing = {a.slug: a for a in session.scalars(select(AdviceArticle))}
    for slug, article in existing.items():
        if slug not in articles:
            session.delete(article)
    for slug, values in articles.items():
        article = existing.get(slug) or AdviceArticle(slug=slug)
        article.title, article.summary, article.html = values["title"], values["summary"], values["html"]  # type: ignore[assignment]
        article.sort_order = values["order"]  # type: ignore[assignment]
        article.categories = values["categories"]  # type: ignore[assignment]
        session.add(article)
    session.commit()
    return len(articles)
