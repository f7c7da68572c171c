"""Who calls the API: a bearer token (``Authorization: Bearer …``, see models.py) acts as its user; without
one, a read is the session's user (a logged-in page reader) or the anonymous public. A token that is
unknown or revoked is refused (401), never read as the public: a client learns its token no longer works."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from hyoka.api.models import ApiToken


class TokenAuth(HttpBearer):
    def __init__(self, *, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional

    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            return request.user if self.optional else None  # AnonymousUser is truthy: reads go on as the public
        scheme, _, token = request.headers[self.header].partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError()
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.objects.user_for(token)
        if user is None:
            raise AuthenticationError()
        return user
