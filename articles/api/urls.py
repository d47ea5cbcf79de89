"""/api/ (namespace "api"); any other address under /api/ answers a JSON 404."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from articles.api import views
from articles.api.errors import not_found

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", login_not_required(SpectacularJSONAPIView.as_view()), name="schema"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/evidence/", views.evidence_link, name="evidence_link"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_unlink, name="evidence_unlink"),
    path("claims/<int:pk>/verdicts/", views.verdict_create, name="verdict_create"),
    path("claims/<int:pk>/matches/", views.match_list, name="match_list"),
    path("claims/<int:pk>/matches/<int:suggestion_pk>/confirm/", views.match_confirm, name="match_confirm"),
    path("claims/<int:pk>/matches/<int:suggestion_pk>/reject/", views.match_reject, name="match_reject"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    re_path(r"^(?P<path>.*)$", login_not_required(not_found)),
]
