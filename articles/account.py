"""The user's own page (/account/): the interface language, and room for more sections.

Other sections (API tokens at /account/api-tokens/, ...) add their own view and a link in the
template's `account_sections` block.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from articles import i18n


def _language_choices() -> list[tuple[str, str]]:
    return [("", gettext_lazy("the browser's language")), *settings.LANGUAGES]


class LanguagePreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Interface language"),
        choices=_language_choices,
        required=False,
        help_text=gettext_lazy("Used on every page and applied when you log in, on any computer."),
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = LanguagePreferenceForm(request.POST or None, initial={"language": i18n.preferred_language(request.user)})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["language"]
        i18n.save_preferred_language(request.user, code)
        if not code:  # back to the browser's language
            code = _browser_language(request)
        translation.activate(code)
        request.language_to_remember = code
        messages.success(request, _("Your preferences are saved."))
        return redirect("account")
    return render(request, "account/account.html", {"form": form}, status=400 if form.errors else 200)


def _browser_language(request: HttpRequest) -> str:
    """The best of settings.LANGUAGES for the request's Accept-Language header, ignoring the cookie."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        found = i18n.supported(code) if code != "*" else None
        if found:
            return found
    return settings.LANGUAGE_CODE


@login_not_required
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie + redirect to `next`), and the user's preference when logged in."""
    response = set_language(request)
    code = i18n.supported(request.POST.get("language"))
    if code and request.user.is_authenticated:
        i18n.save_preferred_language(request.user, code)
    return response
