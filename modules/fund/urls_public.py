from django.urls import URLPattern, URLResolver, path

from .views import public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.overview, name="overview"),
]
