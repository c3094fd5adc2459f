"""The town administrators' pages of the fund: settings, rounds (new, dates and rules, the
step to the next phase) and the bank transfers of payouts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import role_required
from portal.forms_views import form_page, post_action
from portal.letters.periods import town_zone
from portal.requests import TownRequest

from ..forms_manage import (
    AdvanceForm,
    NewRoundForm,
    RoundForm,
    SettingsForm,
    TransferForm,
    rules_from,
)
from ..models import FundSettings, Payout, Phase, phase_index
from ..selectors_rounds import all_rounds, round_by_slug
from ..services.payouts import record_transfer
from ..services.rounds import advance_round, create_round, next_phase
from ..services.settings import NUMBERS, RULES, change_fund_settings, change_round

admin_only = role_required(Role.TOWN_ADMIN)


@admin_only
@require_GET
def manage(request: TownRequest) -> HttpResponse:
    """The fund's management page: every round and what waits for the administrator."""
    rounds = all_rounds()
    waiting = [
        payout
        for fund_round in rounds
        for payout in fund_round.payouts.all()
        if payout.transferred_on is None
    ]
    return render(request, "fund/manage/index.html", {"rounds": rounds, "waiting": waiting})


@admin_only
@require_http_methods(["GET", "POST"])
def manage_settings(request: TownRequest) -> HttpResponse:
    row = FundSettings.current()
    names = [*NUMBERS, *RULES, "auto_rounds", "approve_proposals"]
    initial: dict[str, Any] = {name: getattr(row, name) for name in names}
    user = request.user

    def save(data: dict[str, Any]) -> object:
        values = {name: data[name] for name in names if name in data}
        values["fixed_amount_cents"] = data.get("fixed_amount_cents") or 0
        return change_fund_settings(by=user, **values)

    return form_page(
        request,
        form_class=SettingsForm,
        template="fund/manage/settings.html",
        action=save,
        done=_("The fund settings are saved."),
        redirect_to=reverse("fund:manage_settings"),
        initial=initial,
    )


@admin_only
@require_http_methods(["GET", "POST"])
def manage_round_new(request: TownRequest) -> HttpResponse:
    user = request.user

    def create(data: dict[str, Any]) -> str:
        fund_round = create_round(opens_on=data["opens_on"], by=user, title=data["title"] or "")
        return reverse("fund:manage_round", args=[fund_round.slug])

    return form_page(
        request,
        form_class=NewRoundForm,
        template="fund/manage/round_new.html",
        action=create,
        done=_("The round has been created."),
    )


@admin_only
@require_GET
def manage_round(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """A round's status: phase, dates, the step to the next phase, its payouts."""
    fund_round = round_by_slug(round)
    coming = next_phase(fund_round.phase)
    context = {
        "round": fund_round,
        "next_label": Phase(coming).label if coming else "",
        "editable": phase_index(fund_round.phase) < phase_index(Phase.VOTING),
        "form": AdvanceForm(initial={"to": coming}),
        "payouts": list(fund_round.payouts.all()),
        "changes": list(fund_round.phase_changes.select_related("by")),
    }
    return render(request, "fund/manage/round.html", context)


@admin_only
@require_http_methods(["GET", "POST"])
def manage_round_edit(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = round_by_slug(round)
    zone = town_zone()
    initial: dict[str, Any] = {
        "title": fund_round.title,
        "proposals_open_on": fund_round.proposals_open_at.astimezone(zone).date(),
        "review_on": fund_round.review_starts_at.astimezone(zone).date(),
        "voting_on": fund_round.voting_starts_at.astimezone(zone).date(),
        "last_voting_day": fund_round.voting_ends_at.astimezone(zone).date(),
        "closing_hour": fund_round.voting_ends_at.astimezone(zone).hour,
        **{name: getattr(fund_round, name) for name in RULES},
    }
    user = request.user

    def save(data: dict[str, Any]) -> object:
        return change_round(
            fund_round=fund_round,
            by=user,
            title=data["title"],
            proposals_open_on=data["proposals_open_on"],
            review_on=data["review_on"],
            voting_on=data["voting_on"],
            last_voting_day=data["last_voting_day"],
            closing_hour=data["closing_hour"],
            rules=rules_from(data),
        )

    return form_page(
        request,
        form_class=RoundForm,
        template="fund/manage/round_edit.html",
        action=save,
        done=_("The round's dates and rules are saved."),
        redirect_to=reverse("fund:manage_round", args=[fund_round.slug]),
        initial=initial,
        context={"round": fund_round},
    )


@admin_only
@require_POST
def manage_round_advance(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """Move the round on to its next phase by hand, with a reason."""
    fund_round = round_by_slug(round)
    target = reverse("fund:manage_round", args=[fund_round.slug])
    form = AdvanceForm(request.POST)
    if next_phase(fund_round.phase) is None:
        messages.error(request, _("The round is closed; there is no next phase."))
        return HttpResponseRedirect(target)
    if not form.is_valid():
        messages.error(request, _("Please give a reason for the step."))
        return HttpResponseRedirect(target)
    coming = form.cleaned_data["to"]
    user = request.user
    return post_action(
        request,
        run=lambda: advance_round(
            fund_round=fund_round, to=coming, by=user, reason=form.cleaned_data["reason"]
        ),
        success=_("The round is now at “%(phase)s”.") % {"phase": Phase(coming).label},
        redirect_to=target,
    )


@admin_only
@require_http_methods(["GET", "POST"])
def manage_transfer(request: TownRequest, payout: str) -> HttpResponse:
    """Record the bank transfer of a payout (date and reference)."""
    found = get_object_or_404(
        Payout.objects.select_related("round", "proposal__organisation"), public_id=payout
    )
    user = request.user

    def save(data: dict[str, Any]) -> object:
        return record_transfer(
            payout=found,
            transferred_on=data["transferred_on"],
            reference=data["reference"],
            by=user,
        )

    return form_page(
        request,
        form_class=TransferForm,
        template="fund/manage/transfer.html",
        action=save,
        done=_("The bank transfer is recorded."),
        redirect_to=reverse("fund:manage_round", args=[found.round.slug]),
        context={"payout": found},
    )
