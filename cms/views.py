"""Error handlers: a lost database is a 503 with a retry hint, never a traceback."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader

from cms.security import DatabaseUnavailableMiddleware


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, exception)
    try:
        body = loader.render_to_string("500.html", {"request": request})
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        body = "<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(body)
