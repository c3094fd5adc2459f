from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("", api.NotificationViewSet, basename="notification")

urlpatterns: list[URLPattern | URLResolver] = [
    path("preferences/", api.PreferencesView.as_view(), name="notification-preferences"),
    *router.urls,
]
