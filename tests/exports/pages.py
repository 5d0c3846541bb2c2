"""Reading a viewer page without a browser: its script elements and the data it draws."""
from __future__ import annotations

import json
import re
from pathlib import Path


def script_bodies(page: str) -> list[tuple[str, str]]:
    """(opening tag, body) of every <script> element, the way an HTML parser splits them."""
    return re.findall(r"(?is)(<script\b[^>]*>)(.*?)</script", page)


def page_data(page: str | Path) -> dict:
    """The JSON the page draws from (its kg-data element); ``page`` is the HTML or a file holding it."""
    if isinstance(page, Path):
        page = page.read_text(encoding="utf-8")
    (body,) = [b for tag, b in script_bodies(page) if 'id="kg-data"' in tag]
    return json.loads(body)
