"""Read rendered pages by structure (elements and attributes), not by substrings of the markup."""
from bs4 import BeautifulSoup


def soup(response_or_html) -> BeautifulSoup:
    html = getattr(response_or_html, "content", response_or_html)
    return BeautifulSoup(html.decode() if isinstance(html, bytes) else html, "html.parser")


def texts(elements) -> list[str]:
    return [" ".join(element.get_text(" ", strip=True).split()) for element in elements]


def current(page: BeautifulSoup, group_label: str) -> list[str]:
    """Labels of the selected chips (aria-current) in the chip group labelled `group_label`."""
    group = page.find(attrs={"role": "group", "aria-label": group_label})
    assert group is not None, f"no chip group {group_label!r}"
    return texts(group.select('[aria-current="true"]'))
