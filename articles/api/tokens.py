"""/account/api-tokens/: a user's own API tokens, created (the key shown once) and revoked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.models import ApiToken

MAX_TOKENS = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        help_text=gettext_lazy("A name to recognise the token by, e.g. 'newsletter tool'."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


def _page(request: HttpRequest, form: TokenForm, *, new_key: str = "", status: int = 200) -> HttpResponse:
    tokens = list(ApiToken.objects.filter(user=request.user))
    context = {"tokens": tokens, "form": form, "new_key": new_key, "max_tokens": MAX_TOKENS}
    return render(request, "account/api_tokens.html", context, status=status)


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The list of the user's tokens; POST creates one and shows its key on this answer only."""
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if ApiToken.objects.filter(user=request.user).count() >= MAX_TOKENS:
            form.add_error(None, _("You have %(n)d tokens: revoke one first.") % {"n": MAX_TOKENS})
        if form.is_valid():
            token, key = ApiToken.objects.issue(request.user, form.cleaned_data["name"])
            messages.success(
                request, _("Token “%(name)s” created. Copy its key now: it is not shown again.") % {"name": token.name}
            )
            return _page(request, TokenForm(), new_key=key, status=201)
        return _page(request, form, status=400)
    return _page(request, form)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's own tokens (another user's answers 404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(
        request, _("Token “%(name)s” revoked: requests with it are refused from now on.") % {"name": token.name}
    )
    return redirect("api_tokens")
