from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required, permission_required
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles import batches, importing, matching, publishing, views_jobs, views_translations
from articles.export import CONTENT_TYPE as EXPORT_CONTENT_TYPE
from articles.export import ClaimExport, export_filename
from articles.filters import CLAIM_LIST_FIELDS, ArticleFilter, ClaimFilter, search_sources
from articles.forms import (
    RULES_HELP,
    ArticleForm,
    AssignForm,
    ClaimEditForm,
    ImportForm,
    LinkSourceForm,
    SentenceClaimForm,
    TriageForm,
    VerdictForm,
)
from articles.highlight import article_runs, claim_context
from articles.models import (
    Article,
    Claim,
    Evidence,
    MatchSuggestion,
    StaleEditError,
    Verdict,
    VerdictRuleError,
)
from articles.paging import paginate
from articles.stats import COUNTS_TTL, claim_counts


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
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = "5"
        return response
    return HttpResponse("ok\n", content_type="text/plain")


# --- The editors' pages -------------------------------------------------------------------
# One helper per object fetches it with what its page needs; every write is a POST checked by
# permission on the server (403 for viewers), and redirects after success.


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("imported_by"), pk=pk)


def _claim(pk: int) -> Claim:
    # fact_check and group__fact_check: the page's publishing line (articles/publishing.py), no query more.
    related = ["article", "assignee", "created_by", "fact_check", "group__fact_check"]
    # has_translations: whether the page's "In translations" needs its queries (views_translations.py).
    claims = Claim.objects.select_related(*related).annotate(has_translations=views_translations.has_translations())
    return get_object_or_404(claims, pk=pk)


def _back(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the safe `next` the form carried, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    counts = claim_counts()
    listed = Claim.objects.with_related().defer("article__body")  # titles are shown, never texts
    context = {
        "status_counts": dict(sorted(counts["status"].items())),
        "language_counts": sorted(counts["language"].items(), key=lambda item: (-item[1], item[0]))[:20],
        "counts_ttl": COUNTS_TTL,
        "my_claims": list(
            listed.filter(assignee=request.user)
            .exclude(triage=Claim.Triage.DISMISSED)
            .order_by("status", "-created_at")[:10]
        ),
        "candidates": list(listed.candidates().order_by("-checkworthiness", "-id")[:10]),
        "due": list(listed.due_for_review().order_by("review_by", "id")[:10]),
        "recent_verdicts": list(
            Verdict.objects.select_related("claim", "claim__article", "editor").defer("claim__article__body")[:10]
        ),
    }
    return render(request, "articles/dashboard.html", context)


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET)
    page = paginate(filterset.qs, request.GET) if filterset.is_valid() else None
    return render(request, "articles/article_list.html", {"filter": filterset, "page": page})


def _article_page(request: HttpRequest, article: Article, *, claim_form=None, status: int = 200) -> HttpResponse:
    claims = list(article.claims.select_related("assignee").order_by("span_start", "id"))
    if claim_form is None:
        claim_form = SentenceClaimForm(article=article, taken=[(c.span_start, c.span_end) for c in claims])
    context = {
        "article": article,
        "runs": article_runs(article.body, claims),
        "claims": claims,
        "candidates": [c for c in claims if c.triage == Claim.Triage.CANDIDATE],
        "claim_form": claim_form,
        "translation_links": views_translations.links_of(article),
    }
    return render(request, "articles/article_detail.html", context, status=status)


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _article_page(request, _article(pk))


@login_required
@permission_required("articles.change_article", raise_exception=True)
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Article details saved."))
        return redirect(article)
    return render(request, "articles/article_edit.html", {"article": article, "form": form})


@login_required
@permission_required("articles.add_claim", raise_exception=True)
@require_POST
def article_claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    form = SentenceClaimForm(request.POST, article=article)
    if form.is_valid():
        claim = form.save(request.user)
        if claim is not None:
            matching.refresh_matches(claim)
            # Aligned with the translations' claims, as on import (a claim page links the two).
            matching.align_with_translations(article, [claim])
            messages.success(request, _("Claim added."))
            return redirect(claim)
    return _article_page(request, article, claim_form=form, status=400)


