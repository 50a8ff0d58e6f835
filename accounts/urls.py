from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.login, name="login"),
    path("uitloggen", views.logout, name="logout"),
    path("account", views.profile, name="profile"),
    path("account/gemeente-wisselen", views.switch_gemeente, name="switch_gemeente"),
    path("uitnodiging/<str:code>", views.accept_invitation, name="accept_invitation"),
]
