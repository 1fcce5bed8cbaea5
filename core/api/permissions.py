"""Who may do what through the API (the rules themselves are in ``core.roles`` and on the querysets).

- anonymous and other signed-in users: read published records;
- partners (a ``PartnerProfile``): read published records and their organisation's drafts; create and
  update the models open to partners (``PARTNER_IMPORT_MODELS``), limited by the import resource to
  their organisation's rows, which start as drafts;
- curators (the Curators group) and superusers: read and write everything, and delete.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.roles import is_curator, may_write


class PortalPermission(BasePermission):
    """Reading is open; writing as ``may_write``; deleting is for curators only."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method == "DELETE":
            return is_curator(request.user)
        model = getattr(getattr(view, "queryset", None), "model", None)
        return model is not None and may_write(request.user, model)
