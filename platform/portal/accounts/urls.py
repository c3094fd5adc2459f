from django.contrib.auth import views as auth_views
from django.urls import path

from . import data_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only: a link or an image cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify-again/", views.resend_verification, name="resend_verification"),
    path("profile/", views.profile, name="profile"),
    path("profile/email/", views.change_email, name="change_email"),
    path("my-data/", data_views.my_data, name="my_data"),
    path(
        "my-data/<uuid:public_id>/download/",
        data_views.download_my_data,
        name="my_data_download",
    ),
    path("delete/", data_views.delete_account, name="delete_account"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/set/<uuid:public_id>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
]
