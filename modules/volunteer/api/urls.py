from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import helpers, requests, rides, services

router = SimpleRouter()
# vetting
router.register(
    r"services/(?P<slug>[-a-z0-9]+)/helpers", helpers.HelperViewSet, basename="volunteer-helper"
)
# help
router.register("services", services.VolunteerServiceViewSet, basename="volunteer-service")
router.register("requests", requests.VolunteerRequestViewSet, basename="volunteer-request")
# rides
router.register("rides", rides.RideViewSet, basename="volunteer-ride")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
