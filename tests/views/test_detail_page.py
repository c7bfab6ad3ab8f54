"""The trial page's "cite this record" block, and landmarks with unique names."""

import re

import pytest

from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_trial_page_offers_a_citation(client, seeds):
    trial = Trial.objects.get(public_id="NCT04382547")
    content = client.get("/trials/NCT04382547/").content.decode()
    cite = content[content.index('id="cite"') :]
    cite = cite[: cite.index("</section>")]
    version = trial.updated_at.strftime("%Y-%m-%d")
    assert "Cite this record" in cite
    assert (
        f"RegenTrials. {trial.title}. Registry id NCT04382547. Record version of {version}. "
        "http://testserver/trials/NCT04382547/"
    ) in cite
    assert f'<time datetime="{trial.updated_at.isoformat()}">{version}</time>' in cite
    assert 'href="#cite"' in content


def test_landmark_names_are_unique(client, seeds):
    """axe's landmark-unique: no two regions or sections share a name."""
    content = client.get("/trials/NCT04382547/").content.decode()
    labelled_by = re.findall(r'role="region" aria-labelledby="([^"]+)"', content)
    sections = re.findall(r'<section[^>]*aria-labelledby="([^"]+)"', content)
    assert not set(labelled_by) & set(sections)
