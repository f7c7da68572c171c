from django.http import HttpRequest

from hyoka.accounts import access


def roles(request: HttpRequest) -> dict:
    """The menu shows what the user's role may open (the views check again on the server)."""
    return {"is_planning_admin": access.is_planning_admin(request.user)}
