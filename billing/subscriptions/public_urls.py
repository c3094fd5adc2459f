"""Billing on the operator site's host (/billing/): Stripe's webhook and the operators' pages."""

from django.urls import path

from . import views_operator, webhook

urlpatterns = [
    path("stripe/webhook/", webhook.stripe_webhook, name="stripe_webhook"),
    path("", views_operator.overview, name="billing_overview"),
    path("towns/<slug:slug>/", views_operator.town, name="billing_town"),
    path("towns/<slug:slug>/push/", views_operator.push_again, name="billing_push"),
    path("plans/", views_operator.plans, name="billing_plans"),
    path("events/", views_operator.events, name="billing_events"),
    path("mismatches/", views_operator.mismatches, name="billing_mismatches"),
    path("mismatches/<int:pk>/resolve/", views_operator.resolve, name="billing_resolve"),
]
