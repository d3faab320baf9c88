"""Plain-text formatting for the member content editor: a small Markdown subset, to and from HTML.

Members write in a textarea (no JavaScript editor needed); the text becomes the HTML a rich-text block
stores, and stored HTML turns back into the same text when they edit it again. The subset:

    ## Heading / ### Smaller heading      **bold**, *italic*, `code`, [link text](https://…) or [text](/a/page/)
    - bullet / 1. numbered list items     > quote       --- (a line)       ``` fenced code ```

A single line break stays a line break. The HTML produced is sanitized (core.sanitize) before it is stored,
and again when it is rendered.
"""
import html
import re
from html.parser import HTMLParser

from core.sanitize import clean_html

_ESCAPABLE = r"\\`*_{}\[\]()#+\-.!>|~"
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,9}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-\s*){3,}$|^\s*(?:\*\s*){3,}$|^\s*(?:_\s*){3,}$")
_FENCE = re.compile(r"^\s*```")


def _inline(text: str) -> str:
    """Inline markup of one line (or a few joined lines) to HTML; everything else is escaped."""
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"\x00{len(stash) - 1}\x00"

    text = re.sub(rf"\\([{_ESCAPABLE}])", lambda m: keep(html.escape(m.group(1))), text)
    text = re.sub(r"`([^`\n]+)`", lambda m: keep(f"<code>{html.escape(m.group(1))}</code>"), text)
    text = html.escape(text, quote=True)

    def link(m: re.Match) -> str:
        return keep(f'<a href="{m.group(2)}">') + m.group(1) + keep("</a>")

    # Links to the web, e-mail, or a page of this site ("/discover/tools/cursor/"; "//host" is not one).
    text = re.sub(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|/(?!/))[^\s()]*)\)", link, text)
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(?=\S)(.+?)(?<=\S)\*", r"<em>\1</em>", text)
    text = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m.group(1))], text)


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _BULLET.match(line) or _NUMBERED.match(line) or _RULE.match(line)
                or _FENCE.match(line) or line.lstrip().startswith(">"))


def markdown_to_html(text: str) -> str:
    """The subset above as sanitized HTML ("" for blank text)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif _FENCE.match(line):
            code, i = [], i + 1
            while i < len(lines) and not _FENCE.match(lines[i]):
                code.append(lines[i])
                i += 1
            i += 1  # the closing fence (or the end)
            out.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
        elif _RULE.match(line):
            out.append("<hr>")
            i += 1
        elif heading := _HEADING.match(line):
            level = 2 if len(heading.group(1)) <= 2 else 3
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            i += 1
        elif _BULLET.match(line) or _NUMBERED.match(line):
            pattern, tag = (_BULLET, "ul") if _BULLET.match(line) else (_NUMBERED, "ol")
            items = []
            while i < len(lines) and (item := pattern.match(lines[i])):
                items.append(f"<li>{_inline(item.group(1))}</li>")
                i += 1
            out.append(f"<{tag}>{''.join(items)}</{tag}>")
        elif line.lstrip().startswith(">"):
            quoted = []
            while i < len(lines) and lines[i].lstrip().startswith(">"):
                quoted.append(re.sub(r"^\s*>\s?", "", lines[i]))
                i += 1
            out.append(f"<blockquote>{markdown_to_html(chr(10).join(quoted))}</blockquote>")
        else:
            para = [line.strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
                para.append(lines[i].strip())
                i += 1
            out.append("<p>" + "<br>".join(_inline(p) for p in para) + "</p>")
    return clean_html("".join(out))


def _escape_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _escape_line_start(line: str) -> str:
    """Keep a paragraph line that looks like a list, heading, quote or rule from becoming one."""
    if _starts_block(line):
        stripped = line.lstrip()
        return line[: len(line) - len(stripped)] + "\\" + stripped
    return line


class _MarkdownWriter(HTMLParser):
    """Stored rich-text HTML back to the subset. Unknown tags are dropped, their text kept."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, int | None]] = []  # (markdown, id of the list it is an item of)
        self.list_ids = 0
        self.current: list[str] = []
        self.prefix = ""
        self.lists: list[list] = []  # [tag, counter]
        self.quote_depth = 0
        self.in_pre = False
        self.in_code = False
        self.href_stack: list[str | None] = []

    def _flush(self) -> None:
        text = "".join(self.current).strip("\n ")
        self.current = []
        if not text and not self.prefix:
            return
        lines = text.split("\n")
        if not self.in_pre and not self.prefix.startswith("```"):
            lines = [_escape_line_start(line) if n or not self.prefix else line for n, line in enumerate(lines)]
        text = "\n".join(lines)
        quote = "> " * self.quote_depth
        block = self.prefix + text
        if quote:
            block = "\n".join(quote + line for line in block.split("\n"))
        in_item = self.prefix.lstrip()[:1] in ("-",) or self.prefix.lstrip()[:1].isdigit()
        self.blocks.append((block, self.lists[-1][2] if in_item and self.lists else None))
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("p", "div"):
            self._flush()
        elif tag in ("h1", "h2"):
            self._flush()
            self.prefix = "## "
        elif tag in ("h3", "h4", "h5", "h6"):
            self._flush()
            self.prefix = "### "
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_ids += 1
            self.lists.append([tag, 0, self.list_ids])
        elif tag == "li":
            self._flush()
            indent = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.prefix = f"{indent}{self.lists[-1][1]}. "
            else:
                self.prefix = f"{indent}- "
        elif tag == "blockquote":
            self._flush()
            self.quote_depth += 1
        elif tag == "pre":
            self._flush()
            self.in_pre = True
        elif tag == "code" and not self.in_pre:
            self.current.append("`")
            self.in_code = True
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag == "a":
            href = attrs.get("href") or ""
            ok = href.startswith(("http://", "https://", "mailto:", "/")) and not href.startswith("//")
            self.href_stack.append(href if ok else None)
            if ok:
                self.current.append("[")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "hr":
            self._flush()
            self.blocks.append(("---", None))

    def handle_endtag(self, tag):
        if tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self._flush()
            self.quote_depth = max(self.quote_depth - 1, 0)
        elif tag == "pre":
            code = "".join(self.current).strip("\n")
            self.current = []
            self.in_pre = False
            self.blocks.append((f"```\n{code}\n```", None))
        elif tag == "code" and not self.in_pre:
            self.current.append("`")
            self.in_code = False
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag == "a" and self.href_stack:
            href = self.href_stack.pop()
            if href:
                self.current.append(f"]({href})")

    def handle_data(self, data):
        if self.in_pre or self.in_code:
            self.current.append(data)
        else:
            self.current.append(_escape_text(re.sub(r"\s*\n\s*", " ", data)))

    def result(self) -> str:
        self._flush()
        # List items of one list sit on consecutive lines; everything else is separated by a blank line.
        out: list[str] = []
        previous_list = None
        for block, list_id in self.blocks:
            if out and list_id is not None and list_id == previous_list:
                out[-1] += "\n" + block
            else:
                out.append(block)
            previous_list = list_id
        return "\n\n".join(out)


def html_to_markdown(source: str) -> str:
    writer = _MarkdownWriter()
    writer.feed(source or "")
    writer.close()
    return writer.result()
