"""URLs of the integraal veiligheidsplan; each part of it keeps its own list."""

from .urls_analyse import urlpatterns as analyse_urlpatterns
from .urls_documents import urlpatterns as documents_urlpatterns
from .urls_import import urlpatterns as import_urlpatterns
from .urls_plan import urlpatterns as plan_urlpatterns
from .urls_programma import urlpatterns as programma_urlpatterns
from .urls_themas import urlpatterns as themas_urlpatterns

app_name = "ivp"

urlpatterns = [
    *plan_urlpatterns,
    *themas_urlpatterns,
    *analyse_urlpatterns,
    *programma_urlpatterns,
    *documents_urlpatterns,
    *import_urlpatterns,
]
