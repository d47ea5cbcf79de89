from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles.api import tokens as api_tokens

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # The JSON API (articles/api/) and each user's own API tokens.
    path("api/", include("articles.api.urls")),
    path("account/api-tokens/", api_tokens.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", api_tokens.api_token_revoke, name="api_token_revoke"),
    path("", include("articles.urls")),
]

handler400 = "factcheck.security.bad_request"
