"""MkDocs hook: what a reader meets around the content (404 paths, code blocks in search and keyboard use).

Kept apart from hooks/verification.py, which only places the verification badges.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import yaml

# Material wraps every highlighted block in <div class="language-… highlight">.
_CODE_BLOCK = re.compile(r'<div class="(language-[\w-]+ )?highlight"|<pre class="mermaid"')
_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*tabindex)")


def on_template_context(context, template_name, config):
    """Without a configured site_url the 404 page links its assets relatively, so the site works under any path."""
    if template_name == "404.html" and not config.get("site_url"):
        context["base_url"] = "."
    return context


def on_page_content(html: str, page, config, files) -> str:
    return emoji_as_icons(focusable_code(searchless_code(html)))


# ✅/❌ are empty boxes without a colour emoji font: a Material SVG icon and the word (是/否) beside it.
_ICONS = Path(material.__file__).parent / "templates" / ".icons" / "material"
_EMOJI = {"✅": ("check", "yes", "是"), "❌": ("close", "no", "否")}


def icon(emoji: str, decorative: bool) -> str:
    name, kind, word = _EMOJI[emoji]
    svg = (_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
    if decorative:  # a checklist bullet: the item says it all
        return f'<span class="twemoji k8s-icon k8s-icon--{kind}" aria-hidden="true">{svg}</span>'
    return f'<span class="twemoji k8s-icon k8s-icon--{kind}">{svg}<span class="k8s-icon__word">{word}</span></span>'


def emoji_as_icons(html: str) -> str:
    """Prose only: code blocks keep their characters, so the copy button copies what was verified."""
    parts = re.split(r"(<pre[\s>].*?</pre>)", html, flags=re.DOTALL)
    return "".join(part if i % 2 else _prose_icons(part) for i, part in enumerate(parts))


def _prose_icons(html: str) -> str:
    html = re.sub(r"(<li>\s*)(✅|❌)\s*", lambda m: m.group(1) + icon(m.group(2), True) + " ", html)
    return re.sub("✅|❌", lambda m: icon(m.group(0), False), html)


def searchless_code(html: str) -> str:
    """Whole code blocks fill search previews with YAML: keep them out of the index (the prose around them stays)."""
    return _CODE_BLOCK.sub(lambda m: m.group(0) + " data-search-exclude", html)


def focusable_code(html: str) -> str:
    """A code block that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): tabindex on every <pre>."""
    return _PRE.sub('<pre tabindex="0"', html)


# --- search: synonyms a reader types ------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ZWSP = "\u200b"  # Material's word boundary for segmented Chinese


def synonyms() -> dict[str, str]:
    """search-synonyms.yaml maps a word readers type to the kubernetes.io/zh-cn term the pages use."""
    data = yaml.safe_load((ROOT / "search-synonyms.yaml").read_text(encoding="utf-8")) or {}
    return {variant: term for variant, term in data.items() if variant != term}


def synonym_docs(docs: list[dict], pairs: dict[str, str]) -> list[dict]:
    """One extra index entry per page and variant, for each page that uses the term.

    Its title names both words, so a search for 命名空间 finds the sections about 名字空间.
    """
    extra = []
    page_titles = {doc["location"]: doc["title"] for doc in docs if "#" not in doc["location"]}
    for variant, term in pairs.items():
        seen: set[str] = set()
        for doc in docs:
            page = doc["location"].split("#")[0]
            plain = (doc["title"] + doc["text"]).replace(ZWSP, "")
            if page in seen or term not in plain:
                continue
            seen.add(page)
            title = f"{ZWSP}{term}{ZWSP}（{ZWSP}也作{ZWSP}“{ZWSP}{variant}{ZWSP}”）：{page_titles.get(page, doc['title'])}"
            # Material keys results by location (a copy of a section's would replace it) and shows a section only
            # under its page: the entry is a page of its own, a query string apart from the real one.
            extra.append({"location": f"{page}?q={variant}", "title": title, "text": ""})
    return extra


_INDEX_CODE = re.compile(r"<pre[^>]*>.*?</pre>|<div class=\"highlight\">.*?</div>", re.DOTALL)


def on_post_build(config) -> None:
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["docs"]:  # readers search the prose: whole code blocks only weigh the index every page loads
        doc["text"] = _INDEX_CODE.sub(" ", doc["text"])
    data["docs"] += synonym_docs(data["docs"], synonyms())
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
