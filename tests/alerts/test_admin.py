"""Staff see how many addresses follow each search; only editors-in-chief see addresses."""

import pytest
from django.utils import timezone

from tests.admin_support import curator, editor
from trials.models import AlertSubscription

pytestmark = pytest.mark.django_db

URL = "/admin/trials/alertsubscription/"


@pytest.fixture
def alerts(db):
    now = timezone.now()
    for email, query, description in [
        ("ann@example.org", "status=recruiting", "Status: Recruiting"),
        ("bob@example.org", "status=recruiting", "Status: Recruiting"),
        ("cy@example.org", "q=knee", "“knee”"),
    ]:
        AlertSubscription.objects.create(email=email, query=query, description=description,
                                         confirmed_at=now, sent_up_to=now)  # fmt: skip


def test_curator_sees_counts_not_addresses(client, django_user_model, alerts):
    client.force_login(curator(django_user_model))
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Status: Recruiting" in content and "<td>2</td>" in content
    assert "example.org" not in content
    one = AlertSubscription.objects.first()
    assert client.get(f"{URL}{one.pk}/change/").status_code in (302, 403)


def test_editor_in_chief_sees_addresses(client, django_user_model, alerts):
    client.force_login(editor(django_user_model))
    content = client.get(URL).content.decode()
    assert "ann@example.org" in content and "cy@example.org" in content
    assert client.get(f"{URL}add/").status_code == 403
