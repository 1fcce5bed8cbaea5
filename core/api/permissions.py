"""Who may do what through the API, and which records each reader sees.

- anonymous and other signed-in users: read published records;
- partners (a ``PartnerProfile``): read published records and their organisation's drafts; create and
  update the models open to partners (``PARTNER_IMPORT_MODELS``), limited by the import resource to
  their organisation's rows, which start as drafts;
- curators (the Curators group) and superusers: read and write everything, and delete.
"""

from django.conf import settings
from django.db.models import Q
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.choices import PublicationStatusChoices
from core.imports.services import may_import
from core.models import Likely
from core.registry import resource_class_for
from core.roles import CURATORS

ANONYMOUS, READER, PARTNER, CURATOR = "anonymous", "reader", "partner", "curator"


def role_of(user):
    """The user's API role, worked out once per request and kept on the user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    role = getattr(user, "_api_role", None)
    if role is None:
        if user.is_superuser:
            role = CURATOR
        elif hasattr(user, "partner_profile"):
            role = PARTNER  # as in the import layer: a partner profile scopes the user, whatever their groups
        elif user.groups.filter(name=CURATORS).exists():
            role = CURATOR
        else:
            role = READER
        user._api_role = role
    return role


def partner_scoped(model):
    return model._meta.label_lower in settings.PARTNER_IMPORT_MODELS


def visible(queryset, user):
    """The records of ``queryset`` that ``user`` may read."""
    model = queryset.model
    if not hasattr(model, "publication_status"):
        return queryset
    role = role_of(user)
    if role == CURATOR:
        return queryset
    condition = Q(publication_status=PublicationStatusChoices.PUBLISHED)
    if role == PARTNER and partner_scoped(model):
        condition |= Q(pk__in=resource_class_for(model)(user=user).partner_queryset().values("pk"))
    return queryset.filter(Likely(condition))


def may_write(user, model):
    """Create and update: curators, and partners for the models open to them."""
    role = role_of(user)
    return role == CURATOR or (role == PARTNER and may_import(user, model))


class PortalPermission(BasePermission):
    """Reading is open; writing as ``may_write``; deleting is for curators only."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method == "DELETE":
            return role_of(request.user) == CURATOR
        model = getattr(getattr(view, "queryset", None), "model", None)
        return model is not None and may_write(request.user, model)
