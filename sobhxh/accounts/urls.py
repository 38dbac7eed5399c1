from django.contrib.auth import views as auth_views
from django.urls import path

from sobhxh.api import views as api_views

# Un-namespaced names (login, logout, password_change…) as Django's own auth URLs use, so
# that LOGIN_URL and the admin's links work unchanged.
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The user's own API tokens.
    path("tokens/", api_views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", api_views.revoke, name="api_token_revoke"),
]
