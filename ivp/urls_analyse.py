"""URLs of the veiligheidsplan: the veiligheidsanalyse (joined in ivp/urls.py).

The import of open-data figures keeps its own URLs under ``veiligheidsplan/analyse/import``.
"""

from django.urls import URLPattern, path

from . import views_analyse as views

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan/analyse", views.analyse, name="analyse"),
    path("veiligheidsplan/analyse/themas/<uuid:pk>", views.analyse_thema, name="analyse_thema"),
    path("veiligheidsplan/analyse/themas/<uuid:pk>/indicator-toevoegen", views.indicator_add, name="indicator_add"),
    path("veiligheidsplan/analyse/indicatoren/<uuid:pk>", views.indicator_edit, name="indicator_edit"),
    path("veiligheidsplan/analyse/indicatoren/<uuid:pk>/verwijderen", views.indicator_delete, name="indicator_delete"),
    path("veiligheidsplan/analyse/indicatoren/<uuid:pk>/cijfers", views.meting_add, name="meting_add"),
    path("veiligheidsplan/analyse/indicatoren/<uuid:pk>/gebieden", views.indicator_gebieden, name="indicator_gebieden"),
    path("veiligheidsplan/analyse/cijfers/<uuid:pk>/verwijderen", views.meting_delete, name="meting_delete"),
    path("veiligheidsplan/analyse/inwoners", views.inwoners, name="inwoners"),
    path("veiligheidsplan/analyse/koppelingen", views.koppelingen, name="koppelingen"),
]
