from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from .views import OfferingViewSet, OrganisationViewSet

app_name = "directory_api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("offerings", OfferingViewSet, basename="offering")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
