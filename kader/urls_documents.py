"""URLs of the kader documents (Word, PDF) and the gemeente's own Word template."""

from django.urls import URLPattern, path

from . import views_documents

urlpatterns: list[URLPattern] = [
    path("kader/versies/<uuid:pk>/document.docx", views_documents.document_docx, name="document_docx"),
    path("kader/versies/<uuid:pk>/document.pdf", views_documents.document_pdf, name="document_pdf"),
    path("kader/sjabloon", views_documents.template, name="template"),
    path("kader/sjabloon/download", views_documents.template_download, name="template_download"),
    path("kader/sjabloon/verwijderen", views_documents.template_delete, name="template_delete"),
]
