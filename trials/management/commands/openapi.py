"""Print the API's OpenAPI document (YAML), as /api/openapi.yaml serves it.

manage.py openapi > docs/openapi.yaml
"""

from django.core.management.base import BaseCommand

from trials.views.api_schema import openapi_yaml


class Command(BaseCommand):
    help = "Print the API's OpenAPI 3.1 document as YAML (docs/openapi.yaml is its output)."

    def handle(self, *args, **options):
        self.stdout.write(openapi_yaml(), ending="")
