from django.urls import path

from . import views, views_parts
from .urls_documents import urlpatterns as document_urlpatterns

app_name = "kader"

urlpatterns = [
    path("kader", views.overview, name="overview"),
    path("kader/starten", views.start, name="start"),
    path("kader/vergelijken", views.compare, name="compare"),
    path("kader/activiteiten/<uuid:pk>", views.activity, name="activity"),
    path("kader/onderdelen/<slug:part>/<uuid:pk>", views_parts.part_edit, name="part_edit"),
    path("kader/onderdelen/<slug:part>/<uuid:pk>/weergave", views_parts.part_row, name="part_row"),
    path("kader/onderdelen/<slug:part>/<uuid:pk>/verwijderen", views_parts.part_delete, name="part_delete"),
    path("kader/versies/<uuid:pk>/onderdelen/<slug:part>/toevoegen", views_parts.part_add, name="part_add"),
    path("kader/deelplannen/<uuid:pk>/bestand", views.deelplan_file, name="deelplan_file"),
    path("kader/versies/<uuid:pk>/terugzetten", views.send_back, name="send_back"),
    path("kader/versies/<uuid:pk>/voorbeeld-overnemen", views.adopt_example, name="adopt_example"),
    path("kader/versies/<uuid:pk>/voorbeelden-overnemen", views.adopt_examples, name="adopt_examples"),
    path("kader/versies/<uuid:pk>/nieuwe-versie", views.new_version, name="new_version"),
    path("kader/versies/<uuid:pk>/indienen", views.submit, name="submit"),
    path("kader/versies/<uuid:pk>/vaststellen", views.adopt, name="adopt"),
    path("kader/versies/<uuid:pk>/<slug:stap>", views.step, name="step"),
]

urlpatterns += document_urlpatterns
