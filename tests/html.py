"""Small helpers to read HTML responses in tests."""

from html.parser import HTMLParser


class _TagCounter(HTMLParser):
    def __init__(self, tag: str):
        super().__init__()
        self.tag = tag
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.count += 1


def count_tags(html: str, tag: str) -> int:
    parser = _TagCounter(tag)
    parser.feed(html)
    return parser.count
