"""HTML compressed, except where compression could leak a secret (BREACH).

Rules:

- A response is compressed with Django's ``GZipMiddleware`` (which also pads each one with up to 100
  random bytes, Django's own BREACH mitigation) when the client accepts gzip.
- **Never a response that carries a CSRF token.** BREACH recovers a secret from the compressed length
  of a page that also reflects what an attacker sends (a search box, a form shown back with its
  errors). Django masks the token afresh in every response, which already defeats it; we do not lean
  on that alone: a response for which the token was asked goes uncompressed. ``get_token`` makes the
  CSRF middleware (inside this one) set the CSRF cookie on exactly those responses, so the cookie is
  the sign. That is every form page: the member's journey, the save-and-return pages, the admin and
  the sign-in.
- So what is compressed is the public pages (home, the call for evidence, the consultation pages and
  downloads, the response search): they hold no secret, so reflecting the search words is harmless.
- Static files never reach this middleware: whitenoise answers them first, with the ``.gz`` copies
  made by ``collectstatic``.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class CompressPagesWithoutSecrets(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)
