from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(urlconf="portal.urls_town"), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    path("town/", views.TownInfoView.as_view(), name="town"),
]
