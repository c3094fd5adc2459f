from django.urls import path

from . import views

app_name = "behalf"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("people/<uuid:public_id>/", views.person, name="person"),
    path("people/<uuid:public_id>/consent/", views.consent, name="consent"),
    path("people/<uuid:public_id>/invite/", views.invite, name="invite"),
    path("people/<uuid:public_id>/delete/", views.delete_account, name="delete_account"),
    path("consents/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
]
