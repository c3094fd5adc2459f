from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("offers", views.OfferViewSet, basename="shop-offer")
router.register("providers", views.ProviderViewSet, basename="shop-provider")
router.register("orders", views.OrderViewSet, basename="shop-order")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
