from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
