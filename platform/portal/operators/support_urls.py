from django.urls import path

from . import support_views

app_name = "support"

urlpatterns = [
    path("enter/<str:token>/", support_views.enter, name="enter"),
    path("leave/", support_views.leave, name="leave"),
]
