"""The API's endpoints: function views that check access, validate with the pages' forms and
FilterSets, and call the same model methods and modules as the pages (articles/views.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from articles import importing, matching
from articles.api import serializers as s
from articles.api.errors import Conflict, invalid
from articles.api.pagination import CURSOR, SIZE, paginate
from articles.api.permissions import model_permissions
from articles.filters import CLAIM_LIST_FIELDS, ArticleFilter, ClaimFilter
from articles.forms import ClaimEditForm, ImportForm, LinkSourceForm, VerdictForm
from articles.models import Article, Claim, Evidence, MatchSuggestion, Source, StaleEditError, VerdictRuleError


def endpoint(methods: list[str], read: str, **writes: str) -> Callable:
    """A DRF function view: `methods`, authenticated, the role's model permission per method.
    The site's LoginRequiredMiddleware leaves it alone: the API answers 401/403 in JSON itself."""

    def decorate(view):
        wrapped = api_view(methods)(permission_classes([IsAuthenticated, model_permissions(read, **writes)])(view))
        return login_not_required(wrapped)

    return decorate


PAGE_PARAMETERS = [
    OpenApiParameter(CURSOR, str, description="The `next` link's cursor; omit for the first page."),
    OpenApiParameter(SIZE, int, description="Rows per page, 1 to 200 (default API_PAGE_SIZE, 50)."),
]


def _page_of(serializer) -> serializers.Serializer:
    return inline_serializer(
        name=f"{serializer.__name__.removesuffix('Serializer')}Page",
        fields={"next": serializers.URLField(allow_null=True), "results": serializer(many=True)},
    )


