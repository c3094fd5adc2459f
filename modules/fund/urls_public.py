from django.urls import URLPattern, URLResolver, path

from .views import public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.overview, name="overview"),
    path("rounds/", public.rounds, name="rounds"),
    path("rounds/<slug:round>/", public.round_page, name="round"),
]
