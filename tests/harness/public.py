"""The routes anonymous visitors may use, by method — the one place that says so.

Every other route and method must ask an anonymous visitor to log in (a redirect to the
login page with `next=`, or a 401 in the API's JSON error shape) or refuse the method (405).
A new route that forgets its login guard answers an anonymous visitor with a page or data
and fails the harness until it is guarded or listed here.
"""

from __future__ import annotations

GET = frozenset({"GET"})
POST = frozenset({"POST"})
BOTH = frozenset({"GET", "POST"})

PUBLIC: dict[str, frozenset[str]] = {
    # The town's public pages.
    "home": GET,
    "town_home": GET,
    "imprint": GET,
    "privacy": GET,
    "search": GET,
    "accessibility": GET,
    "help": GET,
    "easy_language": GET,
    "set_language": BOTH,
    # Logging in and everything that leads there; token links check their token instead.
    "accounts:login": BOTH,
    "accounts:logout": POST,
    "accounts:register": BOTH,
    "accounts:verify": BOTH,
    "accounts:password_reset": BOTH,
    "accounts:password_reset_done": GET,
    "accounts:password_reset_confirm": BOTH,
    "support:enter": BOTH,
    "support:leave": POST,
    # One-click unsubscribe (RFC 8058): the signed token is the proof, mail programs POST it.
    "notifications:unsubscribe": BOTH,
    # Files: public ones for everyone, private ones a 404 for whoever may not see them
    # (never a login redirect, which would tell that the file exists).
    "town_media": GET,
    "exchange:photo": GET,
    "directory:logo": GET,
    "shop:logo": GET,
    "shop:photo": GET,
    "shop:video": GET,
    # The business's one-click answers from its e-mail: the signed, single-use token is the proof.
    "shop:answer": BOTH,
    # The directory, the info pages and the exchange's listings are readable by all.
    "directory:list": GET,
    "directory:detail": GET,
    "shop:list": GET,
    "shop:detail": GET,
    "shop:offer": GET,
    "shop:offers": GET,
    "shop:compare": GET,
    "shop:offer_photo": GET,
    # A business's private calendar feed: the token in its address is the credential.
    "shop:calendar_feed": GET,
    # Neighbourly help: the services are readable by all.
    "volunteer:list": GET,
    "volunteer:service": GET,
    # A driver's private ride calendar: the token in its address is the credential.
    "volunteer:driver_feed": GET,
    "info:index": GET,
    "info:news_list": GET,
    "info:news_feed": GET,
    "info:news_detail": GET,
    "info:event_list": GET,
    "info:town_calendar": GET,
    "info:organiser_calendar": GET,
    "info:event_detail": GET,
    "info:menu_list": GET,
    "info:menu_detail": GET,
    "exchange:index": GET,
    # The LQ Fonds' figures are public (the town's home page shows them too).
    "fund:overview": GET,
    # The fund's proposals (approved, not hidden) and their photos are readable by all.
    "fund:round_proposals": GET,
    "fund:proposal": GET,
    "fund:proposal_photo": GET,
    "fund-proposal-list": GET,
    "fund-proposal-detail": GET,
    "fund-round-shortlist": GET,
    # The vote's published count: anyone may check and recount it; the paper ballot.
    "fund:receipts": BOTH,
    "fund:ballots_csv": GET,
    "fund:ballots_pb": GET,
    "fund:receipts_txt": GET,
    "fund:ballot_sheet": GET,
    "fund:ballot_sheet_pdf": GET,
    "fund:result_notice": GET,
    "fund:result_notice_pdf": GET,
    "fund-vote-result": GET,
    "fund-vote-ballots": GET,
    "fund-vote-receipts": GET,
    # The rounds, their results and what the money did (a hidden report's photo is a 404).
    "fund:rounds": GET,
    "fund:round": GET,
    "fund:impact_photo": GET,
    # A sent e-letter: its page and its PDF, for everyone (drafts are a 404).
    "letters:page": GET,
    "letters:pdf": GET,
    "exchange:detail": GET,
    # The API's description and its public reads.
    "api:schema": GET,
    "api:docs": GET,
    "api:town": GET,
    "api:search": GET,
    "directory_api:organisation-list": GET,
    "directory_api:organisation-detail": GET,
    "directory_api:organisation-offerings": GET,
    "directory_api:offering-list": GET,
    "directory_api:offering-detail": GET,
    "info-occurrences": GET,
    "info-link-list": GET,
    "info-link-detail": GET,
    "info-news-list": GET,
    "info-news-detail": GET,
    "info-event-list": GET,
    "info-event-detail": GET,
    "info-menu-list": GET,
    "info-menu-detail": GET,
    "exchange-listing-list": GET,
    "exchange-listing-detail": GET,
    "shop-offer-list": GET,
    "shop-offer-detail": GET,
    "shop-provider-list": GET,
    "shop-provider-detail": GET,
    "volunteer-service-list": GET,
    "volunteer-service-detail": GET,
    # The fund's rounds, read-only and public like their pages.
    "fund-round-list": GET,
    "fund-round-detail": GET,
}
