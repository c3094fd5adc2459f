from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from portal.accounts.permissions import participation_required

from .views import impact, manage

urlpatterns: list[URLPattern | URLResolver] = [
    path("manage/", manage.manage, name="manage"),
    path("manage/settings/", manage.manage_settings, name="manage_settings"),
    path("manage/rounds/new/", manage.manage_round_new, name="manage_round_new"),
    path("manage/rounds/<slug:round>/", manage.manage_round, name="manage_round"),
    path("manage/rounds/<slug:round>/edit/", manage.manage_round_edit, name="manage_round_edit"),
    path(
        "manage/rounds/<slug:round>/advance/",
        manage.manage_round_advance,
        name="manage_round_advance",
    ),
    path("manage/payouts/<uuid:payout>/transfer/", manage.manage_transfer, name="manage_transfer"),
    path("impact/<uuid:payout>/", impact.impact_report, name="impact_report"),
    path("impact/photos/<uuid:photo>/", impact.impact_photo, name="impact_photo"),
]


# TEMP until merge: the names parts "vote" and "proposals" own, so that the round page's
# {% url %} links resolve before the merge. Delete this whole block at the merge.
@participation_required
def _temp_until_merge(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


_TEMP_NAMES = {
    "vote": "rounds/<slug:round>/vote/",
    "receipts": "rounds/<slug:round>/receipts/",
    "ballots_csv": "rounds/<slug:round>/ballots.csv",
    "ballots_pb": "rounds/<slug:round>/ballots.pb",
    "receipts_txt": "rounds/<slug:round>/receipts.txt",
    "ballot_sheet": "rounds/<slug:round>/ballot-sheet/",
    "result_notice": "rounds/<slug:round>/notice/",
    "propose": "rounds/<slug:round>/propose/",
    "round_proposals": "rounds/<slug:round>/proposals/",
}
urlpatterns += [path(route, _temp_until_merge, name=name) for name, route in _TEMP_NAMES.items()]
# END TEMP until merge
