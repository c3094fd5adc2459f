"""Listing pages: browse, detail, post, edit, renew, taken, photos, report."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.permissions import participation_required
from portal.files import private_file_response, public_file_response
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import ListingForm, MessageForm, PhotoForm, ReasonForm
from ..models import MAX_PHOTOS, Listing, ListingPhoto
from .common import query_value


@require_GET
def index(request: TownRequest) -> HttpResponse:
    kind = query_value(request.GET, "kind")
    listing_type = query_value(request.GET, "type")
    query = query_value(request.GET, "q")
    listings = selectors.open_listings(kind=kind, listing_type=listing_type, query=query)
    page = Paginator(listings, 20).get_page(query_value(request.GET, "page"))
    return render(
        request,
        "exchange/index.html",
        {
            "page": page,
            "kinds": Listing.Kind.choices,
            "types": Listing.Type.choices,
            "kind": kind,
            "type": listing_type,
            "q": query[:100],
        },
    )


def _visible_listing(request: TownRequest, public_id: UUID) -> Listing:
    listing = selectors.listing_for(public_id=public_id, viewer=request.user)
    if listing is None:
        raise Http404
    return listing


def _own_listing(request: TownRequest, public_id: UUID) -> Listing:
    listing = get_object_or_404(Listing.objects.select_related("owner"), public_id=public_id)
    if listing.owner_id != request.user.pk:
        raise PermissionDenied(_("Only the person who posted this listing can change it."))
    return listing


@require_GET
def detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    listing = _visible_listing(request, public_id)
    is_owner = request.user.is_authenticated and listing.owner_id == request.user.pk
    thread = None
    if request.user.is_authenticated and not is_owner:
        thread = selectors.thread_of(listing=listing, user=request.user)
    return render(
        request,
        "exchange/detail.html",
        {
            "listing": listing,
            "is_owner": is_owner,
            "can_renew": is_owner and selectors.can_renew(listing),
            "renewal_opens_at": selectors.renewal_opens_at(listing) if is_owner else None,
            "thread": thread,
            "form": MessageForm(),
            "notes": selectors.moderation_notes_for(listing) if is_owner else [],
            "threads": listing.threads.select_related("interested") if is_owner else [],
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def create(request: TownRequest) -> HttpResponse:
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.create_listing(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your listing is online. You can add photos now."))
            return redirect("exchange:photos", public_id=listing.public_id)
    return render(
        request, "exchange/listing_form.html", {"form": form, "title": _("Post a listing")}
    )


@participation_required
@require_http_methods(["GET", "POST"])
def edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    listing = _own_listing(request, public_id)
    initial = {
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "minutes": listing.minutes,
    }
    form = ListingForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(listing=listing, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your listing has been saved."))
            return redirect("exchange:detail", public_id=listing.public_id)
    return render(
        request,
        "exchange/listing_form.html",
        {"form": form, "title": _("Change your listing"), "listing": listing},
    )


@participation_required
@require_POST
def renew(request: TownRequest, public_id: UUID) -> HttpResponse:
    listing = _own_listing(request, public_id)
    return post_action(
        request,
        run=lambda: services.renew_listing(listing=listing, by=request.user),
        success=_("Your listing stays online longer now."),
        redirect_to=reverse("exchange:detail", args=[listing.public_id]),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def mark_taken(request: TownRequest, public_id: UUID) -> HttpResponse:
    """Ask first: a listing marked as taken leaves the exchange and cannot be renewed."""
    listing = _own_listing(request, public_id)
    back = reverse("exchange:detail", args=[listing.public_id])
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.mark_listing_taken(listing=listing, by=request.user),
            success=_("Your listing is marked as taken."),
            redirect_to=back,
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Mark your listing “%(title)s” as taken?") % {"title": listing.title},
            "consequences": [
                _("The listing leaves the exchange; nobody new can write to you about it."),
                _("It cannot be renewed afterwards; for something new, post a new listing."),
            ],
            "confirm_label": _("Yes, mark as taken"),
            "back": back,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    """Ask first (a page of its own, works without JavaScript), then delete for good."""
    listing = _own_listing(request, public_id)
    back = reverse("exchange:detail", args=[listing.public_id])
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.delete_listing(listing=listing, by=request.user),
            success=_("Your listing has been deleted."),
            redirect_to=reverse("exchange:my_listings"),
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Delete your listing “%(title)s”?") % {"title": listing.title},
            "consequences": [
                _("The listing disappears from the exchange, its photos are removed."),
                _("Your conversations about it stay readable for you and the other person."),
                _("This cannot be undone."),
            ],
            "confirm_label": _("Yes, delete the listing"),
            "back": back,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def photos(request: TownRequest, public_id: UUID) -> HttpResponse:
    listing = _own_listing(request, public_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            services.add_listing_photo(
                listing=listing,
                by=request.user,
                upload=upload,
                size=upload.size,
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("exchange:photos", public_id=listing.public_id)
    status = 400 if form.errors else 200
    return render(
        request,
        "exchange/photos.html",
        {"listing": listing, "form": form, "photos": listing.photos.all(), "max": MAX_PHOTOS},
        status=status,
    )


@participation_required
@require_POST
def photo_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    photo = get_object_or_404(ListingPhoto.objects.select_related("listing"), public_id=public_id)
    services.delete_listing_photo(photo=photo, by=request.user)
    messages.success(request, _("The photo has been removed."))
    return redirect("exchange:photos", public_id=photo.listing.public_id)


@participation_required
@require_GET
def my_listings(request: TownRequest) -> HttpResponse:
    return render(
        request, "exchange/my_listings.html", {"listings": selectors.listings_of(request.user)}
    )


@participation_required
@require_POST
def contact(request: TownRequest, public_id: UUID) -> HttpResponse:
    listing = _visible_listing(request, public_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.send_message(
                sender=request.user, listing=listing, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("exchange:thread", public_id=message.thread.public_id)
    return render(
        request,
        "exchange/detail.html",
        {"listing": listing, "is_owner": False, "form": form, "notes": [], "threads": []},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def report_listing(request: TownRequest, public_id: UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    listing = _visible_listing(request, public_id)
    return form_page(
        request,
        form_class=ReasonForm,
        template="exchange/form_page.html",
        action=lambda data: services.report_content(
            reporter=request.user, listing=listing, reason=data["reason"]
        ),
        done=_("Thank you. The moderators will look at it."),
        redirect_to=reverse("exchange:detail", args=[listing.public_id]),
        context={
            "title": _("Report a listing"),
            "intro": listing.title,
            "submit": _("Send report"),
        },
    )


@require_GET
def photo_file(request: TownRequest, public_id: UUID) -> FileResponse:
    """A listing's photo: cacheable while the listing is public; otherwise only for its owner
    and the moderators, never cached, and a 404 for everyone else."""
    photo = selectors.photo_for(public_id)
    if photo is None:
        raise Http404
    listing, name = photo.listing, str(photo.image.name)
    if selectors.listing_is_public(listing):
        return public_file_response(path=name)
    user = request.user
    allowed = user.is_authenticated and (listing.owner_id == user.pk or user.is_moderator)
    return private_file_response(request, path=name, allowed=allowed)