@login_required
@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_triage(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or dismiss."))
        return redirect(_back(request, claim.get_absolute_url()))
    claim.set_triage(form.cleaned_data["triage"], editor=request.user)
    messages.success(request, _("Claim %(triage)s.") % {"triage": claim.get_triage_display()})
    return redirect(_back(request, claim.get_absolute_url()))


@login_required
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    filterset = ClaimFilter(request.GET)
    page = paginate(filterset.qs.only(*CLAIM_LIST_FIELDS), request.GET) if filterset.is_valid() else None
    return render(request, "articles/claim_list.html", {"filter": filterset, "page": page})


def _claim_page(request: HttpRequest, claim: Claim, *, status: int = 200, **forms) -> HttpResponse:
    """The claim page; a POST that failed passes its bound form to show the errors."""
    evidence = list(claim.evidence.select_related("source", "linked_by"))
    verdicts = list(claim.verdicts.select_related("editor", "applied_from"))
    events = list(claim.events.select_related("actor"))
    history = sorted(
        [("verdict", v.created_at, v.id, v) for v in verdicts] + [("event", e.created_at, e.id, e) for e in events],
        key=lambda item: (item[1], item[0] == "verdict", item[2]),
        reverse=True,
    )
    source_query = request.GET.get("source_q", "")
    match_suggestions = MatchSuggestion.objects.pending_for(claim)
    context = {
        "claim": claim,
        "article": claim.article,
        "passage": claim_context(claim.article.body, claim.span_start, claim.span_end),
        "evidence": evidence,
        "history": [(kind, obj) for kind, _when, _order, obj in history],
        "latest_verdict": verdicts[0] if verdicts else None,
        "source_query": source_query,
        "source_results": list(search_sources(source_query)) if source_query else [],
        # Other fact-checkers' reviews of the same fact (one query, in place of a source search's).
        "suggested_reviews": publishing.suggested_reviews(claim)
        if not source_query and request.user.has_perm("articles.add_evidence")
        else [],
        "rules_help": RULES_HELP,
        "edit_form": forms.get("edit_form")
        or ClaimEditForm(initial={"text": claim.text, "claimant": claim.claimant, "version": claim.version}),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": claim.assignee_id}),
        "link_form": forms.get("link_form") or LinkSourceForm(claim=claim),
        "verdict_form": forms.get("verdict_form") or VerdictForm(),
        "stale_text": forms.get("stale_text"),
        # The same claim in other articles (articles/matching.py): suggestions and the confirmed group.
        "match_suggestions": match_suggestions,
        "group_claims": list(claim.group_members().order_by("pk")),
        # The claim's aligned sentence in each translation of its article (two queries; none without one).
        "translations": views_translations.claim_translations(claim, match_suggestions),
        "previous_verdict": verdicts[1] if len(verdicts) > 1 else None,
    }
    return render(request, "articles/claim_detail.html", context, status=status)


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_page(request, _claim(pk))


@login_required
@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, edit_form=form, status=400)
    data = form.cleaned_data
    try:
        claim.edit(text=data["text"], claimant=data["claimant"], expected_version=data["version"], editor=request.user)
    except StaleEditError as error:
        claim = _claim(pk)  # what the other editor saved is what the page shows
        messages.error(request, str(error))
        fresh = ClaimEditForm(initial={"text": claim.text, "claimant": claim.claimant, "version": claim.version})
        return _claim_page(request, claim, edit_form=fresh, stale_text=data["text"], status=409)
    matching.refresh_matches(claim)
    messages.success(request, _("Claim text saved."))
    return redirect(claim)


@login_required
@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, assign_form=form, status=400)
    claim.assign(form.cleaned_data["assignee"], editor=request.user)
    messages.success(request, _("Assignment saved."))
    return redirect(claim)


