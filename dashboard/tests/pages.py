"""Reading the start page in the block tests: the page as a member sees it, and one block of it."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse


def home(personas: Any, role: str) -> str:
    client = Client()
    client.force_login(personas.user(role))
    return html.unescape(client.get(reverse("dashboard:home")).content.decode())


def section(body: str, slug: str) -> str:
    found = re.search(rf'<section aria-labelledby="{slug}-kop".*?</section>', body, re.S)
    return found.group(0) if found else ""
