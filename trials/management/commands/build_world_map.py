"""Rebuild trials/catalogue/geodata/world.json (the landscape map's shapes) from world-atlas.

npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
manage.py build_world_map package/countries-110m.json --small package/countries-50m.json
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_countries import countries

from trials.catalogue.worldmap import WORLD_MAP_PATH, build_world_map

SOURCE = (
    "Natural Earth 1:110m admin-0 countries (public domain), as TopoJSON in the npm package "
    "world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock); Equal Earth "
    "projection, simplified by trials/worldmap.py"
)


class Command(BaseCommand):
    help = "Project and simplify world-atlas TopoJSON into the landscape map's SVG paths."

    def add_arguments(self, parser):
        parser.add_argument("topology", help="countries-110m.json of world-atlas")
        parser.add_argument("--small", help="countries-50m.json: dots for smaller countries")
        parser.add_argument("--output", default=str(WORLD_MAP_PATH))

    def handle(self, *args, topology, small, output, **options):
        try:
            shapes = json.loads(Path(topology).read_text(encoding="utf-8"))
            dots = json.loads(Path(small).read_text(encoding="utf-8")) if small else None
            built = build_world_map(shapes, dots, source=SOURCE)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot build the map: {error}") from error
        for entry in [*built["countries"], *built["points"]]:  # the catalogue's own names
            entry["name"] = str(countries.name(entry["code"]) or entry["name"])
        text = json.dumps(built, ensure_ascii=False, separators=(",", ":"))
        Path(output).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(built['countries'])} countries, {len(built['points'])} dots, "
                f"{len(text.encode()) // 1024} KiB written to {output}"
            )
        )