@login_required
@permission_required("articles.add_evidence", raise_exception=True)
@require_POST
def claim_link_source(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = LinkSourceForm(request.POST, claim=claim)
    if form.is_valid() and form.cleaned_data["existing"] is None and not request.user.has_perm("articles.add_source"):
        form.add_error(None, _("You may link existing sources but not add new ones."))
    if form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Source linked."))
        return redirect(f"{claim.get_absolute_url()}#evidence")
    return _claim_page(request, claim, link_form=form, status=400)


@login_required
@permission_required("articles.delete_evidence", raise_exception=True)
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _claim(pk)
    evidence = get_object_or_404(Evidence.objects.select_related("source"), pk=evidence_pk, claim=claim)
    claim.unlink_evidence(evidence, editor=request.user)
    messages.success(request, _("Unlinked “%(source)s”.") % {"source": evidence.source})
    return redirect(f"{claim.get_absolute_url()}#evidence")


@login_required
@permission_required("articles.add_verdict", raise_exception=True)
@require_POST
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim.record_verdict(
                status=data["status"], rationale=data["rationale"], review_by=data["review_by"], editor=request.user
            )
        except VerdictRuleError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Verdict recorded: %(status)s.") % {"status": claim.get_status_display()})
            return redirect(f"{claim.get_absolute_url()}#history")
    return _claim_page(request, claim, verdict_form=form, status=400)


# --- The same claim in other articles (articles/matching.py finds them) --------------------


def _suggestion(claim: Claim, suggestion_pk: int) -> MatchSuggestion:
    """A suggestion that involves ``claim`` (either side of the pair)."""
    pairs = MatchSuggestion.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
    return get_object_or_404(pairs.select_related("claim_a", "claim_b"), pk=suggestion_pk)


@login_required
@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def match_confirm(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    claim = _claim(pk)
    suggestion = _suggestion(claim, suggestion_pk)
    if suggestion.state == MatchSuggestion.State.REJECTED:
        messages.error(request, _("This pair was rejected by an editor; it stays rejected."))
    else:
        group, learned = matching.confirm_suggestion(suggestion, editor=request.user)
        messages.success(request, _("Confirmed: the two claims are in group %(group)s.") % {"group": group.pk})
        for alias in learned:
            messages.info(
                request,
                _("Learned a name alias: %(alias)s = %(canonical)s.")
                % {"alias": alias.alias, "canonical": alias.canonical},
            )
    return redirect(f"{claim.get_absolute_url()}#matches")


@login_required
@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def match_reject(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    claim = _claim(pk)
    suggestion = _suggestion(claim, suggestion_pk)
    if suggestion.state == MatchSuggestion.State.CONFIRMED:
        messages.error(request, _("This pair is already confirmed as the same claim."))
    else:
        suggestion.reject(editor=request.user)
        messages.success(request, _("Rejected: this pair will not be suggested again."))
    return redirect(f"{claim.get_absolute_url()}#matches")


@login_required
@permission_required("articles.add_verdict", raise_exception=True)
@require_POST
def claim_apply_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Give every other claim of the group this claim's latest verdict (each its own row)."""
    claim = _claim(pk)
    try:
        applied = claim.apply_verdict_to_group(editor=request.user)
    except VerdictRuleError as error:
        messages.error(request, _("The verdict was not applied to the group:"))
        for message in error.messages:
            messages.error(request, message)
    else:
        if applied:
            messages.success(
                request,
                ngettext(
                    "Verdict applied to %(count)d other claim of the group.",
                    "Verdict applied to %(count)d other claims of the group.",
                    len(applied),
                )
                % {"count": len(applied)},
            )
        else:
            messages.info(request, _("Every other claim of the group already has this verdict."))
    return redirect(f"{claim.get_absolute_url()}#matches")


# --- CSV export (articles/export.py writes the file) ---------------------------------------


@login_required
@permission_required("articles.view_claim", raise_exception=True)
@require_GET
def claim_export(request: HttpRequest) -> HttpResponse:
    """The claims of the list's filters as CSV, streamed; a bad filter is a 400 page, never a bigger file."""
    filterset = ClaimFilter(request.GET, queryset=Claim.objects.all())
    if not filterset.is_valid():
        return render(request, "articles/claim_list.html", {"filter": filterset, "page": None}, status=400)
    # Over EXPORT_ASYNC_THRESHOLD claims, a background job writes the file (articles/tasks.py).
    queued = views_jobs.queue_export(request, filterset.qs, export_filename(request.GET))
    if queued is not None:
        messages.info(request, views_jobs.export_queued_message())
        return redirect(queued)
    rows = ClaimExport(filterset.qs, base_url=f"{request.scheme}://{request.get_host()}")
    response = StreamingHttpResponse(rows.stream(), content_type=EXPORT_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(request.GET))
    return response


# --- Importing articles (articles/importing.py does the work) -----------------------------


@login_required
@permission_required("articles.add_article", raise_exception=True)
def import_articles(request: HttpRequest) -> HttpResponse:
    """Paste one article or upload files; one article goes to its page, several to a summary."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        files = form.cleaned_data["files"]
        if len(files) > 1 or (files and batches.is_zip(files[0])):
            # Several files or an archive: stored, and imported by a background job (articles/tasks.py).
            try:
                batch = batches.create_batch(files, owner=request.user)
            except batches.BatchRefused as refused:
                form.add_error("files", str(refused))
                return render(request, "articles/import.html", {"form": form}, status=400)
            messages.success(request, _("Upload stored: %(count)d files are being imported.") % {"count": batch.total})
            return redirect(batch)
        if files:
            results = [importing.import_upload(upload, user=request.user) for upload in files]
        else:
            results = [importing.import_text(form.cleaned_data["text"], user=request.user, **form.details())]
        if len(results) == 1:
            result = results[0]
            if result.status == importing.IMPORTED:
                messages.success(request, _("Imported with %(count)s candidate claims.") % {"count": result.candidates})
                return redirect("article_detail", pk=result.article.pk)
            if result.status == importing.DUPLICATE:
                messages.info(
                    request,
                    _("Already imported (%(reason)s): this is the existing article.") % {"reason": result.reason},
                )
                return redirect("article_detail", pk=result.article.pk)
            form.add_error(None, result.reason)
            return render(request, "articles/import.html", {"form": form}, status=400)
        summary = importing.ImportSummary(results)
        level = messages.warning if summary.failed else messages.success
        level(request, summary.line().capitalize() + ".")
        for result in results:
            if result.status == importing.FAILED:
                messages.error(request, result.reason)
        return redirect("import_articles")
    status = 400 if request.method == "POST" else 200
    return render(request, "articles/import.html", {"form": form}, status=status)
