from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("leden", views.members, name="members"),
    path("leden/uitnodigen", views.invite, name="invite"),
    path("leden/<uuid:pk>", views.member_edit, name="member_edit"),
    path("leden/<uuid:pk>/verwijderen", views.member_remove, name="member_remove"),
    path("uitnodigingen/<uuid:pk>/intrekken", views.invitation_revoke, name="invitation_revoke"),
    path("partnerorganisaties", views.partners, name="partners"),
    path("instellingen", views.gemeente_settings, name="gemeente_settings"),
    path("gemeente/thema.css", views.theme_css, name="theme_css"),
    path("gemeente/logo", views.logo, name="logo"),
    path("platform/gemeenten", views.platform_gemeenten, name="platform_gemeenten"),
]
