from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit.models import SecurityEventKind
from lib.navigation import breadcrumbs
from lib.permissions import public, requires
from organisations import services as org_services
from organisations.models import Membership

from . import services
from .forms import AcceptInvitationForm, CodeForm, LoginForm, PasswordChangeForm, TokenForm, TotpConfirmForm
from .http import AuthenticatedHttpRequest, UserHttpRequest
from .middleware import mfa_required
from .models import SESSION_GEMEENTE_KEY, ApiToken


class KapstokLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login = public(KapstokLoginView.as_view())


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed attempts for this name from this address."""
    from .models import User

    username = str((credentials or {}).get("username", "") or request.POST.get("username", ""))[:254]
    user = User.objects.filter(email__iexact=username).first() if username else None
    services.record_for_user(SecurityEventKind.LOCKOUT, user=user, request=request, username=username)
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
@public
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)  # recorded in the security log by accounts.signals
    response = redirect("accounts:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@requires("user.self")
def profile(request: UserHttpRequest) -> HttpResponse:
    # 1 query: the user's memberships in every gemeente (visible through app.user)
    memberships = list(
        Membership.objects.filter(user=request.user.pk).select_related("gemeente").order_by("gemeente__name")
    )
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "breadcrumbs": [{"label": "Mijn account", "url": None}]},
    )


@require_POST
@requires("user.self")
def switch_gemeente(request: UserHttpRequest) -> HttpResponse:
    target = request.POST.get("gemeente", "")
    membership = (
        Membership.objects.filter(user=request.user.pk, gemeente_id=target).first() if _is_uuid(target) else None
    )
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
    """Join a gemeente through an invitation link.

    Whether the invited address already has an account is never shown: an anonymous visitor
    gets one form (a new password, or the existing account's password), and after sending
    it always the same answer: log in to continue. A logged-in visitor accepts with a button.
    """
    invitation = org_services.find_invitation(code)
    if invitation is not None and invitation.accepted_at and _has_joined(request, invitation):
        return _welcome(request, invitation)
    if invitation is None or not invitation.is_open:
        return _invitation_unusable(request, invitation)
    if request.user.is_authenticated:
        return _accept_as_logged_in(request, code, invitation)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        services.join_by_invitation(
            request=request,
            invitation=invitation,
            code=code,
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
        messages.info(request, f"Log in met {invitation.email} en uw wachtwoord om verder te gaan.")
        return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.path}))
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


def _has_joined(request: HttpRequest, invitation: Any) -> bool:
    """The logged-in user is the invited person and a member of the invitation's gemeente."""
    user = request.user
    return bool(
        user.is_authenticated
        and user.email.lower() == invitation.email.lower()
        and Membership.objects.filter(user=user.pk, gemeente_id=invitation.gemeente_id).exists()
    )


def _welcome(request: HttpRequest, invitation: Any) -> HttpResponse:
    request.session[SESSION_GEMEENTE_KEY] = str(invitation.gemeente_id)
    messages.success(request, f"Welkom bij {invitation.gemeente.name}.")
    return redirect("dashboard:home")


def _invitation_unusable(request: HttpRequest, invitation: Any) -> HttpResponse:
    reason = (
        "Deze uitnodiging bestaat niet."
        if invitation is None
        else "Deze uitnodiging is al gebruikt."
        if invitation.accepted_at
        else "Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe uitnodiging."
    )
    status = 410 if invitation else 404
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


def _accept_as_logged_in(request: HttpRequest, code: str, invitation: Any) -> HttpResponse:
    if request.method == "POST":
        try:
            org_services.accept_invitation(code=code, user=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:profile")
        return _welcome(request, invitation)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": None})


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _crumbs(label: str) -> list[dict[str, str | None]]:
    return breadcrumbs(("Mijn account", reverse("accounts:profile")), (label, None), home=False)


# --- second factor ----------------------------------------------------------------------------

WRONG_CODE = "Deze code is niet juist of al gebruikt. Controleer de tijd op uw telefoon en probeer het opnieuw."


@requires("user.self")
def mfa(request: UserHttpRequest) -> HttpResponse:
    # 2 queries: a confirmed authenticator exists; recovery codes left (only when set up)
    enabled = services.has_second_factor(request.user)
    left = services.recovery_codes_left(request.user) if enabled else 0
    context = {"enabled": enabled, "codes_left": left, "breadcrumbs": _crumbs("Tweestapsverificatie")}
    return render(request, "accounts/mfa.html", context)


@requires("user.self")
def mfa_setup(request: UserHttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request, reverse("dashboard:home"))
    if services.has_second_factor(user):
        messages.info(request, "Tweestapsverificatie is al ingesteld.")
        return redirect("accounts:mfa")
    device = services.pending_totp_device(user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "setup": services.totp_setup_details(device, account=user.email),
        "next": next_url,
        "breadcrumbs": _crumbs("Tweestapsverificatie instellen"),
    }
    return render(request, "accounts/mfa_setup.html", context)


@requires("user.self")
def mfa_verify(request: UserHttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("dashboard:home"))
    if request.user.is_verified():
        return redirect(next_url)
    if not services.has_second_factor(request.user):
        return redirect(reverse("accounts:mfa_setup") + "?" + urlencode({"next": next_url}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(request=request, code=form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


@requires("user.self")
def mfa_disable(request: UserHttpRequest) -> HttpResponse:
    if not services.has_second_factor(request.user):
        return redirect("accounts:mfa")
    if mfa_required(request):
        messages.error(request, "Voor uw rol is tweestapsverificatie verplicht; u kunt deze niet uitschakelen.")
        return redirect("accounts:mfa")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.disable_second_factor(request=request, code=form.cleaned_data["code"]):
            messages.success(request, "Tweestapsverificatie is uitgeschakeld.")
            return redirect("accounts:mfa")
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "breadcrumbs": _crumbs("Tweestapsverificatie uitschakelen")}
    return render(request, "accounts/mfa_disable.html", context)


# --- password and sessions --------------------------------------------------------------------


@requires("user.self")
def password_change(request: UserHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(request=request, user=request.user, new_password=form.cleaned_data["new_password1"])
        messages.success(request, "Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd.")
        return redirect("accounts:profile")
    context = {"form": form, "breadcrumbs": _crumbs("Wachtwoord wijzigen")}
    return render(request, "accounts/password_change.html", context)


@requires("user.self")
def logout_everywhere(request: UserHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.logout_everywhere(request=request, user=request.user)
        auth_logout(request)
        messages.success(request, "U bent op al uw apparaten uitgelogd.")
        return redirect("accounts:login")
    return render(request, "accounts/logout_everywhere.html", {"breadcrumbs": _crumbs("Overal uitloggen")})


# --- personal API tokens ----------------------------------------------------------------------


@requires("account.self")
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: the tokens of the active membership
    rows = list(ApiToken.objects.visible_to(request.membership))
    return render(request, "accounts/apitoken_list.html", {"tokens": rows, "breadcrumbs": _crumbs("API-tokens")})


@requires("account.self")
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.create_token(
            request=request,
            membership=request.membership,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at,
        )
        # The raw token is shown on this response only; it is not stored anywhere.
        context = {"token": token, "raw": raw, "breadcrumbs": _crumbs("API-token aangemaakt")}
        return render(request, "accounts/apitoken_created.html", context)
    return render(request, "accounts/apitoken_form.html", {"form": form, "breadcrumbs": _crumbs("Nieuw API-token")})


@requires("account.self")
def token_revoke(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    token = ApiToken.objects.visible_to(request.membership).filter(pk=pk).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        services.revoke_token(request=request, token=token)
        messages.success(request, f"Het token '{token.name}' is ingetrokken.")
        return redirect("accounts:tokens")
    context = {"token": token, "breadcrumbs": _crumbs("API-token intrekken")}
    return render(request, "accounts/apitoken_revoke.html", context)