def _filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The FilterSet's query parameters (the pages' own filters), for the schema."""
    params = []
    for name, field in filterset_class.base_filters.items():
        label = str(field.label or name)
        if field.__class__.__name__ in ("DateFromToRangeFilter", "RangeFilter"):
            params += [
                OpenApiParameter(
                    f"{name}_after" if "Date" in field.__class__.__name__ else f"{name}_min",
                    str,
                    description=f"{label} (from)",
                ),
                OpenApiParameter(
                    f"{name}_before" if "Date" in field.__class__.__name__ else f"{name}_max",
                    str,
                    description=f"{label} (to)",
                ),
            ]
        else:
            params.append(OpenApiParameter(name, str, description=label))
    return params


@extend_schema(responses=OpenApiTypes.OBJECT)
@endpoint(["GET"], read="articles.view_claim")
def api_root(request: Request) -> Response:
    """Where everything is."""

    def link(name: str) -> str:
        return reverse(name, request=request)

    return Response(
        {
            "articles": link("api:article_list"),
            "claims": link("api:claim_list"),
            "sources": link("api:source_list"),
            "schema": link("api:schema"),
        }
    )


# --- Articles -------------------------------------------------------------------------------


def _import_response(result: importing.ImportResult, http_status: int) -> Response:
    article = s.ArticleSerializer(result.article).data if result.article else None
    if result.status == importing.IMPORTED:
        detail = _("Imported with %(n)d candidate claims.") % {"n": result.candidates}
    elif result.status == importing.DUPLICATE:
        detail = _("Already imported (%(reason)s): this is the existing article.") % {"reason": result.reason}
    else:
        detail = result.reason
    return Response(
        {
            "status": result.status,
            "detail": detail,
            "name": result.name,
            "candidates": result.candidates,
            "article": article,
        },
        status=http_status,
    )


@extend_schema(
    methods=["GET"],
    operation_id="articles_list",
    parameters=[*_filter_parameters(ArticleFilter), *PAGE_PARAMETERS],
    responses=_page_of(s.ArticleSerializer),
)
@extend_schema(
    methods=["POST"],
    request={"application/json": s.ImportRequest, "multipart/form-data": s.ImportRequest},
    responses={201: s.ImportResultSerializer, 200: s.ImportResultSerializer, 400: s.ErrorSerializer},
    description="Import through the import page's pipeline (articles.importing): one text, or files. "
    "201 imported, 200 already imported (the existing article), 400 refused with the reason.",
)
@endpoint(["GET", "POST"], read="articles.view_article", POST="articles.add_article")
def article_list(request: Request) -> Response:
    if request.method == "POST":
        form = ImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise invalid(form.errors)
        files = form.cleaned_data["files"]
        if files:
            results = [importing.import_upload(upload, user=request.user) for upload in files]
        else:
            results = [importing.import_text(form.cleaned_data["text"], user=request.user, **form.details())]
        if len(results) == 1:
            result = results[0]
            code = {importing.IMPORTED: 201, importing.DUPLICATE: 200}.get(result.status, 400)
            return _import_response(result, code)
        summary = importing.ImportSummary(results)
        return Response(
            {
                "detail": summary.line().capitalize() + ".",
                "results": [_import_response(r, 200).data for r in results],
            },
            status=201 if summary.imported else (200 if not summary.failed else 400),
        )
    filterset = ArticleFilter(request.query_params)
    if not filterset.is_valid():
        raise invalid(filterset.errors)
    rows, next_url = paginate(filterset.qs.select_related("imported_by"), request)
    return Response({"next": next_url, "results": s.ArticleSerializer(rows, many=True).data})


@extend_schema(responses=s.ArticleDetailSerializer)
@endpoint(["GET"], read="articles.view_article")
def article_detail(request: Request, pk: int) -> Response:
    article = get_object_or_404(Article.objects.select_related("imported_by"), pk=pk)
    article.claim_list = list(article.claims.order_by("span_start", "id"))
    return Response(s.ArticleDetailSerializer(article).data)


# --- Claims ---------------------------------------------------------------------------------


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee").defer("article__body"), pk=pk)


def _claim_detail(claim: Claim) -> dict:
    claim.evidence_list = list(claim.evidence.select_related("source", "source__added_by", "linked_by"))
    claim.verdict_list = list(claim.verdicts.select_related("editor"))
    claim.event_list = list(claim.events.select_related("actor"))
    claim.group_size = claim.group.claims.count() if claim.group_id else 0
    return s.ClaimDetailSerializer(claim).data


@extend_schema(
    operation_id="claims_list",
    parameters=[*_filter_parameters(ClaimFilter), *PAGE_PARAMETERS],
    responses={200: _page_of(s.ClaimSerializer), 400: s.ErrorSerializer},
    description="The claims list's filters (articles/filters.py ClaimFilter), same names and errors.",
)
@endpoint(["GET"], read="articles.view_claim")
def claim_list(request: Request) -> Response:
    filterset = ClaimFilter(request.query_params)
    if not filterset.is_valid():
        raise invalid(filterset.errors)
    rows, next_url = paginate(filterset.qs.only(*CLAIM_LIST_FIELDS, "version", "group_id"), request)
    return Response({"next": next_url, "results": s.ClaimSerializer(rows, many=True).data})


@extend_schema(methods=["GET"], responses=s.ClaimDetailSerializer)
@extend_schema(
    methods=["PATCH"],
    request=s.ClaimEditRequest,
    responses={200: s.ClaimDetailSerializer, 400: s.ErrorSerializer, 409: s.ErrorSerializer},
    description="Edit text and claimant (Claim.edit). `version` is the one you read; 409 when someone "
    "changed the claim since (the answer carries the current text and version).",
)
@endpoint(["GET", "PATCH"], read="articles.view_claim", PATCH="articles.change_claim")
def claim_detail(request: Request, pk: int) -> Response:
    claim = _claim(pk)
    if request.method == "PATCH":
        data = {"text": claim.text, "claimant": claim.claimant}
        data.update({key: request.data[key] for key in ("text", "claimant", "version") if key in request.data})
        form = ClaimEditForm(data)
        if not form.is_valid():
            raise invalid(form.errors)
        cleaned = form.cleaned_data
        try:
            claim.edit(
                text=cleaned["text"],
                claimant=cleaned["claimant"],
                expected_version=cleaned["version"],
                editor=request.user,
            )
        except StaleEditError as error:
            current = _claim(pk)
            raise Conflict(str(error), text=current.text, claimant=current.claimant, version=current.version) from None
        matching.refresh_matches(claim)
        claim = _claim(pk)
    return Response(_claim_detail(claim))


# --- Evidence and verdicts ------------------------------------------------------------------


@extend_schema(request=s.LinkRequest, responses={201: s.EvidenceSerializer, 400: s.ErrorSerializer})
@endpoint(["POST"], read="articles.view_evidence", POST="articles.add_evidence")
def evidence_link(request: Request, pk: int) -> Response:
    """Link an existing source (`source`) or a new one (`url`, ...) with a stance (Claim.link_source)."""
    claim = _claim(pk)
    form = LinkSourceForm(request.data, claim=claim)
    if form.is_valid() and form.cleaned_data["existing"] is None and not request.user.has_perm("articles.add_source"):
        raise PermissionDenied(_("You may link existing sources but not add new ones."))
    if not form.is_valid():
        raise invalid(form.errors)
    evidence = form.save(request.user)
    if evidence is None:
        raise invalid(form.errors)
    return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={204: None, 404: s.ErrorSerializer})
@endpoint(["DELETE"], read="articles.view_evidence", DELETE="articles.delete_evidence")
def evidence_unlink(request: Request, pk: int, evidence_pk: int) -> Response:
    claim = _claim(pk)
    evidence = get_object_or_404(Evidence.objects.select_related("source"), pk=evidence_pk, claim=claim)
    claim.unlink_evidence(evidence, editor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    request=s.VerdictRequest,
    responses={201: s.VerdictSerializer, 400: s.ErrorSerializer},
    description="Claim.record_verdict: the page's rules and messages (400 lists what is missing).",
)
@endpoint(["POST"], read="articles.view_verdict", POST="articles.add_verdict")
def verdict_create(request: Request, pk: int) -> Response:
    claim = _claim(pk)
    form = VerdictForm(request.data)
    if not form.is_valid():
        raise invalid(form.errors)
    data = form.cleaned_data
    try:
        verdict = claim.record_verdict(
            status=data["status"], rationale=data["rationale"], review_by=data["review_by"], editor=request.user
        )
    except VerdictRuleError as error:
        raise invalid({"__all__": error.messages}) from None
    return Response(s.VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)


# --- Match suggestions ----------------------------------------------------------------------


def _suggestion(claim: Claim, suggestion_pk: int) -> MatchSuggestion:
    pairs = MatchSuggestion.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
    return get_object_or_404(pairs.select_related("claim_a", "claim_b"), pk=suggestion_pk)


@extend_schema(responses=s.MatchSuggestionSerializer(many=True))
@endpoint(["GET"], read="articles.view_matchsuggestion")
def match_list(request: Request, pk: int) -> Response:
    """The claim page's pending suggestions, best first, each with the claim on the other side."""
    suggestions = MatchSuggestion.objects.pending_for(_claim(pk))
    return Response(s.MatchSuggestionSerializer(suggestions, many=True).data)


