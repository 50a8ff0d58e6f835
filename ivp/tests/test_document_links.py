"""The plan, programme and monitoring pages link to their documents for every reader of the plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ivp.models import Programma
from lib import tenancy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["coordinator", "ketenpartner"])
def test_each_page_links_to_its_documents(personas: Any, role: str) -> None:
    plan = personas.ivp_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        programma = Programma.objects.get(plan=plan)
    client = Client()
    client.force_login(personas.user(role))
    pages = {
        reverse("ivp:plan", kwargs={"pk": plan.pk}): [
            reverse("ivp:document_docx", kwargs={"pk": plan.pk}),
            reverse("ivp:document_pdf", kwargs={"pk": plan.pk}),
            reverse("ivp:infographic", kwargs={"pk": plan.pk}),
        ],
        reverse("ivp:programma", kwargs={"pk": programma.pk}): [
            reverse("ivp:programma_docx", kwargs={"pk": programma.pk}),
            reverse("ivp:programma_pdf", kwargs={"pk": programma.pk}),
        ],
        reverse("ivp:monitoring"): [reverse("ivp:rapportage_docx", kwargs={"pk": plan.pk}) + "?jaar=2027"],
    }
    for page, links in pages.items():
        html = client.get(page).content.decode()
        for link in links:
            assert f'href="{link}"' in html, (page, link)
    templates = reverse("ivp:sjabloon")
    shown = f'href="{templates}"' in client.get(reverse("ivp:plan", kwargs={"pk": plan.pk})).content.decode()
    assert shown == (role == "coordinator")
