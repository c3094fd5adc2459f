from django.urls import URLPattern, URLResolver, path

from .views import printables, voting

R = "rounds/<slug:round>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{R}vote/", voting.vote, name="vote"),
    path(f"{R}receipts/", voting.receipts, name="receipts"),
    path(f"{R}ballots.csv", voting.ballots_csv, name="ballots_csv"),
    path(f"{R}ballots.pb", voting.ballots_pb, name="ballots_pb"),
    path(f"{R}receipts.txt", voting.receipts_txt, name="receipts_txt"),
    path(f"{R}paper/", voting.paper_ballot, name="paper_ballot"),
    path(f"{R}assisted/", voting.assisted_ballot, name="assisted_ballot"),
    # The action "record a ballot by phone" on a person's page under "helping" names only
    # the person: it leads to the round that is voting now.
    path("assisted/<uuid:person>/", voting.assisted_for, name="assisted_for"),
    path(f"{R}ballot-sheet/", printables.ballot_sheet, name="ballot_sheet"),
    path(f"{R}ballot-sheet.pdf", printables.ballot_sheet_pdf, name="ballot_sheet_pdf"),
    path(f"{R}notice/", printables.result_notice, name="result_notice"),
    path(f"{R}notice.pdf", printables.result_notice_pdf, name="result_notice_pdf"),
]
