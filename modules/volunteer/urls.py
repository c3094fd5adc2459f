from django.urls import URLPattern, URLResolver, path

from .views import dispatch, figures, messages, requests, rides, services, vehicles, vetting

app_name = "volunteer"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", services.service_list, name="list"),
    # vetting: the volunteer joins and leaves, the coordinator vets
    path("mine/helping/", vetting.my_helping, name="my_helping"),
    path("services/<slug:slug>/join/", vetting.join, name="join"),
    path("services/<slug:slug>/leave/", vetting.leave, name="leave"),
    path("services/<slug:slug>/helpers/", vetting.helpers, name="helpers"),
    path("services/<slug:slug>/helpers/<uuid:person>/", vetting.helper_detail, name="helper"),
    path("services/<slug:slug>/helpers/<uuid:person>/vet/", vetting.vet, name="helper_vet"),
    path(
        "services/<slug:slug>/helpers/<uuid:person>/refuse/", vetting.refuse, name="helper_refuse"
    ),
    path(
        "services/<slug:slug>/helpers/<uuid:person>/suspend/",
        vetting.suspend,
        name="helper_suspend",
    ),
    path(
        "services/<slug:slug>/helpers/<uuid:person>/reinstate/",
        vetting.reinstate,
        name="helper_reinstate",
    ),
    path(
        "services/<slug:slug>/helpers/<uuid:person>/check/",
        vetting.record_check,
        name="helper_check",
    ),
    # help: services, requests, coordination, messages, figures
    path("offer/<slug:organisation>/", services.service_create, name="service_create"),
    path("services/<slug:slug>/", services.service_detail, name="service"),
    path("services/<slug:slug>/edit/", services.service_edit, name="service_edit"),
    path("services/<slug:slug>/hide/", services.service_hide, name="service_hide"),
    path("services/<slug:slug>/restore/", services.service_restore, name="service_restore"),
    path("services/<slug:slug>/request/", requests.request_new, name="request_new"),
    path(
        "services/<slug:slug>/request/for/<uuid:person>/",
        requests.request_for,
        name="request_for",
    ),
    path("services/<slug:slug>/requests/", requests.coordination, name="coordination"),
    path("services/<slug:slug>/figures/", figures.figures, name="figures"),
    path("services/<slug:slug>/figures.csv", figures.figures_csv, name="figures_csv"),
    path("for/<uuid:person>/", requests.behalf_services, name="behalf_services"),
    path("requests/", requests.my_requests_page, name="my_requests"),
    path("helping/", requests.my_work, name="my_work"),
    path("coordinating/", requests.coordinated, name="coordinated"),
    path("requests/<uuid:public_id>/", requests.request_detail, name="request"),
    path(
        "requests/<uuid:public_id>/confirmation/",
        requests.request_confirmation,
        name="request_confirmation",
    ),
    path("requests/<uuid:public_id>/approve/", requests.request_approve, name="request_approve"),
    path("requests/<uuid:public_id>/refuse/", requests.request_refuse, name="request_refuse"),
    path("requests/<uuid:public_id>/assign/", requests.request_assign, name="request_assign"),
    path("requests/<uuid:public_id>/accept/", requests.request_accept, name="request_accept"),
    path("requests/<uuid:public_id>/done/", requests.request_done, name="request_done"),
    path("requests/<uuid:public_id>/cancel/", requests.request_cancel, name="request_cancel"),
    path("requests/<uuid:public_id>/messages/", messages.request_message, name="request_message"),
    path("rides/r/<uuid:public_id>/messages/", messages.ride_message, name="ride_message"),
    # rides
    path("rides/<slug:slug>/book/", rides.ride_book, name="ride_book"),
    path("rides/<slug:slug>/book/for/<uuid:person>/", rides.ride_book_for, name="ride_book_for"),
    path("rides/<slug:slug>/series/", rides.series_book, name="series_book"),
    path("rides/<slug:slug>/vehicles/", vehicles.vehicles, name="vehicles"),
    path("rides/<slug:slug>/settings/", vehicles.ride_settings, name="ride_settings"),
    path("rides/<slug:slug>/dispatch/", dispatch.dispatch, name="dispatch"),
    path("rides/<slug:slug>/open/", dispatch.open_rides, name="open_rides"),
    path("rides/<slug:slug>/run-sheet/", dispatch.run_sheet_page, name="run_sheet"),
    path("rides/<slug:slug>/run-sheet.pdf", dispatch.run_sheet_pdf, name="run_sheet_pdf"),
    path("rides/<slug:slug>/calendar/", dispatch.driver_calendar, name="driver_calendar"),
    path("rides/calendar/<str:token>.ics", dispatch.driver_feed, name="driver_feed"),
    path("rides/r/<uuid:public_id>/", rides.ride_page, name="ride"),
    path(
        "rides/r/<uuid:public_id>/confirmation/", rides.ride_confirmation, name="ride_confirmation"
    ),
    path("rides/r/<uuid:public_id>/cancel/", rides.ride_cancel, name="ride_cancel"),
    path("rides/r/<uuid:public_id>/unassign/", rides.ride_unassign, name="ride_unassign"),
    path("rides/r/<uuid:public_id>/done/", rides.ride_done, name="ride_done"),
    path("rides/r/<uuid:public_id>/assign/", dispatch.ride_assign, name="ride_assign"),
    path("rides/r/<uuid:public_id>/take/", dispatch.ride_take, name="ride_take"),
    path("rides/series/<uuid:public_id>/cancel/", rides.series_cancel, name="series_cancel"),
]
