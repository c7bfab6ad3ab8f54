from django.http import HttpResponseBadRequest


class RejectControlCharactersMiddleware:
    """A NUL byte in the path cannot be stored or looked up (PostgreSQL refuses it): 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseBadRequest("Bad request: the address holds a NUL character.")
        return self.get_response(request)
