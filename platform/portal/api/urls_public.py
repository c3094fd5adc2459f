from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from portal.operators import api as operator_api

app_name = "operator_api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(urlconf="portal.urls_public"), name="schema"),
    path("towns/", operator_api.TownListCreateView.as_view(), name="towns"),
]
