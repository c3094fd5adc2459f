from django.urls import URLPattern, URLResolver, path

from .views import services, vetting

app_name = "volunteer"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", services.service_list, name="list"),
    # vetting: the volunteer joins and leaves, the coordinator vets
    path("mine/helping/", vetting.my_helping, name="my_helping"),
    path("<slug:slug>/join/", vetting.join, name="join"),
    path("<slug:slug>/leave/", vetting.leave, name="leave"),
    path("<slug:slug>/helpers/", vetting.helpers, name="helpers"),
    path("<slug:slug>/helpers/<uuid:person>/", vetting.helper_detail, name="helper"),
    path("<slug:slug>/helpers/<uuid:person>/vet/", vetting.vet, name="helper_vet"),
    path("<slug:slug>/helpers/<uuid:person>/refuse/", vetting.refuse, name="helper_refuse"),
    path("<slug:slug>/helpers/<uuid:person>/suspend/", vetting.suspend, name="helper_suspend"),
    path(
        "<slug:slug>/helpers/<uuid:person>/reinstate/", vetting.reinstate, name="helper_reinstate"
    ),
    path("<slug:slug>/helpers/<uuid:person>/check/", vetting.record_check, name="helper_check"),
]
