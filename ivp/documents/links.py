"""The links to the documents that the pages of the plan, the programme and the monitoring show.

Each function returns ``(label, url)`` pairs for ``ivp/includes/document_links.html``:

    {% include "ivp/includes/document_links.html" with links=document_links %}
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lib.permissions import allowed


def plan_links(plan: Any, membership: Any = None) -> list[tuple[str, str]]:
    """The plan as Word and PDF, its infographic, and for the coördinator the template page."""
    pk = {"pk": plan.pk}
    links = [
        ("Veiligheidsplan als Word-document (.docx)", reverse("ivp:document_docx", kwargs=pk)),
        ("Veiligheidsplan als PDF (PDF/A)", reverse("ivp:document_pdf", kwargs=pk)),
        ("Infographic van het plan", reverse("ivp:infographic", kwargs=pk)),
    ]
    return links + template_links(membership)


def programma_links(programma: Any, membership: Any = None) -> list[tuple[str, str]]:
    """The programme as Word and PDF (and the template page for the coördinator)."""
    pk = {"pk": programma.pk}
    return [
        (f"Uitvoeringsprogramma {programma.jaar} als Word-document (.docx)", reverse("ivp:programma_docx", kwargs=pk)),
        (f"Uitvoeringsprogramma {programma.jaar} als PDF (PDF/A)", reverse("ivp:programma_pdf", kwargs=pk)),
        *template_links(membership),
    ]


def rapportage_links(plan: Any, jaar: int | None = None, membership: Any = None) -> list[tuple[str, str]]:
    """The voortgangsrapportage of ``plan`` (for the programme of ``jaar``, default the latest)."""
    query = f"?jaar={jaar}" if jaar else ""
    pk = {"pk": plan.pk}
    return [
        ("Voortgangsrapportage als Word-document (.docx)", reverse("ivp:rapportage_docx", kwargs=pk) + query),
        ("Voortgangsrapportage als PDF (PDF/A)", reverse("ivp:rapportage_pdf", kwargs=pk) + query),
        *template_links(membership),
    ]


def template_links(membership: Any) -> list[tuple[str, str]]:
    """The page of the gemeente's own Word templates, for who may manage them."""
    if membership is None or not allowed("ivp.template", role=membership.role):
        return []
    return [("Word-sjablonen van de documenten", reverse("ivp:sjabloon"))]
