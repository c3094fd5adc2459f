from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import requests, services

router = SimpleRouter()
# help
router.register("services", services.VolunteerServiceViewSet, basename="volunteer-service")
router.register("requests", requests.VolunteerRequestViewSet, basename="volunteer-request")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
