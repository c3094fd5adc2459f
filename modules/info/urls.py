from django.urls import URLPattern, URLResolver

app_name = "info"

urlpatterns: list[URLPattern | URLResolver] = []
