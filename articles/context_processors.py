from django.http import HttpRequest

from articles.models import Claim

DUE_CAP = 100


def navigation(request: HttpRequest) -> dict:
    """The count of claims due for review, shown in the navigation of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def due_count() -> str:
        # Counting stops at DUE_CAP: exact small numbers, "99+" beyond, without scanning every due claim.
        count = Claim.objects.due_for_review().order_by()[:DUE_CAP].count()
        return f"{DUE_CAP - 1}+" if count >= DUE_CAP else str(count or "")

    # A callable: evaluated (once) only by templates that show the navigation.
    return {
        "due_for_review_count": due_count,
        "can_edit": user.has_perm("articles.change_claim"),
    }
