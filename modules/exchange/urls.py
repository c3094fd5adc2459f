from django.urls import URLPattern, URLResolver, path

from .views import behalf, conversations, listings, moderation, timebank

app_name = "exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", listings.index, name="index"),
    path("new/", listings.create, name="create"),
    path("mine/", listings.my_listings, name="my_listings"),
    path("listings/<uuid:public_id>/", listings.detail, name="detail"),
    path("listings/<uuid:public_id>/edit/", listings.edit, name="edit"),
    path("listings/<uuid:public_id>/renew/", listings.renew, name="renew"),
    path("listings/<uuid:public_id>/taken/", listings.mark_taken, name="taken"),
    path("listings/<uuid:public_id>/delete/", listings.delete, name="delete"),
    path("listings/<uuid:public_id>/photos/", listings.photos, name="photos"),
    path("listings/<uuid:public_id>/contact/", listings.contact, name="contact"),
    path("listings/<uuid:public_id>/report/", listings.report_listing, name="report_listing"),
    path("photos/<uuid:public_id>/", listings.photo_file, name="photo"),
    path("photos/<uuid:public_id>/delete/", listings.photo_delete, name="photo_delete"),
    path("messages/", conversations.threads, name="threads"),
    path("messages/<uuid:public_id>/", conversations.thread, name="thread"),
    path("messages/<uuid:public_id>/transfer/", timebank.propose, name="propose_transfer"),
    path("messages/report/<uuid:public_id>/", conversations.report_message, name="report_message"),
    path("time/", timebank.account, name="account"),
    path("time/<uuid:public_id>/confirm/", timebank.confirm, name="confirm_transfer"),
    path("time/<uuid:public_id>/decline/", timebank.decline, name="decline_transfer"),
    path("for/<uuid:person>/new/", behalf.create, name="behalf_create"),
    path("for/<uuid:person>/messages/", behalf.threads, name="behalf_threads"),
    path("for/<uuid:person>/messages/<uuid:public_id>/", behalf.thread, name="behalf_thread"),
    path("for/<uuid:person>/time/", behalf.account, name="behalf_account"),
    path("for/<uuid:person>/time/<uuid:public_id>/confirm/", behalf.confirm, name="behalf_confirm"),
    path("moderation/", moderation.index, name="moderation"),
    path("moderation/settings/", moderation.settings, name="moderation_settings"),
    path("moderation/record/", moderation.record_transfer, name="moderation_record"),
    path("moderation/listings/<uuid:public_id>/", moderation.listing, name="moderation_listing"),
    path("moderation/messages/<uuid:public_id>/", moderation.message, name="moderation_message"),
    path("moderation/reports/<uuid:public_id>/", moderation.dismiss, name="moderation_dismiss"),
    path("moderation/people/<uuid:public_id>/block/", moderation.block, name="moderation_block"),
]
