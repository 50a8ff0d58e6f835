from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.login, name="login"),
    path("uitloggen", views.logout, name="logout"),
    path("account", views.profile, name="profile"),
    path("account/gemeente-wisselen", views.switch_gemeente, name="switch_gemeente"),
    # Everything under /account/tweestaps is reachable before the second factor is passed.
    path("account/tweestapsverificatie", views.mfa, name="mfa"),
    path("account/tweestapsverificatie/instellen", views.mfa_setup, name="mfa_setup"),
    path("account/tweestapsverificatie/controleren", views.mfa_verify, name="mfa_verify"),
    path("account/tweestapsverificatie/uitschakelen", views.mfa_disable, name="mfa_disable"),
    path("account/wachtwoord", views.password_change, name="password_change"),
    path("account/overal-uitloggen", views.logout_everywhere, name="logout_everywhere"),
    path("account/api-tokens", views.tokens, name="tokens"),
    path("account/api-tokens/nieuw", views.token_create, name="token_create"),
    path("account/api-tokens/<uuid:pk>/intrekken", views.token_revoke, name="token_revoke"),
    path("uitnodiging/<str:code>", views.accept_invitation, name="accept_invitation"),
]
