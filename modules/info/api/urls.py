from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .views import EventViewSet, LinkViewSet, MenuViewSet, NewsViewSet, OccurrenceListView

router = SimpleRouter()
router.register("links", LinkViewSet, basename="info-link")
router.register("news", NewsViewSet, basename="info-news")
router.register("events", EventViewSet, basename="info-event")
router.register("menus", MenuViewSet, basename="info-menu")

urlpatterns: list[URLPattern | URLResolver] = [
    path("occurrences/", OccurrenceListView.as_view(), name="info-occurrences"),
    *router.urls,
]
