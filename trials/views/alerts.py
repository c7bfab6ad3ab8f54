"""The alerts' pages: subscribe from a list search, confirm, manage, unsubscribe, privacy.

Every link in a mail carries a signed token (trials/alerts/tokens.py); a GET never changes
anything (mail scanners open links), except that the one-click unsubscribe of RFC 8058 is a
POST without a CSRF token, which the signed token replaces. Nothing here is cached.
"""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from trials.alerts import queries, subscriptions, tokens
from trials.alerts.mail import unsubscribe_url
from trials.middleware import client_ip
from trials.models import AlertSubscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    # The honeypot: hidden from people, filled by bots (thanked, and nothing is sent).
    website = forms.CharField(required=False, max_length=200)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    query = queries.canonical_query(request.GET)
    form = SubscribeForm(request.POST or None)
    status, problem = 200, None
    if len(query) > queries.MAX_QUERY_CHARS:
        status, problem = 400, "This search is too long to follow; remove a filter or a word."
    elif request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("alerts:sent")
        try:
            subscriptions.request_confirmation(
                form.cleaned_data["email"], query, client_ip(request)
            )
        except subscriptions.TooManyRequests:
            status, problem = 429, "Too many confirmation mails were asked for; try in an hour."
        else:
            return redirect("alerts:sent")
    context = {
        "form": form,
        "problem": problem,
        "description": queries.describe(query),
        "list_url": reverse("trials:list") + (f"?{query}" if query else ""),
    }
    return render(request, "alerts/subscribe.html", context, status=status)


@never_cache
@require_safe
def sent(request):
    return render(request, "alerts/sent.html", _hours())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    try:
        confirmation = tokens.read_confirmation(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "POST":
        subscription = subscriptions.confirm(token)
        context = {
            "subscription": subscription,
            "manage_url": reverse("alerts:manage", args=[tokens.manage_token(subscription.email)]),
        }
        return render(request, "alerts/confirmed.html", context)
    context = {"description": queries.describe(confirmation.query), "email": confirmation.email}
    return render(request, "alerts/confirm.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    try:
        email = tokens.read_manage(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "POST":
        if request.POST.get("all"):
            subscriptions.unsubscribe_all(email)
        else:
            chosen = AlertSubscription.objects.of_address(email).filter(
                pk__in=[v for v in request.POST.getlist("subscription") if v.isdigit()]
            )
            chosen.delete()
        return redirect("alerts:manage", token=token)
    alerts = [
        (alert, unsubscribe_url(alert))
        for alert in AlertSubscription.objects.of_address(email).order_by("confirmed_at", "id")
    ]
    return render(request, "alerts/manage.html", {"email": email, "alerts": alerts})


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        pk, email = tokens.read_unsubscribe(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return render(request, "alerts/unsubscribed.html", {"email": email})
    alert = AlertSubscription.objects.filter(pk=pk, email=email).first()
    return render(request, "alerts/unsubscribe.html", {"alert": alert, "email": email})


@require_safe
def privacy(request):
    return render(request, "alerts/privacy.html", _hours())


def _bad_link(request):
    return render(request, "alerts/bad_link.html", _hours(), status=400)


def _hours() -> dict:
    return {"hours": settings.ALERTS_CONFIRM_HOURS}
