from django.http import HttpRequest

from articles.models import Claim


def navigation(request: HttpRequest) -> dict:
    """The count of claims due for review, shown in the navigation of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def due_count() -> int:
        return Claim.objects.due_for_review().count()

    # A callable: evaluated (once) only by templates that show the navigation.
    return {
        "due_for_review_count": due_count,
        "can_edit": user.has_perm("articles.change_claim"),
    }
