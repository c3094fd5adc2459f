"""The operator API on the public host: list and onboard towns."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.fields import StrictCharField
from tenants.current import current_schema
from tenants.models import Module, ResidencyPolicy, Town, postcode_validator
from tenants.selectors import towns
from tenants.services import SLUG_MAX_LENGTH

from . import services


class TownSerializer(serializers.Serializer[Town]):
    # The service's limit, and text only (the JSON number 123 is no slug).
    slug = StrictCharField(max_length=SLUG_MAX_LENGTH)
    name = StrictCharField(max_length=120)
    status = serializers.CharField(read_only=True)
    admin_email = serializers.EmailField(write_only=True, max_length=254)
    admin_name = StrictCharField(write_only=True, required=False, default="", max_length=120)
    # The town's public contact (page and e-mail footers); never the administrator's address.
    contact_email = serializers.EmailField(
        required=False, default="", allow_blank=True, max_length=254
    )
    postcodes = serializers.ListField(
        child=StrictCharField(validators=[postcode_validator]), required=False, default=list
    )
    districts = serializers.ListField(
        child=StrictCharField(max_length=80), required=False, default=list
    )
    default_language = serializers.ChoiceField(choices=Town.Language.choices, default="de")
    residency_policy = serializers.ChoiceField(
        choices=ResidencyPolicy.choices, default=ResidencyPolicy.OPEN
    )
    enabled_modules = serializers.ListField(
        child=serializers.ChoiceField(choices=Module.choices), required=False
    )


class TownListCreateView(APIView):
    # Tokens live in town schemas only; on the operator host only sessions authenticate.
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAdminUser]

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        if current_schema() != "public":
            raise Http404
        super().initial(request, *args, **kwargs)

    @extend_schema(responses=TownSerializer(many=True))
    def get(self, request: Request) -> Response:
        serializer = TownSerializer(list(towns()), many=True)  # type: ignore[arg-type]
        return Response(serializer.data)

    @extend_schema(request=TownSerializer, responses=TownSerializer)
    def post(self, request: Request) -> Response:
        serializer = TownSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        town = services.provision_town(**serializer.validated_data)
        return Response(TownSerializer(town).data, status=status.HTTP_201_CREATED)
