from django.conf import settings
from django.urls import include, path

from config.api import api
from lib import views as lib_views

urlpatterns = [
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
    path("", include("organisations.urls")),
    path("", include("audit.urls")),
    path("", include("kader.urls")),
    path("", include("ivp.urls")),
    path("", include("bijeenkomsten.urls")),
    path("", include("risicos.urls")),
    path("", include("incidenten.urls")),
    path("", include("acties.urls")),
    path("", include("oefenen.urls")),
    path("", include("quickscan.urls")),
    path("", include("pdca.urls")),
    path("", include("background.urls")),
    path("", include("herinneringen.urls")),
    path("toegankelijkheid", lib_views.accessibility, name="accessibility"),
    path("api/v1/", api.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler404 = "lib.views.not_found"
handler403 = "lib.views.forbidden"
handler500 = "lib.views.server_error"
