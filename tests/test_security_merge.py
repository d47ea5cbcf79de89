"""Where the request limits meet the API and the batch upload (issues 11, 13, 14)."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_api_requests_with_a_nul_get_a_json_400(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x-long-password-1")
    client.force_login(user)
    response = client.get("/api/claims/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in response.json()["detail"]


@override_settings(REQUEST_MAX_BYTES=1024, IMPORT_BATCH_MAX_BYTES=4096)
def test_the_import_upload_may_send_a_batch_larger_than_other_requests(rf):
    from factcheck.security import RequestLimitsMiddleware

    middleware = RequestLimitsMiddleware(lambda request: None)
    batch = rf.post("/articles/import/", data=b"x" * 2000, content_type="application/octet-stream")
    other = rf.post("/claims/1/edit/", data=b"x" * 2000, content_type="application/octet-stream")
    too_big = rf.post("/articles/import/", data=b"x" * 5000, content_type="application/octet-stream")
    assert middleware.refuse(batch) is None
    assert middleware.refuse(other).status_code == 413
    assert middleware.refuse(too_big).status_code == 413


def test_a_value_the_database_cannot_take_is_a_400_not_a_500(admin_client):
    # procrastinate's job admin filters on a PostgreSQL enum: an unknown status is a DataError.
    response = admin_client.get("/admin/procrastinate/procrastinatejob/", {"status__exact": "abc"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
