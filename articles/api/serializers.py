"""JSON shapes of the API. Output serializers read rows that the views fetched with select_related;
input serializers document the request bodies in the OpenAPI schema, while the pages' own forms
(articles/forms.py) validate them, so that the API's messages and rules are the pages'."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from articles.models import (
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    MatchSuggestion,
    Source,
    Verdict,
    normalise_text,
)


class UserNameField(serializers.CharField):
    """A user as its username (None when none or deleted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        user = super().get_attribute(instance)
        return user.get_username() if user is not None else None

    def to_representation(self, value):
        return value


class ArticleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "language"]


class ArticleSerializer(serializers.ModelSerializer):
    imported_by = UserNameField()
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "language",
            "language_source",
            "url",
            "publisher",
            "published",
            "imported_by",
            "created_at",
            "page_url",
        ]


class ArticleClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "text", "span_start", "span_end", "triage", "status", "checkworthiness", "claimant"]


class ArticleDetailSerializer(ArticleSerializer):
    claims = ArticleClaimSerializer(many=True, read_only=True, source="claim_list")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "claims"]


class ClaimSerializer(serializers.ModelSerializer):
    """A row of the claims list: the columns the page shows."""

    article = ArticleBriefSerializer(read_only=True)
    assignee = UserNameField()
    group_size = serializers.IntegerField(read_only=True, default=0)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "claimant",
            "language",
            "status",
            "triage",
            "checkworthiness",
            "status_changed_at",
            "review_by",
            "created_at",
            "version",
            "article",
            "assignee",
            "group_id",
            "group_size",
            "page_url",
        ]

    def to_representation(self, claim: Claim) -> dict:
        """The fields above, built directly: the claims list serialises 50 of these per page, and DRF's
        generic field-by-field walk was most of the request's Python time. tests/test_api_lists.py
        checks that both give the same document."""
        article, assignee = claim.article, claim.assignee
        return {
            "id": claim.pk,
            "text": claim.text,
            "claimant": claim.claimant,
            "language": claim.language,
            "status": claim.status,
            "triage": claim.triage,
            "checkworthiness": claim.checkworthiness,
            "status_changed_at": _DATETIME.to_representation(claim.status_changed_at)
            if claim.status_changed_at
            else None,
            "review_by": claim.review_by.isoformat() if claim.review_by else None,
            "created_at": _DATETIME.to_representation(claim.created_at),
            "version": claim.version,
            "article": {"id": article.pk, "title": article.title, "language": article.language},
            "assignee": assignee.get_username() if assignee is not None else None,
            "group_id": claim.group_id,
            "group_size": getattr(claim, "group_size", 0),
            "page_url": claim.get_absolute_url(),
        }


_DATETIME = serializers.DateTimeField()


class SourceSerializer(serializers.ModelSerializer):
    added_by = UserNameField()

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published", "archived_url", "added_by", "created_at"]
        read_only_fields = ["id", "added_by", "created_at"]

    def validate(self, attrs):
        for name in ("title", "publisher"):
            if name in attrs:
                attrs[name] = normalise_text(attrs[name]).strip()
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            return Source.objects.create(**validated_data)


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    linked_by = UserNameField()

    class Meta:
        model = Evidence
        fields = ["id", "source", "stance", "quote", "note", "linked_by", "created_at"]


class VerdictSerializer(serializers.ModelSerializer):
    editor = UserNameField()

    class Meta:
        model = Verdict
        fields = ["id", "status", "rationale", "review_by", "editor", "applied_from", "created_at"]


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = UserNameField()

    class Meta:
        model = ClaimEvent
        fields = ["id", "kind", "actor", "details", "created_at"]


class ClaimDetailSerializer(ClaimSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True, source="evidence_list")
    verdicts = VerdictSerializer(many=True, read_only=True, source="verdict_list")
    events = ClaimEventSerializer(many=True, read_only=True, source="event_list")

    to_representation = serializers.ModelSerializer.to_representation  # every field, the generic way

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "span_start",
            "span_end",
            "origin",
            "reasons",
            "evidence",
            "verdicts",
            "events",
        ]


class MatchSuggestionSerializer(serializers.ModelSerializer):
    other = ClaimSerializer(read_only=True)

    class Meta:
        model = MatchSuggestion
        fields = ["id", "score", "reasons", "state", "other"]


class MatchDecisionSerializer(serializers.Serializer):
    state = serializers.CharField()
    group = serializers.IntegerField(allow_null=True)
    learned_aliases = serializers.ListField(child=serializers.CharField())
    detail = serializers.CharField()


# --- Request bodies (documentation; articles/forms.py validates) -----------------------------


class ImportRequest(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="The article's text (or upload `files`).")
    title = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)
    publisher = serializers.CharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, help_text="Empty: detected.")
    files = serializers.ListField(child=serializers.FileField(), required=False, help_text="multipart only")


IMPORT_STATUSES = ["imported", "duplicate", "failed"]


class ImportResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=IMPORT_STATUSES)
    detail = serializers.CharField()
    name = serializers.CharField()
    candidates = serializers.IntegerField()
    article = ArticleSerializer(allow_null=True)


class ClaimEditRequest(serializers.Serializer):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(help_text="The version you read; a stale one answers 409.")


class LinkRequest(serializers.Serializer):
    source = serializers.IntegerField(required=False, help_text="An existing source's id, or give `url`.")
    url = serializers.URLField(required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    publisher = serializers.CharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    archived_url = serializers.URLField(required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    quote = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class VerdictRequest(serializers.Serializer):
    status = serializers.ChoiceField(choices=Verdict.Status.choices)
    rationale = serializers.CharField()
    review_by = serializers.DateField(required=False, allow_null=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
