"""One user model for every schema: operators in the public schema, residents in their town's."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.town_cache import TownCachedRow


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    PROVIDER = "provider", _("Provider (business)")
    ORGANISATION = "organisation", _("Organisation representative")
    HELPER = "helper", _("Helper")
    MODERATOR = "moderator", _("Moderator (network manager)")
    TOWN_ADMIN = "town_admin", _("Town administrator")
    # The LQ Fonds: the committee pre-sorts proposals, its chair closes the review; poll
    # workers enter paper ballots.
    COMMITTEE = "committee", _("Fund committee member")
    COMMITTEE_CHAIR = "committee_chair", _("Chair of the fund committee")
    POLL_WORKER = "poll_worker", _("Poll worker (enters paper ballots)")


# Roles that come with another: a town administrator may do what a moderator may.
IMPLIED_ROLES: dict[str, frozenset[str]] = {
    Role.TOWN_ADMIN: frozenset({Role.MODERATOR}),
    Role.COMMITTEE_CHAIR: frozenset({Role.COMMITTEE}),
}


class ParticipationBlock(models.TextChoices):
    """Why a logged-in user may look around but not post, request or vote."""

    BLOCKED = "blocked", _("Your account is blocked.")
    PENDING = "pending", _("Your account is waiting for approval by the town's network manager.")
    UNVERIFIED = "unverified", _("Your e-mail address is not confirmed yet.")


class UserQuerySet(models.QuerySet["User"]):
    def people(self) -> UserQuerySet:
        """Real people only: without the anonymised rows of deleted accounts, which stay
        so that what they wrote and their ledger accounts keep pointing at something. Every
        list, search, count and mailing of people starts here."""
        return self.filter(deleted_at__isnull=True)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def people(self) -> UserQuerySet:
        """`UserQuerySet.people` on every account of the schema."""
        return self.get_queryset().people()

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored in lower case; people type them as they like.
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Waiting for approval")
        BLOCKED = "blocked", _("Blocked")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Empty (NULL) only for a managed resident, whom a network manager looks after because
    # they have no e-mail address; every other account has a unique one (see Meta).
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("de", "Deutsch"), ("en", "English")], default="de"
    )
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), default=list, blank=True
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Created by a network manager for someone who is not online: no password, maybe no
    # e-mail; the network manager vouches for them instead of a confirmed address
    # (portal.behalf). Cleared when the person sets a password from an invitation.
    is_managed = models.BooleanField(default=False)
    # Operators only: staff of the public schema may use Django's admin.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # When the account was deleted and its row anonymised (portal.accounts.personal_data);
    # such a row is no longer a person and is left out of every list (`User.objects.people()`).
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            # Services lower-case addresses; the database makes sure no path slips past that.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            # Only a managed resident may be without an address (NULL, never "").
            models.CheckConstraint(
                condition=models.Q(is_managed=True, email__isnull=True)
                | (models.Q(email__isnull=False) & ~models.Q(email="")),
                name="accounts_user_email_unless_managed",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or ""

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else (self.email or "")

    def has_role(self, role: str) -> bool:
        """Whether the user holds `role`, directly or through a role that implies it."""
        return role in self.effective_roles

    @property
    def effective_roles(self) -> frozenset[str]:
        held = {str(role) for role in self.roles}
        for role in list(held):
            held |= IMPLIED_ROLES.get(role, frozenset())
        return frozenset(held)

    @property
    def role_labels(self) -> list[str]:
        """The user's roles in words, for pages (never the raw codes)."""
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.roles]

    @property
    def is_town_admin(self) -> bool:
        return Role.TOWN_ADMIN in self.roles

    @property
    def is_moderator(self) -> bool:
        return self.has_role(Role.MODERATOR)

    @property
    def participation_block(self) -> ParticipationBlock | None:
        """The first reason the user may not take part, or None if they may."""
        if not self.is_active or self.status == self.Status.BLOCKED:
            return ParticipationBlock.BLOCKED
        if self.status == self.Status.PENDING:
            return ParticipationBlock.PENDING
        if self.email_verified_at is None and not self.is_managed:
            return ParticipationBlock.UNVERIFIED
        return None

    @property
    def can_participate(self) -> bool:
        """Only active, verified users may post, request or vote; pending ones may only look."""
        return self.participation_block is None


# Capital letters and digits without the look-alikes (0/O, 1/I/L): codes are read out over
# the phone and typed by hand, so they are compared without regard to case or spaces.
INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_invitation_code() -> str:
    return "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(12))


class Invitation(models.Model):
    """A code that lets people register in a town whose policy is 'invitation'."""

    code = models.CharField(max_length=32, unique=True, default=new_invitation_code)
    note = models.CharField(max_length=200, blank=True)
    max_uses = models.PositiveIntegerField(default=1)
    used_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_usable(self) -> bool:
        return self.used_count < self.max_uses and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who did what to whom: role changes, approvals, acting on someone's behalf."""

    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # The person the actor acted for (a network manager for a resident, with consent).
    on_behalf_of = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What it was done to, as "app.model" and its public key: kept when the object goes.
    target_type = models.CharField(max_length=60, blank=True, default="")
    target_key = models.CharField(max_length=80, blank=True, default="")
    action = models.CharField(max_length=60)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} on {self.subject_id}"


class SecuritySettings(TownCachedRow):
    """One row per town: the town's rules for logging in (the console's "Security" page)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    # Administrators must pass a second step (a code from an app) to reach the console.
    admins_need_two_factor = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="accounts_security_settings_singleton"
            )
        ]

    def __str__(self) -> str:
        return "security settings"


class DataExport(models.Model):
    """A person's "download my data": built by a task into a private ZIP that expires.

    At most one export per person is being built at a time (the partial unique constraint),
    so a second request while one runs starts nothing."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    file = models.CharField(max_length=200, blank=True)  # its name in the default storage
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="building"),
                name="accounts_one_export_building_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"export {self.public_id}"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
