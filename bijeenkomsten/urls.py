"""URLs of the bijeenkomsten: the members' pages under /bijeenkomsten, the participants' under /doe-mee."""

from django.urls import path

from . import views, views_deelnemer

app_name = "bijeenkomsten"

urlpatterns = [
    path("bijeenkomsten", views.bijeenkomst_list, name="list"),
    path("bijeenkomsten/nieuw", views.bijeenkomst_new, name="new"),
    path("bijeenkomsten/<uuid:pk>", views.bijeenkomst_detail, name="detail"),
    path("bijeenkomsten/<uuid:pk>/wijzigen", views.bijeenkomst_edit, name="edit"),
    path("bijeenkomsten/<uuid:pk>/kopieren", views.bijeenkomst_copy, name="copy"),
    path("bijeenkomsten/<uuid:pk>/openen", views.bijeenkomst_open, name="open"),
    path("bijeenkomsten/<uuid:pk>/sluiten", views.bijeenkomst_close, name="close"),
    path("bijeenkomsten/<uuid:pk>/qr.svg", views.bijeenkomst_qr, name="qr"),
    path("bijeenkomsten/<uuid:pk>/vragen/toevoegen", views.vraag_add, name="vraag_add"),
    path("bijeenkomsten/<uuid:pk>/presentatie", views.presentatie, name="presentatie"),
    path("bijeenkomsten/<uuid:pk>/presentatie/stand", views.presentatie_stand, name="presentatie_stand"),
    path("bijeenkomsten/<uuid:pk>/resultaten", views.resultaten, name="resultaten"),
    path("bijeenkomsten/<uuid:pk>/verslag.pdf", views.rapport_pdf, name="rapport_pdf"),
    path("bijeenkomsten/<uuid:pk>/resultaten.<str:formaat>", views.resultaten_export, name="resultaten_export"),
    path("bijeenkomsten/vragen/<uuid:pk>/wijzigen", views.vraag_edit, name="vraag_edit"),
    path("bijeenkomsten/vragen/<uuid:pk>/verwijderen", views.vraag_delete, name="vraag_delete"),
    path("bijeenkomsten/vragen/<uuid:pk>/overnemen", views.overnemen, name="overnemen"),
    path("bijeenkomsten/vragen/<uuid:pk>/<str:actie>", views.vraag_status, name="vraag_status"),
    path("bijeenkomsten/inbreng/<uuid:pk>/verbergen", views.inbreng_hide, name="inbreng_hide"),
    path("bijeenkomsten/inbreng/<uuid:pk>/actie", views.inbreng_actie, name="inbreng_actie"),
    # Participants: no account, a code.
    path("doe-mee", views_deelnemer.meedoen, name="meedoen"),
    path("doe-mee/<str:code>", views_deelnemer.meedoen_code, name="meedoen_code"),
    path("doe-mee/<str:code>/vragen/<uuid:pk>", views_deelnemer.antwoorden, name="antwoorden"),
    path("doe-mee/<str:code>/vragen/<uuid:pk>/inbreng", views_deelnemer.inbreng_add, name="inbreng_add"),
    path("doe-mee/<str:code>/inbreng/<uuid:pk>/stem", views_deelnemer.stemmen, name="stemmen"),
]
