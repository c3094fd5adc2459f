from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("modules.fund.api.rounds")),
    path("", include("modules.fund.api.proposals")),
    path("", include("modules.fund.api.voting")),
]
