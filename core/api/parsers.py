"""Request bodies: JSON read with exact decimals, within a size limit."""

import json
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError


class RequestTooLarge(ParseError):
    status_code = 413
    default_code = "too_large"


def read_limited(stream, limit):
    """The body, or RequestTooLarge when it is longer than ``limit`` bytes."""
    if stream is None:
        return b""
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise RequestTooLarge(_("The request body is larger than %(limit)s bytes.") % {"limit": f"{limit:,}"})
    return content


def refuse_constant(name):
    raise ValueError(_("%(name)s is not a number JSON allows.") % {"name": name})


class JSONParser(parsers.BaseParser):
    """JSON with numbers kept exact (``Decimal``), NaN and Infinity refused, at most ``limit`` bytes.

    Not a subclass of DRF's JSONParser, which reads the whole body first: this one reads at most
    one byte more than its limit.
    """

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer

    def limit(self, parser_context):
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440

    def parse(self, stream, media_type=None, parser_context=None):
        content = read_limited(stream, self.limit(parser_context or {}))
        try:
            text = content.decode((parser_context or {}).get("encoding", "utf-8"))
            return json.loads(text, parse_float=Decimal, parse_constant=refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from None


class BulkJSONParser(JSONParser):
    """A bulk body may be as large as an import file (``IMPORT_MAX_FILE_SIZE``)."""

    def limit(self, parser_context):
        return settings.IMPORT_MAX_FILE_SIZE
