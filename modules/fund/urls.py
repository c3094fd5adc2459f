from django.urls import URLPattern, URLResolver, include, path

app_name = "fund"

# One URLconf per part of the module; their names all live in the "fund" namespace.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("modules.fund.urls_public")),
    path("", include("modules.fund.urls_proposals")),
    path("", include("modules.fund.urls_voting")),
    path("", include("modules.fund.urls_manage")),
]