@extend_schema(request=None, responses={200: s.MatchDecisionSerializer, 409: s.ErrorSerializer})
@endpoint(["POST"], read="articles.view_matchsuggestion", POST="articles.change_claim")
def match_confirm(request: Request, pk: int, suggestion_pk: int) -> Response:
    suggestion = _suggestion(_claim(pk), suggestion_pk)
    if suggestion.state == MatchSuggestion.State.REJECTED:
        raise Conflict(_("This pair was rejected by an editor; it stays rejected."))
    group, learned = matching.confirm_suggestion(suggestion, editor=request.user)
    return Response(
        {
            "state": suggestion.state,
            "group": group.pk,
            "learned_aliases": [f"{a.alias} = {a.canonical}" for a in learned],
            "detail": _("Confirmed: the two claims are in group %(group)d.") % {"group": group.pk},
        }
    )


@extend_schema(request=None, responses={200: s.MatchDecisionSerializer, 409: s.ErrorSerializer})
@endpoint(["POST"], read="articles.view_matchsuggestion", POST="articles.change_claim")
def match_reject(request: Request, pk: int, suggestion_pk: int) -> Response:
    suggestion = _suggestion(_claim(pk), suggestion_pk)
    if suggestion.state == MatchSuggestion.State.CONFIRMED:
        raise Conflict(_("This pair is already confirmed as the same claim."))
    suggestion.reject(editor=request.user)
    return Response(
        {
            "state": suggestion.state,
            "group": None,
            "learned_aliases": [],
            "detail": _("Rejected: this pair will not be suggested again."),
        }
    )


# --- Sources --------------------------------------------------------------------------------


@extend_schema(
    methods=["GET"], operation_id="sources_list", parameters=PAGE_PARAMETERS, responses=_page_of(s.SourceSerializer)
)
@extend_schema(
    methods=["POST"], request=s.SourceSerializer, responses={201: s.SourceSerializer, 400: s.ErrorSerializer}
)
@endpoint(["GET", "POST"], read="articles.view_source", POST="articles.add_source")
def source_list(request: Request) -> Response:
    if request.method == "POST":
        serializer = s.SourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = serializer.save(added_by=request.user)
        return Response(s.SourceSerializer(source).data, status=status.HTTP_201_CREATED)
    rows, next_url = paginate(Source.objects.select_related("added_by"), request)
    return Response({"next": next_url, "results": s.SourceSerializer(rows, many=True).data})


@extend_schema(responses=s.SourceSerializer)
@endpoint(["GET"], read="articles.view_source")
def source_detail(request: Request, pk: int) -> Response:
    return Response(s.SourceSerializer(get_object_or_404(Source.objects.select_related("added_by"), pk=pk)).data)
