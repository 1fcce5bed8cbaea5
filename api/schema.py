"""OpenAPI: natural-key path parameters with their patterns, ``?format=csv`` on lists, and the error
responses every operation may give, in the shapes of ``core.api.exceptions``."""

from functools import cache

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.filters import BaseCSVFilter
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from core.api.filters import INTEGER_LIMIT, NO_NUL, NUMBER_LIMIT, OrderingFilter
from core.api.serializers import DetailSerializer, ErrorsSerializer
from releases.models import VERSION_PATTERN
from releases.tables import tables

ERRORS = {
    "400": _("The request is invalid: the messages are given by field (by row and field for bulk writes)."),
    "401": _("Authentication failed or is needed: send `Authorization: Token <key>`."),
    "403": _("Your role may not do this."),
    "404": _("No such record (or page), or not one you may see."),
    "409": _("Other records refer to this one."),
    "413": _("The body or file is too large."),
    "415": _("Unsupported content type: send JSON (or, for bulk, a multipart file)."),
    "429": _("Too many requests: wait the seconds in `Retry-After`."),
}
HELD = _(
    "A partner's change to a published record is held for a curator's review; the published record stays as it is."
)
# DRF's standard shapes: one ``detail``, or for invalid input the messages by field.
INVALID = {
    "anyOf": [
        {"$ref": "#/components/schemas/Detail"},
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        {"type": "array", "items": {"type": "string"}},
    ]
}
READ_ERRORS = ["401", "429"]
WRITE_ERRORS = ["400", "401", "403", "413", "415", "429"]


def constrain(schema):
    """State in a query parameter's schema what the API refuses (see ``core.api.filters.value_problem``)."""
    if schema.get("type") == "array":
        constrain(schema["items"])
    elif schema.get("type") == "string" and "enum" not in schema:
        schema.setdefault("pattern", NO_NUL)
    elif schema.get("type") == "integer":
        schema.setdefault("minimum", -INTEGER_LIMIT)
        schema.setdefault("maximum", INTEGER_LIMIT)
    elif schema.get("type") == "number":
        schema.setdefault("minimum", -float(NUMBER_LIMIT))
        schema.setdefault("maximum", float(NUMBER_LIMIT))


@cache
def held_change(record):
    """The answer to a partner's change of a published record: held for review, the record as it stands
    (one component per record serializer, shared by PUT and PATCH)."""
    return inline_serializer(
        name=f"{record.__name__.removesuffix('Serializer')}HeldChange",
        fields={
            "detail": serializers.CharField(help_text=_("What happens next, in the reader's language.")),
            "record": record(help_text=_("The record as it stands, unchanged until the change is accepted.")),
        },
    )


class PortalAutoSchema(AutoSchema):
    def _resolve_path_parameters(self, variables):
        lookup = getattr(self.view, "lookup", None)
        segments = {segment.name: segment for segment in (lookup.segments if lookup else ())}
        parameters = super()._resolve_path_parameters([v for v in variables if v not in segments])
        for variable in variables:
            segment = segments.get(variable)
            if segment is None:
                continue
            schema = {"type": "string", "pattern": f"^{segment.url_regex}$"}
            if segment.example:
                schema["example"] = segment.example
            parameters.append(
                build_parameter_type(
                    name=variable, location=OpenApiParameter.PATH, description=segment.description, schema=schema
                )
            )
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField) and isinstance(schema, dict):
            schema.pop("title", None)  # the related model's key field's label, not this field's
            if field.help_text:
                schema["description"] = str(field.help_text)
        return schema

    def get_auth(self):
        """Reading needs no authentication (``{}``); writing needs a token or a session."""
        auth = super().get_auth()
        if self.method in ("GET", "HEAD", "OPTIONS") and {} not in auth:
            auth.append({})
        return auth

    def get_description(self):
        if hasattr(self.view, "lookup"):
            return self.view.get_view_description()
        return super().get_description()

    def _get_filter_parameters(self):
        """Describe each filter by its label, and comma-separated natural keys as such."""
        parameters = super()._get_filter_parameters()
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in parameters:
            constrain(parameter["schema"])
            found = filters.get(parameter["name"])
            if found is None:
                continue
            label = capfirst(str(found.label or parameter["name"]))
            if isinstance(found, BaseCSVFilter):
                what = _("ISO 3166 alpha-3 codes") if getattr(found, "upper", False) else _("slugs")
                parameter["description"] = _("%(label)s: %(what)s, comma-separated for several.") % {
                    "label": label,
                    "what": what,
                }
            elif not parameter.get("description"):
                parameter["description"] = label
            elif parameter["description"].startswith("* `"):
                parameter["description"] = f"{label}\n\n{parameter['description']}"
        return parameters

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        action = getattr(self.view, "action", None)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if action in ("list", "series") and model in tables():
            parameters.append(
                OpenApiParameter(
                    "release",
                    str,
                    pattern=VERSION_PATTERN,
                    description=_("Read the records as they stood in this release (e.g. 2026.1), not as they are now."),
                )
            )
        if action == "list" and hasattr(self.view, "csv_response"):
            parameters.append(
                OpenApiParameter(
                    "format",
                    str,
                    enum=["json", "csv"],
                    description=_("csv streams every matching record (not one page) as a CSV file."),
                )
            )
        return parameters

    def get_filter_backends(self):
        backends = super().get_filter_backends()
        if getattr(self.view, "action", None) == "series":
            backends = [backend for backend in backends if not issubclass(backend, OrderingFilter)]
        return backends

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        action = getattr(self.view, "action", None)
        if self.method in ("GET", "HEAD"):
            codes = [*READ_ERRORS, "400" if self._is_list_view() else "404"]
            if action in ("list", "series"):
                codes.append("404")  # a page past the end, or a release that does not exist
        elif self.method == "DELETE":
            codes = ["401", "403", "404", "409", "429"]
        else:
            # A write to an address (a record, a job) finds nothing there: 404.
            codes = [*WRITE_ERRORS, *(["404"] if "{" in self.path else [])]
        if action in ("update", "partial_update") and hasattr(self.view.queryset.model, "publication_status"):
            responses["202"] = self._get_response_for_code(
                held_change(self._get_serializer().__class__), "202", ["application/json"], direction
            )
            responses["202"]["description"] = HELD
        if action == "list":
            responses["200"]["content"]["text/csv"] = {
                "schema": {"type": "string", "description": str(_("With ?format=csv: every matching record."))}
            }
        for code in sorted(set(codes)):
            bulk = action in ("bulk", "bulk_upload")
            shape = ErrorsSerializer if bulk else (INVALID if code == "400" else DetailSerializer)
            response = self._get_response_for_code(shape, code, ["application/json"], direction)
            responses.setdefault(code, response)
            responses[code]["description"] = ERRORS[code]
        return responses
