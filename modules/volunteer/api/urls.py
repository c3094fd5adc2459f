from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import helpers

router = SimpleRouter()
router.register(
    r"services/(?P<slug>[-a-z0-9]+)/helpers", helpers.HelperViewSet, basename="volunteer-helper"
)

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
