from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from sobhxh.units.models import Employer

from . import scope


@login_required
def home(request):
    """The signed-in user's starting point: their dashboard (the centre, their office or
    their employer). A user without a role stays here and is told what to do."""
    place = scope.home(request.user)
    if isinstance(place, Employer):
        return redirect("progress:employer", place.code)
    if place is not None:
        return redirect("progress:office", place.code)
    return render(request, "accounts/home.html", {"place": None})


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login attempt: our page, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
