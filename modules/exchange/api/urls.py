from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("listings", views.ListingViewSet, basename="exchange-listing")
router.register("transfers", views.TransferViewSet, basename="exchange-transfer")

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/", views.AccountView.as_view(), name="exchange-account"),
    *router.urls,
]
