from trials.views.errors import error_response


class RejectControlCharactersMiddleware:
    """A NUL byte in the path cannot be stored or looked up (PostgreSQL refuses it): 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return error_response(request, 400)
        return self.get_response(request)
