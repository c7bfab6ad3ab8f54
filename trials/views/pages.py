"""Public pages: home, the filtered list and a trial's detail page."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django_countries import countries
from django_filters.views import FilterView

from trials import search
from trials.catalogue.changes import change_log
from trials.catalogue.counts import (
    capped_count,
    facet_counts,
    omitted_notice,
    total_from_facets,
    total_is_capped,
    total_label,
)
from trials.catalogue.facet_bitmaps import page_picker
from trials.catalogue.filters import TrialFilter, active_chips
from trials.catalogue.pagination import DeferredJoinPaginator
from trials.catalogue.structured_data import as_script_content, medical_trial
from trials.catalogue.suggestions import did_you_mean
from trials.catalogue.trust import trust
from trials.catalogue.versions import catalogue_version, detail_key, list_fragment_keys
from trials.models import (
    HEAVY_FIELDS,
    Status,
    Trial,
    load_trial_children_and_history,
    search_thesaurus,
)


@require_safe
def home(request):
    """Search box, browsing by facet with live counts (the list's cached facet counts)."""
    published = Trial.objects.published()
    facets = facet_counts(TrialFilter(QueryDict(), queryset=published), catalogue_version())
    options = {facet.name: opts for facet, opts in facets}

    total = total_from_facets(facets)
    trial_count = capped_count(published) if total is None else total
    context = {
        "trial_count": trial_count,
        "trial_count_label": total_label(
            trial_count, capped=total is None or total_is_capped(facets)
        ),
        "recent": published.order_by("-updated_at", "-id").only("public_id", "title")[:6],
        "cell_types": options["cell_type"][:8],
        "condition_areas": [(o.value, o.label, o.count) for o in options["condition_area"]],
        "countries": [(o.value, o.label, o.count) for o in options["country"][:12]],
        "statuses": [(Status(o.value), o.count) for o in options["status"]],
    }
    return render(request, "trials/home.html", context)


MAX_RESULTS = 10_000


class TrialListView(FilterView):
    filterset_class = TrialFilter
    template_name = "trials/trial_list.html"
    paginate_by = settings.TRIALS_PER_PAGE
    paginator_class = DeferredJoinPaginator
    strict = False

    def get(self, request, *args, **kwargs):
        jump = Trial.objects.published().by_registry_id_query(request.GET.get("q", ""))
        if jump is not None:
            return redirect(jump)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Trial.objects.published().for_list()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, even without parameters, so the default sort and facets apply.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        """Out-of-range or malformed page numbers show the nearest real page, never an error.

        Pages stop at MAX_RESULTS: deeper OFFSETs get slower with every page, and nobody
        reads trial 40,000 of a list; the page says to narrow the search instead.
        """
        self.version = catalogue_version()
        self.facets = facet_counts(self.filterset, self.version)
        total = total_from_facets(self.facets)
        paginator = self.get_paginator(
            queryset,
            page_size,
            catalogue_version=self.version,
            count=capped_count(queryset) if total is None else total,
            max_pages=-(-MAX_RESULTS // page_size),
            pick_ids=page_picker(self.filterset, self.version, self.filterset.applied_sort),
        )
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.filterset.form.cleaned_data.get("q") or ""
        terms = search.highlight_terms(query, search_thesaurus())
        facets = self.facets
        notices = self.filterset.ignored_parameters()
        if notice := omitted_notice(facets):
            notices.append(notice)
        if context["paginator"].count > MAX_RESULTS:
            notices.append(
                f"Only the first {MAX_RESULTS:,} trials can be paged through; "
                "add a filter or a search term to see the others."
            )
        facets_fragment_key, results_fragment_key = list_fragment_keys(
            self.version, self.request.GET.urlencode(), counts_complete=notice is None
        )
        country = search.country_named(query)
        context.update(
            country_offer=(country, countries.name(country)) if country else None,
            suggestion=did_you_mean(query, context["paginator"].count, self.version),
            notices=notices,
            facets=facets,
            facets_fragment_key=facets_fragment_key,
            # The result cards: read and rendered only when their fragment is not cached.
            cards=Cards(context["object_list"], terms),
            results_fragment_key=results_fragment_key,
            chips=active_chips(self.request.GET, facets, self.filterset.form),
            unstated_age_count=self.filterset.unstated_age_count(),
            query=query,
            count_label=total_label(context["paginator"].count, capped=total_is_capped(facets)),
        )
        return context


class Cards:
    """The page's (trial, search snippet) pairs, read when first iterated."""

    def __init__(self, trials, terms: list[str]):
        self.trials, self.terms = trials, terms

    def __iter__(self):
        for trial in self.trials:
            conditions = "; ".join(link.name for link in trial.condition_links.all())
            texts = (trial.brief_summary, trial.detailed_description, conditions)
            yield trial, search.matched_snippet(texts, self.terms)


DETAIL_CACHE_SECONDS = 600


@require_safe
def trial_detail(request, public_id: str):
    """A trial's page. Its body and JSON-LD are cached per catalogue version (which moves
    with any change to any trial; the similar trials come from the whole catalogue), so a
    repeated visit reads the trial's row and renders only the page around them."""
    visible = Trial.objects.visible_to(request.user)
    found = (
        visible.defer(*HEAVY_FIELDS).select_related("sponsor").by_public_or_registry_id(public_id)
    )
    if found is None:
        raise Http404("No trial is known by that id.")
    trial, is_alias = found
    if is_alias:
        return redirect(trial, permanent=True)
    url = request.build_absolute_uri(trial.get_absolute_url())
    key = detail_key(trial.pk, catalogue_version(), url)
    cached = cache.get(key)
    if cached is None:
        load_trial_children_and_history([trial])  # onto the row read above: no second read
        body_context = {
            "trial": trial,
            "change_log": change_log(trial.history_records),
            "trust": trust(trial, timezone.localdate()),
            "similar": Trial.objects.published().similar_to(trial)[:5],
            "canonical_url": url,
        }
        cached = {
            "body": render_to_string("trials/_trial_body.html", body_context, request),
            "json_ld": as_script_content(medical_trial(trial, url)),
        }
        cache.set(key, cached, DETAIL_CACHE_SECONDS)
    context = {
        "trial": trial,
        "canonical_url": url,
        "body": mark_safe(cached["body"]),  # noqa: S308 - rendered by our own template
        "json_ld": cached["json_ld"],
        "staff_notes": _staff_notes(request.user, trial),
    }
    return render(request, "trials/trial_detail.html", context)


def _staff_notes(user, trial: Trial) -> dict | None:
    """Sources and open review flags, for staff only (visitors' cached body has at most one
    neutral line about them)."""
    if not (user.is_active and user.is_staff):
        return None
    return {
        "sources": list(trial.sources.defer("raw_text", "parsed")),
        "flags": list(trial.review_flags.filter(resolved_at=None)),
    }


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # A custom admin address (DJANGO_ADMIN_URL) is not advertised here.
        *(["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []),
        "Disallow: /api/",
        "Disallow: /trials/export.csv",
        "Disallow: /trials/export.json",
        "Disallow: /trials/export.ris",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
