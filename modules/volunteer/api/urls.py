from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import rides

router = SimpleRouter()
router.register("rides", rides.RideViewSet, basename="volunteer-ride")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
