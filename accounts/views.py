from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit.models import SecurityEventKind
from audit.services import record_security_event
from lib.permissions import public, requires
from organisations import services as org_services
from organisations.models import Membership

from .forms import AcceptInvitationForm, LoginForm
from .models import SESSION_GEMEENTE_KEY


class KapstokLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login = public(KapstokLoginView.as_view())


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed attempts for this name from this address."""
    record_security_event(
        SecurityEventKind.LOCKOUT,
        request=request,
        username=str((credentials or {}).get("username", ""))[:254],
    )
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
@public
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_security_event(SecurityEventKind.LOGOUT, request=request, user=request.user)
    auth_logout(request)
    response = redirect("accounts:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@requires("user.self")
def profile(request: HttpRequest) -> HttpResponse:
    # 1 query: the user's memberships in every gemeente (visible through app.user)
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("gemeente").order_by("gemeente__name")
    )
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "breadcrumbs": [{"label": "Mijn account", "url": None}]},
    )


@require_POST
@requires("user.self")
def switch_gemeente(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("gemeente", "")
    membership = Membership.objects.filter(user=request.user, gemeente_id=target).first() if _is_uuid(target) else None
    if membership is None:
        messages.error(request, "U bent geen lid van die gemeente.")
        return redirect("accounts:profile")
    request.session[SESSION_GEMEENTE_KEY] = str(membership.gemeente_id)
    messages.success(request, f"U werkt nu in {membership.gemeente.name}.")
    return redirect("dashboard:home")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@public
def accept_invitation(request: HttpRequest, code: str) -> HttpResponse:
    """Join a gemeente through an invitation link; create an account if there is none."""
    invitation = org_services.find_invitation(code)
    if invitation is None or not invitation.is_open:
        reason = (
            "Deze uitnodiging bestaat niet."
            if invitation is None
            else "Deze uitnodiging is al gebruikt."
            if invitation.accepted_at
            else "Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe uitnodiging."
        )
        return render(
            request, "accounts/invitation_invalid.html", {"reason": reason}, status=410 if invitation else 404
        )
    from .models import User

    existing = User.objects.filter(email__iexact=invitation.email).exists()
    if request.user.is_authenticated or existing:
        if not request.user.is_authenticated:
            messages.info(request, "Log in om de uitnodiging te accepteren.")
            return redirect(f"/inloggen?next={request.path}")
        if request.method == "POST":
            try:
                membership = org_services.accept_invitation(code=code, user=request.user, request=request)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("accounts:profile")
            request.session[SESSION_GEMEENTE_KEY] = str(membership.gemeente_id)
            return redirect("dashboard:home")
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": None})
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = org_services.accept_invitation(
                code=code,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            auth_login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_GEMEENTE_KEY] = str(membership.gemeente_id)
            messages.success(request, f"Welkom bij {invitation.gemeente.name}.")
            return redirect("dashboard:home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default
