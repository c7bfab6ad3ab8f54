"""The landscape: the catalogue's numbers as charts, under the list page's own filters.

Every number comes from the list's machinery. The bar charts and the map *are* the facet
counts of ``trials.catalogue.counts`` (same statement, same cache entry as the list page); the start
year and phase tables group the same filtered set of trials in the same way (one CTE
statement, cached on the same catalogue version). Like a facet, a chart counts within every
*other* filter, and each bar links to the list with the other filters kept and its own value
set, so the list it opens holds exactly the bar's number of trials.

This module counts and lays charts out (coordinates in SVG user units); the templates draw.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property

from trials.catalogue import facet_bitmaps
from trials.catalogue.counts import FACET_CACHE_SECONDS, facet_counts, total_from_facets
from trials.catalogue.filters import Selection, TrialFilter
from trials.catalogue.versions import catalogue_version, landscape_key
from trials.catalogue.worldmap import world_map
from trials.models import CellType, Phase, Trial, TrialPhase

# (facet name, chart title, what one bar is, whether a trial can count in several bars)
BAR_CHARTS = (
    ("product_type", "Product type", "product types", True),
    ("cell_type", "Cell type", "cell types", True),
    ("source_tissue", "Source tissue", "source tissues", True),
    ("donor", "Donor", "donor kinds", False),
    ("route", "Route of administration", "routes", True),
    ("condition_area", "Condition area", "condition areas", True),
    ("phase", "Phase", "phases", True),
    ("status", "Recruitment status", "statuses", False),
)
CHART_SLUGS = (*(name for name, *_ in BAR_CHARTS), "country", "start_year", "phase_cell_type")

MAX_BARS = 15  # bars drawn per chart; the table below it lists every value
TIME_ROWS = 6  # cell types drawn over time, the commonest (the table has them all)
MAX_YEARS = 30  # years drawn; earlier ones are one "before" column
PHASE_ROWS = 12  # cell types in the phase table (the CSV has them all)
SHADES = 5
MAP_LABELS = 8  # countries whose count is written on the map
MAP_LABEL_AREA = 350  # smallest country (square map units) that takes a written count
YEARS = range(1900, 2101)  # the start-year filter's bounds
YEAR_FILTERS = ("start_year_min", "start_year_max")


# ---- counting --------------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    return {
        "phases": TrialPhase._meta.db_table,
        "links": Trial.cell_types.through._meta.db_table,
        "cell_types": CellType._meta.db_table,
    }


# Each: the SQL after SELECT of (value, count) over ``{matched} m``, the filtered trials'
# ids and start dates. Joined directly, not through IN (...): the planner then sees how
# many trials match and hashes the link tables instead of probing them once per trial.
YEAR_TOTALS = "substr(m.start_date, 1, 4), count(*) FROM {matched} m WHERE m.start_date <> ''"
YEAR_CELL_TYPES = (
    "substr(m.start_date, 1, 4) || '|' || c.term, count(*) FROM {matched} m"
    " JOIN {links} x ON x.trial_id = m.pk JOIN {cell_types} c ON c.id = x.celltype_id"
    " WHERE m.start_date <> ''"
)
# A trial has each phase and each cell type once, so each pair counts a trial once.
PHASE_CELL_TYPES = (
    "p.phase || '|' || c.term, count(*) FROM {matched} m JOIN {phases} p ON p.trial_id = m.pk"
    " JOIN {links} x ON x.trial_id = m.pk JOIN {cell_types} c ON c.id = x.celltype_id"
)


@dataclass(frozen=True)
class Cross:
    """A grouped count that, like a facet, ignores the filters on its own dimensions.
    ``select`` counts it in SQL; ``axes`` name its dimensions for SQLite's bitmaps ("year",
    or a facet whose stored keys hold the values), its values joined by "|" as in SQL."""

    name: str
    select: str
    ignores: tuple[str, ...]
    axes: tuple[str, ...]


CROSSES = (
    Cross("year", YEAR_TOTALS, YEAR_FILTERS, ("year",)),
    Cross("year_cell_type", YEAR_CELL_TYPES, (*YEAR_FILTERS, "cell_type"), ("year", "cell_type")),
    Cross("phase_cell_type", PHASE_CELL_TYPES, ("phase", "cell_type"), ("phase", "cell_type")),
)


def _count_together(trials, crosses) -> dict[str, dict[str, int]]:
    """The crosses over one filtered set of trials, in one statement."""
    matched = trials.order_by().values("pk", "start_date")
    base_sql, base_params = matched.query.sql_with_params()
    parts, params = [], []
    for cross in crosses:
        select = cross.select.format(matched=f"({base_sql})", **_tables())
        parts.append(f"SELECT %s, {select} GROUP BY 2")
        params += [cross.name, *base_params]
    counted: dict[str, dict[str, int]] = {cross.name: {} for cross in crosses}
    with connections[trials.db].cursor() as cursor:  # a replica for public pages
        cursor.execute(" UNION ALL ".join(parts), params)
        for name, value, count in cursor.fetchall():
            counted[name][value] = count
    return counted


def _count_off_bitmaps(selection: Selection, crosses, version: str) -> dict | None:
    """The crosses over the selected trials off SQLite's facet bitmaps (``facet_bitmaps``),
    without a statement; None where they cannot be used (not SQLite, or a trial missing)."""
    if connections[selection.db].vendor != "sqlite":
        return None
    found = facet_bitmaps.selected_trials(selection, version)
    if found is None:
        return None
    built, matched = found
    counted = {}
    for cross in crosses:
        cells = {"": matched}
        for axis in cross.axes:
            cells = {
                f"{label}|{value}" if label else value: both
                for label, bits in cells.items()
                for value, of_value in built.axes.get(axis, {}).items()
                if (both := bits & of_value)
            }
        counted[cross.name] = {label: bits.bit_count() for label, bits in cells.items()}
    return counted


def _active(filterset: TrialFilter) -> set[str]:
    data = filterset.form.cleaned_data
    return {name for name, value in data.items() if value not in (None, "", []) and name != "sort"}


def _count_crosses(filterset: TrialFilter, version: str) -> dict:
    active = _active(filterset)
    groups: dict[frozenset[str], list] = {}
    for cross in CROSSES:
        groups.setdefault(frozenset(cross.ignores) & active, []).append(cross)
    counted = {}
    for ignored, crosses in groups.items():
        selection = filterset.selection_without(*ignored)
        crossed = _count_off_bitmaps(selection, crosses, version)
        counted |= _count_together(selection.trials, crosses) if crossed is None else crossed
    result = dict(counted)
    result["cell_type_labels"] = {t.term: str(t) for t in CellType.objects.all()}
    return result


def cross_counts(filterset: TrialFilter, version: str) -> dict:
    """Start-year and phase cross counts, cached like the facets (same key recipe, and the
    catalogue version the facets were counted at)."""
    key = landscape_key(version, filterset.form.cleaned_data)
    counted = cache.get(key)
    if counted is None:
        counted = _count_crosses(filterset, version)
        cache.set(key, counted, FACET_CACHE_SECONDS)
    return counted


# ---- links -----------------------------------------------------------------------------------


class Links:
    """URLs of the list (or the landscape) with the current filters and one facet set.

    Hundreds of links per page: each filter's part of the query string is encoded once.
    """

    def __init__(self, data: QueryDict, filterset: TrialFilter):
        self.encoded = {
            name: urlencode([(name, value) for value in data.getlist(name)])
            for name in data
            if name in filterset.form.fields and name not in ("page", "sort")
        }
        self.list_url = reverse("trials:list")

    def query(self, **values) -> str:
        parts = [part for name, part in self.encoded.items() if name not in values and part]
        for name, value in values.items():
            if value is not None:
                parts.append(urlencode({name: value}))
        return "&".join(parts)

    def to_list(self, **values) -> str:
        query = self.query(**values)
        return f"{self.list_url}?{query}" if query else self.list_url

    def csv(self, chart: str) -> str:
        url = reverse("trials:landscape-csv", args=[chart])
        query = self.query()
        return f"{url}?{query}" if query else url


# ---- charts ----------------------------------------------------------------------------------


def _short(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


@dataclass
class Bar:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    share: float = 0.0  # of the trials matched
    # layout
    row_y: float = 0
    y: float = 0
    width: float = 0
    short_label: str = ""
    text_y: float = 0
    value_x: float = 0

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"


@dataclass
class BarChart:
    slug: str
    title: str
    plural: str
    overlapping: bool
    bars: list[Bar]  # every value, most trials first
    total: int
    csv_url: str
    width: int = 480
    label_width: int = 170
    bar_space: int = 250
    # A row is a bar's link target: 34 units stay 24 px tall at a phone's scale (WCAG 2.5.8).
    row: int = 34
    bar_height: int = 22

    @property
    def drawn(self) -> list[Bar]:
        return [bar for bar in self.bars if bar.count][:MAX_BARS]

    @property
    def height(self) -> int:
        return len(self.drawn) * self.row + 4

    def layout(self) -> "BarChart":
        top = max((bar.count for bar in self.bars), default=0)
        for index, bar in enumerate(self.drawn):
            bar.row_y = index * self.row + 2
            bar.y = bar.row_y + (self.row - self.bar_height) / 2
            bar.width = round(self.bar_space * bar.count / top, 1) if top else 0
            bar.short_label = _short(bar.label, 25)
            bar.text_y = bar.y + 15.5
            bar.value_x = round(self.label_width + bar.width + 6, 1)
        for bar in self.bars:
            bar.share = bar.count / self.total if self.total else 0.0
        return self

    @property
    def summary(self) -> str:
        counted = [bar for bar in self.bars if bar.count]
        if not counted:
            return f"No trial here has a {self.title.lower()} to count."
        parts = [f"{len(counted)} {self.plural if len(counted) != 1 else self.title.lower()}."]
        first = counted[0]
        parts.append(
            f"Most trials: {first.label}, {first.count:,} of {self.total:,} ({first.share:.0%})"
        )
        if len(counted) > 1:
            second = counted[1]
            parts[-1] += f", then {second.label}, {second.count:,} ({second.share:.0%})."
        else:
            parts[-1] += "."
        unstated = self.total - sum(bar.count for bar in counted)
        if self.overlapping:
            parts.append("A trial can count under several.")
        elif unstated > 0:
            parts.append(f"{unstated:,} trial{'s' if unstated != 1 else ''} do not say.")
        if len(counted) > MAX_BARS:
            parts.append(f"The chart shows the {MAX_BARS} commonest; the table lists all.")
        return " ".join(parts)


@dataclass
class Country:
    code: str
    name: str
    count: int
    url: str
    shade: int = 0  # 0: no trials, 1..SHADES
    d: str = ""
    label: tuple[float, float] | None = None  # where the count is written, if it is
    dot: tuple[float, float] | None = None

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"


@dataclass
class WorldMap:
    width: int
    height: int
    shapes: list[Country]
    dots: list[Country]
    land: list[str]
    countries: list[Country]  # every country with trials, most first (the table)
    legend: list[tuple[int, str]]
    undrawn: list[Country]
    total: int
    csv_url: str
    selected: list[str] = field(default_factory=list)

    @property
    def labelled(self) -> list[Country]:
        return [c for c in self.shapes if c.label]

    @property
    def summary(self) -> str:
        if not self.countries:
            return "No trial here names a country."
        first = self.countries[0]
        text = (
            f"Trials run in {len(self.countries)} "
            f"countr{'ies' if len(self.countries) != 1 else 'y'}; "
            f"the most in {first.name} ({first.count:,})"
        )
        if len(self.countries) > 1:
            rest = ", ".join(f"{c.name} ({c.count:,})" for c in self.countries[1:4])
            text += f", then {rest}"
        return text + ". A trial in several countries counts in each."


def shade_steps(maximum: int, shades: int = SHADES) -> list[tuple[int, int]]:
    """Count ranges of the map's shades, on a logarithmic scale from 1 to ``maximum``."""
    if maximum <= 0:
        return []
    lows = sorted({max(1, math.ceil(maximum ** (i / shades) - 1e-9)) for i in range(shades)})
    return [(low, lows[i + 1] - 1 if i + 1 < len(lows) else maximum) for i, low in enumerate(lows)]


