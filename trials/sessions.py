"""A signed-in session ends ``SESSION_COOKIE_AGE`` after its login, however busy it is.

Django's session expiry slides: every save of the session restarts its clock, so an active
session never ends. The login time is kept in the session (``user_logged_in``), and the
middleware signs out a session that is older, or that holds none (signed in before this
existed), whatever the cookie or the session table still allow.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout

LOGIN_TIME = "_login_time"
clock = time.time  # replaced in tests


def record_login_time(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME] = clock()


class AbsoluteSessionLifetimeMiddleware:
    """After AuthenticationMiddleware: a session past its lifetime is signed out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            login_time = session.get(LOGIN_TIME)
            if not isinstance(login_time, int | float) or (
                clock() - login_time > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
        return self.get_response(request)
