"""Template filters for what a result card shows a visitor (see trials/catalogue/trust.py)."""

from django import template

from trials.catalogue import trust

register = template.Library()

register.filter("age_range", trust.age_range)
register.filter("sex_eligible", trust.sex_eligible)
register.filter("status_note", trust.status_note)
