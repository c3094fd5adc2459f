from django.urls import URLPattern, URLResolver, path

from .views import services

app_name = "volunteer"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", services.service_list, name="list"),
]
