"""URLs of the veiligheidsplan: documents and the infographic (joined in ivp/urls.py)."""

from django.urls import URLPattern, path

from . import views_documents as views

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan/plannen/<uuid:pk>/document.docx", views.document_docx, name="document_docx"),
    path("veiligheidsplan/plannen/<uuid:pk>/document.pdf", views.document_pdf, name="document_pdf"),
    path("veiligheidsplan/plannen/<uuid:pk>/voortgangsrapportage.docx", views.rapportage_docx, name="rapportage_docx"),
    path("veiligheidsplan/plannen/<uuid:pk>/voortgangsrapportage.pdf", views.rapportage_pdf, name="rapportage_pdf"),
    path("veiligheidsplan/plannen/<uuid:pk>/infographic", views.infographic, name="infographic"),
    path("veiligheidsplan/plannen/<uuid:pk>/infographic.svg", views.infographic_download_svg, name="infographic_svg"),
    path("veiligheidsplan/plannen/<uuid:pk>/infographic.png", views.infographic_download_png, name="infographic_png"),
    path("veiligheidsplan/programmas/<uuid:pk>/document.docx", views.programma_docx, name="programma_docx"),
    path("veiligheidsplan/programmas/<uuid:pk>/document.pdf", views.programma_pdf, name="programma_pdf"),
    path("veiligheidsplan/sjablonen", views.sjabloon, name="sjabloon"),
    path("veiligheidsplan/sjablonen/download", views.sjabloon_download, name="sjabloon_download"),
    path("veiligheidsplan/sjablonen/verwijderen", views.sjabloon_delete, name="sjabloon_delete"),
]
