"""Read what a page says about itself: <title>, meta description, Open Graph, Twitter cards, JSON-LD,
plus a slice of its visible text (to spot the tools it mentions). Standard library only (html.parser).
"""
from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TEXT_LIMIT = 20_000
JSON_LD_LIMIT = 200_000
SKIP_TEXT_IN = frozenset({"script", "style", "noscript", "template", "svg", "head"})


@dataclass
class PageData:
    url: str
    title: str = ""
    description: str = ""
    image: str = ""
    site_name: str = ""
    og_type: str = ""
    json_ld_types: list[str] = field(default_factory=list)
    keywords: str = ""
    text: str = ""

    def as_dict(self) -> dict:
        return {"url": self.url, "title": self.title, "description": self.description, "image": self.image,
                "site_name": self.site_name, "og_type": self.og_type, "json_ld_types": self.json_ld_types}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.text_parts: list[str] = []
        self.text_size = 0
        self.json_ld: list[str] = []
        self.links: dict[str, str] = {}
        self._stack: list[str] = []
        self._in_title = False
        self._in_json_ld = False
        self._json_buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
            if key and "content" in attributes and key not in self.meta:
                self.meta[key] = attributes["content"].strip()
            return
        if tag == "link":
            rel = attributes.get("rel", "").lower()
            if rel and attributes.get("href") and rel not in self.links:
                self.links[rel] = attributes["href"]
            return
        if tag in ("br", "img", "input", "hr", "source", "wbr"):
            return
        self._stack.append(tag)
        if tag == "title" and not self.title_parts:
            self._in_title = True
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self._json_buffer = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            text = "".join(self._json_buffer)
            if sum(len(j) for j in self.json_ld) + len(text) <= JSON_LD_LIMIT:
                self.json_ld.append(text)
        if tag in self._stack:
            # Close up to the matching tag (HTML in the wild is rarely balanced).
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._in_json_ld:
            self._json_buffer.append(data)
            return
        if self.text_size >= TEXT_LIMIT or any(tag in SKIP_TEXT_IN for tag in self._stack):
            return
        chunk = " ".join(data.split())
        if chunk:
            self.text_parts.append(chunk)
            self.text_size += len(chunk) + 1


def _clean(text: str, limit: int) -> str:
    text = " ".join(unescape(text or "").split())
    return text[:limit].strip()


def _walk_json_ld(node, found: list[dict]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_json_ld(item, found)
    elif isinstance(node, dict):
        if "@type" in node:
            found.append(node)
        if "@graph" in node:
            _walk_json_ld(node["@graph"], found)


def _types_of(node: dict) -> list[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if isinstance(v, str)]


def _image_of(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _image_of(value[0])
    if isinstance(value, dict):
        return str(value.get("url") or value.get("contentUrl") or "")
    return ""


def _absolute_http(url: str, base: str) -> str:
    if not url:
        return ""
    absolute = urljoin(base, url.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _strip_site_suffix(title: str, site_name: str) -> str:
    """"MeetingMint | AI meeting notes" stays; "Pricing — MeetingMint" loses the site name."""
    if site_name:
        for sep in (" | ", " — ", " – ", " - ", " · "):
            suffix = sep + site_name
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
    return title


def extract_page(html: str, *, url: str) -> PageData:
    """The page's own description of itself, preferring Open Graph, then Twitter, JSON-LD and plain HTML."""
    collector = _Collector()
    # html.parser is lenient; should it still choke on a malformed page, keep what was read so far.
    with contextlib.suppress(Exception):
        collector.feed(html)
        collector.close()
    meta = collector.meta
    nodes: list[dict] = []
    for raw in collector.json_ld:
        try:
            _walk_json_ld(json.loads(raw), nodes)
        except (ValueError, RecursionError):
            continue
    main = next((n for n in nodes if n.get("name") or n.get("headline")), nodes[0] if nodes else {})

    site_name = _clean(meta.get("og:site_name", ""), 100)
    title = (meta.get("og:title") or meta.get("twitter:title") or str(main.get("name") or main.get("headline") or "")
             or "".join(collector.title_parts))
    title = _strip_site_suffix(_clean(title, 200), site_name)
    description = (meta.get("og:description") or meta.get("twitter:description") or meta.get("description")
                   or str(main.get("description") or ""))
    image = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image") or _image_of(main.get("image"))
    return PageData(
        url=url,
        title=title,
        description=_clean(description, 1000),
        image=_absolute_http(image, url),
        site_name=site_name,
        og_type=_clean(meta.get("og:type", ""), 60).lower(),
        json_ld_types=[t for node in nodes for t in _types_of(node)][:10],
        keywords=_clean(meta.get("keywords", ""), 500),
        text=_clean(" ".join(collector.text_parts), TEXT_LIMIT),
    )


def words_in(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").lower()))