def build_map(options, links: Links, total: int) -> WorldMap:
    shapes = world_map()
    counts = {o.value: o for o in options}
    steps = shade_steps(max((o.count for o in options), default=0))
    offset = SHADES - len(steps)

    def shade(count):
        for index, (low, high) in enumerate(steps):
            if low <= count <= high:
                return index + 1 + offset
        return 0

    def country(code, name):
        option = counts.get(code)
        if option is None:  # no trials: no link, and the shape file's name will do
            return Country(code, name, 0, "", 0)
        url = links.to_list(country=code) if option.count else ""
        return Country(code, option.label, option.count, url, shade(option.count))

    drawn = []
    for entry in shapes["countries"]:
        item = country(entry["code"], entry["name"])
        item.d = entry["d"]
        drawn.append(item)
    biggest = sorted(
        (c for c, e in zip(drawn, shapes["countries"], strict=True) if c.count),
        key=lambda c: -c.count,
    )
    areas = {e["code"]: e for e in shapes["countries"]}
    placed_labels: list[tuple[float, float]] = []
    for item in biggest:
        x, y = areas[item.code]["label"]
        crowded = any(abs(x - px) < 34 and abs(y - py) < 16 for px, py in placed_labels)
        if areas[item.code]["area"] >= MAP_LABEL_AREA and not crowded:
            item.label = (x, y)
            placed_labels.append((x, y))
            if len(placed_labels) == MAP_LABELS:
                break
    dots = []
    drawn_codes = {c.code for c in drawn}
    for entry in shapes["points"]:
        item = country(entry["code"], entry["name"])
        if item.count:
            item.dot = (entry["x"], entry["y"])
            dots.append(item)
    placed = drawn_codes | {c.code for c in dots}
    listed = sorted(
        (country(o.value, o.label) for o in options if o.count),
        key=lambda c: (-c.count, c.name),
    )
    legend = [
        (index + 1 + offset, f"{low:,}" if low == high else f"{low:,}–{high:,}")
        for index, (low, high) in enumerate(steps)
    ]
    return WorldMap(
        width=shapes["width"],
        height=shapes["height"],
        shapes=drawn,
        dots=dots,
        land=shapes["land"],
        countries=listed,
        legend=legend,
        undrawn=[c for c in listed if c.code not in placed],
        total=total,
        csv_url=links.csv("country"),
        selected=[o.label for o in options if o.selected],
    )


