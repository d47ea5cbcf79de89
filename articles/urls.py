from django.urls import path

from articles import account, publishing_views, views, views_jobs, views_translations

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", account.switch_language, name="set_language"),
    path("account/", account.account, name="account"),
    path("", views.dashboard, name="dashboard"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/import/", views.import_articles, name="import_articles"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/claims/new/", views.article_claim_create, name="article_claim_create"),
    path(
        "articles/<int:pk>/translations/<int:link_pk>/confirm/",
        views_translations.translation_confirm,
        name="translation_confirm",
    ),
    path(
        "articles/<int:pk>/translations/<int:link_pk>/reject/",
        views_translations.translation_reject,
        name="translation_reject",
    ),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/export.csv", views.claim_export, name="claim_export"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/triage/", views.claim_triage, name="claim_triage"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/evidence/", views.claim_link_source, name="claim_link_source"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("claims/<int:pk>/verdicts/", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/verdicts/apply-to-group/", views.claim_apply_verdict, name="claim_apply_verdict"),
    path("claims/<int:pk>/matches/<int:suggestion_pk>/confirm/", views.match_confirm, name="match_confirm"),
    path("claims/<int:pk>/matches/<int:suggestion_pk>/reject/", views.match_reject, name="match_reject"),
    # Publishing fact-checks (articles/publishing_views.py): the editors' page, then the public ones.
    path("claims/<int:pk>/publish/", publishing_views.claim_publish, name="claim_publish"),
    path("claims/<int:pk>/unpublish/", publishing_views.claim_unpublish, name="claim_unpublish"),
    path("fact-checks/", publishing_views.factcheck_index, name="factcheck_index"),
    path("fact-checks/feed.atom", publishing_views.atom_feed, name="factcheck_feed_atom"),
    path("fact-checks/feed.rss", publishing_views.rss_feed, name="factcheck_feed_rss"),
    path("fact-checks/claimreview.json", publishing_views.claimreview_feed, name="claimreview_feed"),
    path("fact-checks/<int:pk>/", publishing_views.factcheck_public, name="factcheck_public_bare"),
    path("fact-checks/<int:pk>-<slug:slug>/", publishing_views.factcheck_public, name="factcheck_public"),
    # Background work (issue 14): batch imports and big exports.
    path("imports/", views_jobs.import_batch_list, name="import_batch_list"),
    path("imports/<int:pk>/", views_jobs.import_batch_detail, name="import_batch_detail"),
    path("imports/<int:pk>/status.json", views_jobs.import_batch_status, name="import_batch_status"),
    path("exports/<int:pk>/", views_jobs.claim_export_file, name="claim_export_file"),
    path("exports/<int:pk>/download/", views_jobs.claim_export_download, name="claim_export_download"),
]
