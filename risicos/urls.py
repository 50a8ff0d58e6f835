"""URLs of the risk register, under /risicos."""

from django.urls import path

from . import views, views_documents, views_maatregelen, views_matrix, views_themas

app_name = "risicos"

urlpatterns = [
    path("risicos", views.overzicht, name="overzicht"),
    path("risicos/beginnen", views.start, name="start"),
    path("risicos/analyse", views.analyse, name="analyse"),
    path("risicos/matrix", views_matrix.matrix_detail, name="matrix"),
    path("risicos/matrix/wijzigen", views_matrix.matrix_change, name="matrix_wijzigen"),
    path("risicos/register", views.risico_list, name="risicos"),
    path("risicos/register/nieuw", views.risico_add, name="risico_add"),
    path("risicos/register/<uuid:pk>", views.risico_detail, name="risico"),
    path("risicos/register/<uuid:pk>/wijzigen", views.risico_edit, name="risico_edit"),
    path("risicos/register/<uuid:pk>/verwijderen", views.risico_delete, name="risico_delete"),
    path("risicos/register/<uuid:pk>/accepteren", views.acceptatie_add, name="acceptatie_add"),
    path("risicos/bedrijfsmiddelen", views.bedrijfsmiddel_list, name="bedrijfsmiddelen"),
    path("risicos/bedrijfsmiddelen/nieuw", views.bedrijfsmiddel_add, name="bedrijfsmiddel_add"),
    path("risicos/bedrijfsmiddelen/<uuid:pk>", views.bedrijfsmiddel_detail, name="bedrijfsmiddel"),
    path("risicos/bedrijfsmiddelen/<uuid:pk>/verwijderen", views.bedrijfsmiddel_delete, name="bedrijfsmiddel_delete"),
    path("risicos/maatregelen", views_maatregelen.maatregel_list, name="maatregelen"),
    path("risicos/maatregelen/nieuw", views_maatregelen.maatregel_add, name="maatregel_add"),
    path("risicos/maatregelen/<uuid:pk>", views_maatregelen.maatregel_detail, name="maatregel"),
    path("risicos/maatregelen/<uuid:pk>/wijzigen", views_maatregelen.maatregel_edit, name="maatregel_edit"),
    path("risicos/maatregelen/<uuid:pk>/verwijderen", views_maatregelen.maatregel_delete, name="maatregel_delete"),
    path("risicos/maatregelen/<uuid:pk>/toetsen", views_maatregelen.toets_add, name="toets_add"),
    path("risicos/maatregelen/<uuid:pk>/tegenstrijdig", views_maatregelen.tegenstrijdig_add, name="tegenstrijdig_add"),
    path("risicos/dreigingen", views.dreiging_list, name="dreigingen"),
    path("risicos/dreigingen/nieuw", views.dreiging_add, name="dreiging_add"),
    path("risicos/dreigingen/<uuid:pk>", views.dreiging_edit, name="dreiging"),
    path("risicos/dreigingen/<uuid:pk>/verwijderen", views.dreiging_delete, name="dreiging_delete"),
    path("risicos/rapportage.docx", views_documents.rapportage_docx, name="rapportage_docx"),
    path("risicos/rapportage.pdf", views_documents.rapportage_pdf, name="rapportage_pdf"),
    path("risicos/rapportage/maken", views_documents.rapportage_maken, name="rapportage_maken"),
    path("risicos/rapportage/<uuid:pk>", views_documents.rapportage_download, name="rapportage_download"),
    path("risicos/rapportage/sjabloon", views_documents.sjabloon, name="sjabloon"),
    path("risicos/rapportage/sjabloon/download", views_documents.sjabloon_download, name="sjabloon_download"),
    path("risicos/rapportage/sjabloon/verwijderen", views_documents.sjabloon_delete, name="sjabloon_delete"),
    path("risicos/register/<uuid:pk>/themas", views_themas.risico_thema_link, name="risico_thema_link"),
    path("risicos/maatregelen/<uuid:pk>/themas", views_themas.maatregel_thema_link, name="maatregel_thema_link"),
    path("risicos/thema-risicos/<uuid:pk>/verwijderen", views_themas.risico_thema_unlink, name="risico_thema_unlink"),
    path(
        "risicos/thema-maatregelen/<uuid:pk>/verwijderen",
        views_themas.maatregel_thema_unlink,
        name="maatregel_thema_unlink",
    ),
]

# Spreadsheets of the registers: export (with the list's filters) and import with a preview.
from . import views_spreadsheets  # noqa: E402

urlpatterns += [
    *(
        path(
            f"{prefix}/export.{formaat}",
            views_spreadsheets.export,
            {"register": register, "formaat": formaat},
            name=f"{register}_export_{formaat}",
        )
        for prefix, register in (
            ("risicos/register", "risicos"),
            ("risicos/bedrijfsmiddelen", "bedrijfsmiddelen"),
            ("risicos/maatregelen", "maatregelen"),
        )
        for formaat in ("xlsx", "csv")
    ),
    path(
        "risicos/register/importeren", views_spreadsheets.import_start, {"register": "risicos"}, name="risicos_import"
    ),
    path(
        "risicos/bedrijfsmiddelen/importeren",
        views_spreadsheets.import_start,
        {"register": "bedrijfsmiddelen"},
        name="bedrijfsmiddelen_import",
    ),
    path(
        "risicos/maatregelen/importeren",
        views_spreadsheets.import_start,
        {"register": "maatregelen"},
        name="maatregelen_import",
    ),
    path("risicos/import/<uuid:pk>", views_spreadsheets.import_detail, name="import_detail"),
    path("risicos/import/<uuid:pk>/opslaan", views_spreadsheets.import_confirm, name="import_confirm"),
    path("risicos/import/<uuid:pk>/weggooien", views_spreadsheets.import_cancel, name="import_cancel"),
]