@dataclass
class Column:
    label: str
    first: int | None
    last: int
    x: float = 0
    center: float = 0
    labelled: bool = True


@dataclass
class TimeCell:
    count: int
    url: str
    year: str  # the column's label
    x: float = 0
    y: float = 0
    height: float = 0
    center: float = 0
    text_y: float = 0

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"


@dataclass
class TimeRow:
    label: str
    term: str | None  # None: every trial
    total: int
    cells: list[TimeCell]
    selected: bool = False
    top: float = 0
    baseline: float = 0
    label_y: float = 0
    total_y: float = 0

    @property
    def short_label(self) -> str:
        return _short(self.label, 23)

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


@dataclass
class TimeChart:
    columns: list[Column]
    rows: list[TimeRow]
    other_rows: list[TimeRow]  # cell types not drawn (the table and CSV list them)
    undated: int
    total: int
    csv_url: str
    width: int = 1000
    label_width: int = 226
    row_height: int = 58
    bar_space: int = 38
    column_width: float = 0
    bar_width: float = 0
    numbered: bool = True

    @property
    def height(self) -> int:
        return len(self.rows) * self.row_height + 22

    @property
    def axis_y(self) -> int:
        return len(self.rows) * self.row_height + 14

    @property
    def summary(self) -> str:
        every = self.rows[0] if self.rows else None
        if every is None or not every.total:
            return "No trial here has a known start year."
        busiest = max(zip(self.columns, every.cells, strict=True), key=lambda pair: pair[1].count)
        text = (
            f"{every.total:,} trials with a known start year, from {self.columns[0].label} "
            f"to {self.columns[-1].label}; the most started in {busiest[0].label} "
            f"({busiest[1].count:,})."
        )
        if self.undated:
            text += f" {self.undated:,} trials do not give a start year."
        if len(self.rows) > 1:
            text += (
                " Below, the commonest cell types, each row on its own scale"
                " (a trial can have several)."
            )
        return text


