"""Leak checks by structure. A "never sent" rule is checked on what the client receives, parsed: every text
node, attribute and JSON leaf, not a few fixed substrings that a template change can step around.

The strongest form is differential: render the same thing twice, once with the secret changed (the right
quiz choice moved, a note rewritten), and require the parsed output to be identical. Then no element,
attribute, class, script or JSON field anywhere can depend on the secret.
"""
from bs4 import BeautifulSoup, Comment


def _html(response_or_html) -> str:
    html = getattr(response_or_html, "content", response_or_html)
    return html.decode() if isinstance(html, bytes) else html


def dom(response_or_html) -> list[tuple]:
    """The parsed page as a flat, comparable list: (depth, tag, sorted attributes) and (depth, text); CSRF tokens
    (new for every render) are masked."""
    soup = BeautifulSoup(_html(response_or_html), "html.parser")
    out: list[tuple] = []

    def visit(node, depth: int) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                out.append((depth, "#comment", str(child)))
            elif getattr(child, "name", None) is None:
                text = " ".join(str(child).split())
                if text:
                    out.append((depth, text))
            else:
                attrs = dict(child.attrs)
                if child.name == "input" and attrs.get("name") == "csrfmiddlewaretoken":
                    attrs["value"] = "<csrf>"
                if child.name == "meta" and attrs.get("name") == "csrf-token":
                    attrs["content"] = "<csrf>"
                if "hx-headers" in attrs and "csrf" in attrs["hx-headers"].lower():
                    attrs["hx-headers"] = "<csrf>"
                if "nonce" in attrs:  # the CSP nonce is new on every response
                    attrs["nonce"] = "<nonce>"
                out.append((depth, child.name, tuple(sorted((k, " ".join(v) if isinstance(v, list) else v)
                                                            for k, v in attrs.items()))))
                visit(child, depth + 1)

    visit(soup, 0)
    return out


def html_strings(response_or_html) -> list[str]:
    """Every string a browser receives: text (scripts, styles and comments included) and attribute values."""
    soup = BeautifulSoup(_html(response_or_html), "html.parser")
    strings = [str(s) for s in soup.find_all(string=True)]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            strings.append(name)
            strings.extend(value if isinstance(value, list) else [value])
    return strings


def json_leaves(payload, path: str = "$") -> list[tuple[str, object]]:
    """Every key and leaf value of a JSON payload with its path: [("$.body[2].value.question", "…"), …]."""
    if isinstance(payload, dict):
        leaves = []
        for key, value in payload.items():
            leaves.append((f"{path}.{key}#key", key))
            leaves.extend(json_leaves(value, f"{path}.{key}"))
        return leaves
    if isinstance(payload, list):
        return [leaf for n, item in enumerate(payload) for leaf in json_leaves(item, f"{path}[{n}]")]
    return [(path, payload)]


def carriers(strings_or_leaves, *secrets) -> list:
    """The strings (or JSON leaves) that contain any of `secrets` (case-insensitive)."""
    found = []
    for item in strings_or_leaves:
        value = item[1] if isinstance(item, tuple) else item
        if any(str(secret).lower() in str(value).lower() for secret in secrets):
            found.append(item)
    return found
