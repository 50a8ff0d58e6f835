"""URLs of the veiligheidsplan: plan (joined in ivp/urls.py)."""

from django.urls import URLPattern, path

from . import views_plan

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan", views_plan.overzicht, name="overzicht"),
    path("veiligheidsplan/starten", views_plan.start, name="start"),
    path("veiligheidsplan/plannen/<uuid:pk>", views_plan.plan, name="plan"),
    path("veiligheidsplan/plannen/<uuid:pk>/stappen/<slug:stap>", views_plan.stap, name="stap"),
    path("veiligheidsplan/plannen/<uuid:pk>/ccv-checklist", views_plan.ccv_checklist, name="checklist"),
    path("veiligheidsplan/plannen/<uuid:pk>/indienen", views_plan.submit, name="submit"),
    path("veiligheidsplan/plannen/<uuid:pk>/terugzetten", views_plan.send_back, name="send_back"),
    path("veiligheidsplan/plannen/<uuid:pk>/vaststellen", views_plan.adopt, name="adopt"),
    path("veiligheidsplan/plannen/<uuid:pk>/nieuw-plan", views_plan.new_plan, name="new_plan"),
]
