"""Read an admin page's form as a browser would submit it, so a test can post it back changed."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"id": attrs.get("id", ""), "action": attrs.get("action"), "data": []}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._form["data"].append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select["options"] if selected]
            if not chosen and not self._select["multiple"] and self._select["options"]:
                chosen = [self._select["options"][0][0]]
            for value in chosen:
                self._form["data"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._form["data"].append(
                (self._textarea["name"], text[1:] if text[:1] == "\n" else text)
            )
            self._textarea = None


def change_form_data(html: str) -> dict[str, list[str]]:
    """The fields of the admin change form (``<form id="…_form">``) on the page, as posted."""
    parser = _FormParser()
    parser.feed(html)
    forms = [form for form in parser.forms if form["id"].endswith("_form")]
    if not forms:
        return {}
    data: dict[str, list[str]] = {}
    for name, value in forms[0]["data"]:
        data.setdefault(name, []).append(value)
    return data


def page_forms(html: str) -> list[dict]:
    """Every form on the page: its action and its fields as a browser would post them."""
    parser = _FormParser()
    parser.feed(html)
    result = []
    for form in parser.forms:
        data: dict[str, list[str]] = {}
        for name, value in form["data"]:
            data.setdefault(name, []).append(value)
        result.append({"action": form["action"], "data": data})
    return result
