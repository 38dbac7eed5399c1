from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import scope


@login_required
def home(request):
    """The signed-in user's starting page: who they are and what they see."""
    return render(request, "accounts/home.html", {"place": scope.home(request.user)})


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login attempt: our page, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
