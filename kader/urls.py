from django.urls import path

from . import views
from .urls_documents import urlpatterns as document_urlpatterns

app_name = "kader"

urlpatterns = [
    path("kader", views.overview, name="overview"),
    path("kader/starten", views.start, name="start"),
    path("kader/vergelijken", views.compare, name="compare"),
    path("kader/activiteiten/<uuid:pk>", views.activity, name="activity"),
    path("kader/doelen/<uuid:pk>", views.doel_edit, name="doel_edit"),
    path("kader/versies/<uuid:pk>/doelen/toevoegen", views.doel_add, name="doel_add"),
    path("kader/uitgangspunten/<uuid:pk>", views.punt_edit, name="punt_edit"),
    path("kader/versies/<uuid:pk>/uitgangspunten/toevoegen", views.punt_add, name="punt_add"),
    path("kader/onderdelen/<slug:part>/<uuid:pk>", views.part_edit, name="part_edit"),
    path("kader/onderdelen/<slug:part>/<uuid:pk>/verwijderen", views.part_delete, name="part_delete"),
    path("kader/versies/<uuid:pk>/onderdelen/<slug:part>/toevoegen", views.part_add, name="part_add"),
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
