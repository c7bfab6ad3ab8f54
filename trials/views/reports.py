"""Visitors report a problem with a listing: a small public form, no account needed.

A report becomes a ``visitor_report`` review flag in the curators' queue. Against abuse: CSRF,
the site-wide rate limit, a honeypot field people never see (a bot that fills it is thanked
and nothing is stored) and a cap on the text's length.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from trials.models import FlagCode, ReviewFlag, Trial

MAX_REPORT_CHARS = 4000


class ReportForm(forms.Form):
    problem = forms.CharField(
        label="What is wrong or out of date?",
        max_length=MAX_REPORT_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact = forms.CharField(
        label="Your email, if you would like a reply (optional)",
        max_length=200,
        required=False,
    )
    # The honeypot: hidden from people (and from assistive technology), filled by bots.
    website = forms.CharField(required=False, max_length=200)

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def save(self, trial: Trial) -> ReviewFlag:
        contact = self.cleaned_data["contact"].strip()
        message = "Visitor report: " + self.cleaned_data["problem"].strip()
        if contact:
            message += f"\n(reply to: {contact})"
        return ReviewFlag.objects.create(trial=trial, code=FlagCode.VISITOR_REPORT, message=message)


def _published(public_id: str) -> Trial:
    trial = (
        Trial.objects.published()
        .only("pk", "public_id", "title")
        .filter(public_id=public_id)
        .first()
    )
    if trial is None:
        raise Http404("No trial is known by that id.")
    return trial


@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, public_id: str):
    trial = _published(public_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            form.save(trial)
        return redirect("trials:report-thanks", public_id=trial.public_id)
    return render(request, "trials/report.html", {"trial": trial, "form": form})


@require_safe
def report_thanks(request, public_id: str):
    return render(request, "trials/report_thanks.html", {"trial": _published(public_id)})