def build_time_chart(counted, labels, links: Links, selected: set[str], total: int) -> TimeChart:
    years = {int(y) for y in counted["year"] if y.isdigit() and int(y) in YEARS}
    by_cell: dict[str, dict[int, int]] = {}
    for key, n in counted["year_cell_type"].items():
        year, _, term = key.partition("|")
        if year.isdigit() and int(year) in YEARS and term:
            by_cell.setdefault(term, {})[int(year)] = n
            years.add(int(year))
    csv_url = links.csv("start_year")
    dated = sum(n for y, n in counted["year"].items() if y.isdigit() and int(y) in YEARS)
    if not years:
        return TimeChart([], [], [], total - dated, 0, csv_url)
    first, last = min(years), max(years)
    columns = []
    if last - first + 1 > MAX_YEARS:
        cutoff = last - MAX_YEARS + 2
        columns.append(Column(f"before {cutoff}", None, cutoff - 1))
        first = cutoff
    columns += [Column(str(year), year, year) for year in range(first, last + 1)]

    def series(per_year: dict[int, int], **filters) -> list[TimeCell]:
        cells = []
        for column in columns:
            low = column.first if column.first is not None else YEARS.start
            count = sum(n for year, n in per_year.items() if low <= year <= column.last)
            url = (
                links.to_list(start_year_min=column.first, start_year_max=column.last, **filters)
                if count
                else ""
            )
            cells.append(TimeCell(count, url, column.label))
        return cells

    totals = {int(y): n for y, n in counted["year"].items() if y.isdigit() and int(y) in YEARS}
    every = TimeRow("All trials", None, sum(totals.values()), series(totals))
    cell_rows = sorted(
        (
            TimeRow(
                labels.get(term, term),
                term,
                sum(per_year.values()),
                series(per_year, cell_type=term),
                selected=term in selected,
            )
            for term, per_year in by_cell.items()
        ),
        key=lambda row: (-row.total, row.label.lower()),
    )
    chart = TimeChart(
        columns,
        [every, *cell_rows[:TIME_ROWS]],
        cell_rows[TIME_ROWS:],
        total - dated,
        every.total,
        csv_url,
    )
    plot = chart.width - chart.label_width
    chart.column_width = plot / len(columns)
    chart.bar_width = round(chart.column_width * 0.72, 1)
    chart.numbered = chart.column_width >= 19
    every_year = chart.column_width >= 30
    for index, column in enumerate(columns):
        column.x = round(chart.label_width + index * chart.column_width, 1)
        column.center = round(column.x + chart.column_width / 2, 1)
        column.labelled = every_year or index == 0 or (column.first or 0) % 5 == 0
    for index, row in enumerate(chart.rows):
        row.top = index * chart.row_height
        row.baseline = row.top + 14 + chart.bar_space
        row.label_y = row.top + 14 + chart.bar_space // 2
        row.total_y = row.label_y + 14
        peak = max((cell.count for cell in row.cells), default=0)
        for column, cell in zip(columns, row.cells, strict=True):
            cell.height = round(chart.bar_space * cell.count / peak, 1) if peak else 0
            cell.x = round(column.center - chart.bar_width / 2, 1)
            cell.y = round(row.baseline - cell.height, 1)
            cell.center = column.center
            cell.text_y = round(cell.y - 3, 1)
    return chart


