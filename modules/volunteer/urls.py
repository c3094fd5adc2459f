from django.urls import URLPattern, URLResolver, path

from .views import dispatch, rides, services, vehicles

app_name = "volunteer"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", services.service_list, name="list"),
    # --- rides ---
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
    # --- end rides ---
]
