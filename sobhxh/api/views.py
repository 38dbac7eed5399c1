"""The signed-in user's own API tokens (/accounts/tokens/): the list, a new one (its
secret shown once, on the answer to the form, never again) and revoking one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import TokenForm


@never_cache
@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        made = services.create_token(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm()
    context = {"form": form, "made": made, "tokens": selectors.tokens_of(request.user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke(request, pk: int):
    token = selectors.token_of_user_or_404(request.user, pk)
    services.revoke_token(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
