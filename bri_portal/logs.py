"""One JSON object a log line, for log collectors reading the server's stdout."""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

# Gunicorn's access log passes its request "atoms" as the record's arguments.
GUNICORN_ATOMS = {"method": "m", "path": "U", "query": "q", "status": "s", "duration_us": "D", "remote": "h"}


class JSONFormatter(logging.Formatter):
    """timestamp, level, logger and message; the request's method, path and status when known."""

    def format(self, record):
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)  # django.request and django.security records
        if hasattr(request, "method"):
            entry.update(method=request.method, path=request.path)
        if isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update({key: record.args.get(atom) for key, atom in GUNICORN_ATOMS.items()})
            entry["status"] = int(entry["status"]) if str(entry["status"]).isdigit() else entry["status"]
            entry["duration_us"] = int(entry["duration_us"])
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
