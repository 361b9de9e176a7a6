"""Every refusal as JSON with a sentence in `detail`: a bad query string also names its parameters'
problems in `errors` ({"topic": ["…"]})."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def handle_exception(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"query": response.data}
        response.data = {"detail": _("The query string has values this API cannot use."), "errors": errors}
    response["Cache-Control"] = "no-store" if response.status_code == 429 else "no-cache"
    return response