@dataclass
class PhaseTable:
    phases: list[tuple[str, str, bool]]  # value, label, selected
    rows: list[tuple[str, str, bool, list[tuple[int, str, int]]]]  # term, label, sel, cells
    hidden: int
    all_rows: list[tuple[str, str, dict[str, int]]]
    csv_url: str

    @property
    def summary(self) -> str:
        if not self.rows:
            return "No trial here has both a phase and a cell type."
        best = max(
            ((row[1], label, cell[0]) for row in self.rows for (_v, label, _s), cell in
             zip(self.phases, row[3], strict=True)),
            key=lambda item: item[2],
        )  # fmt: skip
        text = (
            f"The commonest pairing: {best[0]} in {best[1].lower()}, {best[2]:,} trials. "
            "A trial in several phases or with several cell types counts in each cell."
        )
        if self.hidden:
            text += f" {self.hidden} rarer cell types are left out here (the CSV has them)."
        return text


def build_phase_table(
    counted, labels, links: Links, selected_phases: set[str], selected_cells: set[str]
) -> PhaseTable:
    cells: dict[str, dict[str, int]] = {}
    for key, n in counted["phase_cell_type"].items():
        phase, _, term = key.partition("|")
        if phase and term and phase in Phase.values:
            cells.setdefault(term, {})[phase] = n
    present = {phase for per_phase in cells.values() for phase in per_phase}
    phases = [(v, label, v in selected_phases) for v, label in Phase.choices if v in present]
    ordered = sorted(cells.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    peak = max((n for per_phase in cells.values() for n in per_phase.values()), default=0)
    steps = shade_steps(peak, 4)
    offset = 4 - len(steps)

    def heat(count):
        for index, (low, high) in enumerate(steps):
            if low <= count <= high:
                return index + 1 + offset
        return 0

    rows = []
    for term, per_phase in ordered[:PHASE_ROWS]:
        row_cells = [
            (
                per_phase.get(phase, 0),
                links.to_list(phase=phase, cell_type=term),
                heat(per_phase.get(phase, 0)),
            )
            for phase, _label, _selected in phases
        ]
        rows.append((term, labels.get(term, term), term in selected_cells, row_cells))
    all_rows = [(term, labels.get(term, term), per_phase) for term, per_phase in ordered]
    return PhaseTable(
        phases, rows, max(0, len(ordered) - PHASE_ROWS), all_rows, links.csv("phase_cell_type")
    )


class Landscape:
    """Every chart of the landscape for one set of filters.

    The facet counts, total and list link are read at once (the page's head and notices
    need them); the charts are drawn when first read, so a page whose rendered charts are
    cached draws none of them.
    """

    def __init__(self, filterset: TrialFilter, data: QueryDict):
        self.filterset = filterset
        self.version = catalogue_version()
        self.facets = facet_counts(filterset, self.version, limit=None)
        self.total = total_from_facets(self.facets) or 0
        self.links = Links(data, filterset)
        self.list_url = self.links.to_list()
        cleaned = filterset.form.cleaned_data
        self.selected_cells = set(cleaned.get("cell_type") or [])
        self.selected_phases = set(cleaned.get("phase") or [])

    @cached_property
    def options(self) -> dict:
        # A facet whose counting ran past the time limit draws no bars (the page says so).
        return {facet.name: [] if opts.omitted else opts for facet, opts in self.facets}

    @cached_property
    def bar_charts(self) -> list[BarChart]:
        charts = []
        for name, title, plural, overlapping in BAR_CHARTS:
            bars = [
                Bar(o.value, o.label, o.count, o.selected, self.links.to_list(**{name: o.value}))
                for o in self.options[name]
            ]
            chart = BarChart(name, title, plural, overlapping, bars, self.total,
                             self.links.csv(name))  # fmt: skip
            charts.append(chart.layout())
        return charts

    @cached_property
    def crosses(self) -> dict:
        return cross_counts(self.filterset, self.version)

    @cached_property
    def world(self) -> WorldMap:
        return build_map(self.options["country"], self.links, self.total)

    @cached_property
    def time(self) -> TimeChart:
        counted = self.crosses
        return build_time_chart(counted, counted["cell_type_labels"], self.links,
                                self.selected_cells, self.total)  # fmt: skip

    @cached_property
    def phase_table(self) -> PhaseTable:
        counted = self.crosses
        return build_phase_table(counted, counted["cell_type_labels"], self.links,
                                 self.selected_phases, self.selected_cells)  # fmt: skip


def build(filterset: TrialFilter, data: QueryDict) -> Landscape:
    """The landscape for the filters in ``data``."""
    return Landscape(filterset, data)


# ---- CSV -------------------------------------------------------------------------------------


def csv_rows(landscape: Landscape, chart: str) -> list[list]:
    """The numbers behind one chart, a header row first."""
    if chart == "country":
        rows = [["country", "name", "trials"]]
        rows += [[c.code, c.name, c.count] for c in landscape.world.countries]
        return rows
    if chart == "start_year":
        time = landscape.time
        rows = [["start_year", "cell_type", "cell_type_label", "trials"]]
        for row in [*time.rows, *time.other_rows]:
            for column, cell in zip(time.columns, row.cells, strict=True):
                if cell.count:
                    year = column.label if column.first is not None else f"<={column.last}"
                    rows.append([year, row.term or "", row.label if row.term else "", cell.count])
        return rows
    if chart == "phase_cell_type":
        rows = [["phase", "phase_label", "cell_type", "cell_type_label", "trials"]]
        phase_labels = dict(Phase.choices)
        for term, label, per_phase in landscape.phase_table.all_rows:
            for phase in Phase.values:
                if per_phase.get(phase):
                    rows.append([phase, phase_labels[phase], term, label, per_phase[phase]])
        return rows
    for bar_chart in landscape.bar_charts:
        if bar_chart.slug == chart:
            rows = [[chart, "label", "trials"]]
            rows += [[bar.value, bar.label, bar.count] for bar in bar_chart.bars if bar.count]
            return rows
    raise LookupError(chart)
