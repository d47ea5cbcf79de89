from django.contrib.auth.decorators import login_not_required, login_required
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Claim


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """What a load balancer polls: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    status_counts = dict(
        Claim.objects.exclude(triage=Claim.Triage.DISMISSED).values_list("status").annotate(n=Count("id"))
    )
    return render(request, "articles/dashboard.html", {"status_counts": status_counts})
