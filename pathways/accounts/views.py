from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.accounts import lockout, two_factor
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        if two_factor.confirmed_device(user) is not None:
            return two_factor.begin_pending_login(
                self.request, user, next_url=self.get_success_url()
            )
        return super().form_valid(form)


login_view = LoginView.as_view()


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site sends anyone it refuses here. Signing in again cannot help a signed-in
    user without staff access (and would loop back to the admin), so they are told why."""
    if request.user.is_staff:
        return redirect("admin:index")
    if request.user.is_authenticated:
        raise PermissionDenied(_("The administration site is only for the regional MEL admin."))
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    if request.method == "GET":
        # Signing out is a POST (a link must not sign anyone out); someone who typed the
        # address gets the button instead of a blank page.
        response = render(request, "accounts/logout.html", status=405)
        response["Allow"] = "POST"
        return response
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The address of the start page before it moved to /, kept for bookmarks."""
    return redirect("home:home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("country", "organisation")
    context = {
        "memberships": memberships,
        "two_factor_device": two_factor.confirmed_device(request.user),
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the current one first, then a new one that passes the
    password rules (AUTH_PASSWORD_VALIDATORS). Other sessions of the user end; this one
    stays signed in. The change is audited, the password never."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The current password is guessed here as on the sign-in page (by whoever finds a
        # session left open), so the same locks refuse to check it and failures count.
        if lockout.is_locked_out(request, request.user):
            return lockout.lockout_response(request, None, None)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        if form.has_error("old_password", "password_incorrect"):
            lockout.report_wrong_password(self.request, self.request.user)
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(
                actor=self.request.user,
                action=AuditEvent.Action.UPDATE,
                instance=self.request.user,
                changes={"password": ["(hidden)", "(changed)"]},
            )
        messages.success(self.request, _("Your password is changed."))
        return response


password_change = PasswordChangeView.as_view()
