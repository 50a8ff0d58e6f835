from django.urls import path

from . import views

app_name = "kader"

urlpatterns = [
    path("kader", views.overview, name="overview"),
    path("kader/starten", views.start, name="start"),
    path("kader/vergelijken", views.compare, name="compare"),
    path("kader/activiteiten/<uuid:pk>", views.activity, name="activity"),
    path("kader/versies/<uuid:pk>/voorbeeld-overnemen", views.adopt_example, name="adopt_example"),
    path("kader/versies/<uuid:pk>/nieuwe-versie", views.new_version, name="new_version"),
    path("kader/versies/<uuid:pk>/indienen", views.submit, name="submit"),
    path("kader/versies/<uuid:pk>/vaststellen", views.adopt, name="adopt"),
    path("kader/versies/<uuid:pk>/<slug:stap>", views.step, name="step"),
]
