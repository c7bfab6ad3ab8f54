"""The API's description: the OpenAPI document (JSON and YAML) and the page for people."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from trials.views.api import MAX_PAGE_SIZE
from trials.views.api_schema import openapi_document, openapi_yaml
from trials.views.caching import PUBLIC_MAX_AGE


@require_safe
def openapi_json(request):
    return JsonResponse(openapi_document(), json_dumps_params={"indent": 2})


@require_safe
def openapi_yaml_view(request):
    return HttpResponse(openapi_yaml(), content_type="application/yaml; charset=utf-8")


@require_safe
@vary_on_headers("Accept")
def api_index(request):
    """The API page; a client asking for JSON gets the API's entry points instead."""
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse(
            {
                "trials": request.build_absolute_uri(reverse("trials:api-list")),
                "openapi": request.build_absolute_uri(reverse("trials:openapi-json")),
                "documentation": request.build_absolute_uri(reverse("trials:api")),
            }
        )
    document = openapi_document()
    base = request.build_absolute_uri("/").rstrip("/")
    example = document["paths"]["/api/trials/{id}/"]["get"]["parameters"][0]["example"]
    context = {
        "document": document,
        "info": document["info"],
        "list_parameters": document["paths"]["/api/trials/"]["get"]["parameters"],
        "base": base,
        "example_id": example,
        "rate_limit": settings.RATE_LIMIT_PER_MINUTE,
        "max_page_size": MAX_PAGE_SIZE,
        "max_age": PUBLIC_MAX_AGE,
    }
    return render(request, "trials/api.html", context)
