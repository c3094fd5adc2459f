from django.urls import URLPattern, URLResolver, path

from .views import committee, proposals

P = "proposals/<uuid:proposal>/"
C = "committee/proposals/<uuid:proposal>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("rounds/<slug:round>/propose/", proposals.propose, name="propose"),
    path("propose/for/<uuid:person>/", proposals.propose_for, name="propose_for"),
    path("rounds/<slug:round>/proposals/", proposals.round_proposals, name="round_proposals"),
    path(P, proposals.proposal_detail, name="proposal"),
    path(f"{P}edit/", proposals.proposal_edit, name="proposal_edit"),
    path(f"{P}photos/", proposals.proposal_photos, name="proposal_photos"),
    path(f"{P}photos/<uuid:photo>/", proposals.proposal_photo_file, name="proposal_photo"),
    path(
        f"{P}photos/<uuid:photo>/delete/",
        proposals.proposal_photo_delete,
        name="proposal_photo_delete",
    ),
    path(f"{P}withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(f"{P}report/", proposals.proposal_report, name="proposal_report"),
    path("mine/", proposals.my_proposals, name="my_proposals"),
    path("committee/", committee.committee, name="committee"),
    path("committee/<slug:round>/", committee.committee_round, name="committee_round"),
    path("committee/<slug:round>/close/", committee.committee_close, name="committee_close"),
    path(C, committee.committee_proposal, name="committee_proposal"),
    path(f"{C}declare/", committee.committee_declare, name="committee_declare"),
]
