"""The pieces every app's REST API shares: base viewset and serializers, lookups by natural key,
roles and visibility, CSV streaming, bulk import, errors as JSON, the router root and the schema.

Each app keeps its own ``api/serializers.py``, ``api/views.py`` and ``api/urls.py`` (NetBox's shape);
``api/urls.py`` here gathers them under one root at ``/api/v1/``.
"""
