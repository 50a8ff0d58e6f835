from django.urls import path

from . import views, views_rode_draden

app_name = "incidenten"
urlpatterns = [
    path("incidenten/melden", views.melden, name="melden"),
    path("incidenten/mijn", views.mijn, name="mijn"),
    path("incidenten/mijn/<uuid:pk>", views.mijn_incident, name="mijn_incident"),
    path("incidenten/inrichten", views.start, name="start"),
    path("incidenten", views.lijst, name="lijst"),
    path("incidenten/<uuid:pk>", views.incident, name="incident"),
    path("incidenten/<uuid:pk>/koppelen", views.koppel, name="koppel"),
    path("incidenten/<uuid:pk>/actie", views.actie, name="actie"),
    path("incidenten/risicokoppeling/<uuid:pk>/verwijderen", views.ontkoppel_risico, name="ontkoppel_risico"),
    path("incidenten/maatregelkoppeling/<uuid:pk>/verwijderen", views.ontkoppel_maatregel, name="ontkoppel_maatregel"),
    path("incidenten/registratie", views.instellingen, name="instellingen"),
    path("incidenten/soorten/nieuw", views.soort_nieuw, name="soort_nieuw"),
    path("incidenten/soorten/<uuid:pk>", views.soort, name="soort"),
    path("incidenten/rode-draden", views_rode_draden.rode_draden, name="rode_draden"),
    path("incidenten/rode-draden/vastleggen", views_rode_draden.analyse_nieuw, name="analyse_nieuw"),
    path("incidenten/rode-draden/sjabloon", views_rode_draden.sjabloon, name="sjabloon"),
    path("incidenten/rode-draden/sjabloon/download", views_rode_draden.sjabloon_download, name="sjabloon_download"),
    path("incidenten/rode-draden/sjabloon/verwijderen", views_rode_draden.sjabloon_delete, name="sjabloon_delete"),
    path("incidenten/rode-draden/<uuid:pk>", views_rode_draden.analyse_page, name="analyse"),
    path("incidenten/rode-draden/<uuid:pk>/actie", views_rode_draden.analyse_actie, name="analyse_actie"),
    path("incidenten/rode-draden/<uuid:pk>/document.docx", views_rode_draden.analyse_docx, name="analyse_docx"),
    path("incidenten/rode-draden/<uuid:pk>/document.pdf", views_rode_draden.analyse_pdf, name="analyse_pdf"),
]
