from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "fund"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
]
