"""The inbox: a user's notices, unread first, each with its link and a "mark as read"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from pathways.notifications.access import notification_for, notifications_for, unread_count
from pathways.notifications.services import notification_mark_read

PAGE_SIZE = 25


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "unread": unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_for(request.user, pk)
    notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:inbox")
