"""The bounce intake on the operator host: the mail provider reports a bounced message.

`POST /mail/bounces/` with `Authorization: Bearer <LQ_BOUNCE_WEBHOOK_SECRET>` and the
bounced message's Message-ID as JSON (`{"message_id": "<lq....>"}`) or form field
`message_id`. The Message-ID names the town and the record, so the intake marks the record
bounced inside that town (stated explicitly with `tenants.current.inside_town`). A copy of
the e-letter (`<letter.<letter>.<person>@<town host>>`, see `portal.letters.mailing`) names
the town, the letter and the person: its delivery and its record are marked. A wrong or missing
secret is a 403 (and no secret configured refuses everything); a Message-ID that is not ours
or names no record is a 404; neither changes anything.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.letters.mailing import LetterCopyRef, read_copy_message_id
from portal.letters.services.bounces import mark_copy_bounced
from tenants.current import inside_town
from tenants.models import Town

from .message_ids import MessageRef, read_message_id
from .services import mark_bounced

MAX_BODY = 64 * 1024


def _authorised(request: HttpRequest) -> bool:
    secret = settings.LQ_BOUNCE_WEBHOOK_SECRET
    given = request.headers.get("Authorization", "")
    if not secret or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), secret.encode())


def _message_id(request: HttpRequest) -> str:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return ""
        value = data.get("message_id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else ""
    return request.POST.get("message_id", "")


def _answer(status: int, error: str = "") -> HttpResponse:
    if not error:
        return HttpResponse(status=status)
    return JsonResponse({"detail": error}, status=status)


@csrf_exempt
@require_POST
def bounce(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        return _answer(403, "Wrong or missing secret.")
    if len(request.body) > MAX_BODY:
        return _answer(400, "Too large.")
    given = _message_id(request)
    target: MessageRef | LetterCopyRef | None = read_message_id(given) or read_copy_message_id(
        given
    )
    if target is None:
        return _answer(400, "message_id is missing or not one of ours.")
    town = Town.objects.filter(slug=target.town_slug).first()
    if town is None or not town.is_town:
        return _answer(404, "No such message.")
    with inside_town(town):
        found = _mark(target)
    if not found:
        return _answer(404, "No such message.")
    return _answer(204)


def _mark(target: MessageRef | LetterCopyRef) -> bool:
    """Mark what the Message-ID names bounced in the current town; False if there is none."""
    if isinstance(target, LetterCopyRef):
        return mark_copy_bounced(letter_id=target.letter_id, user_id=target.user_id) is not None
    return mark_bounced(record_id=target.record_id) is not None
