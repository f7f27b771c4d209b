from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.lib.forms import plain_form_class


def _versioned(model: type[models.Model]) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the record was loaded with, as the app's own edit forms do, and
    refuses the save when someone saved the record since: the admin would otherwise write
    back every value it loaded, silently undoing their change."""

    # Not named `version`: the admin would take it for the model's non-editable field.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            self.fields["loaded_version"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("loaded_version") is not None:
            # The admin saves in one transaction: the row stays locked until it is saved.
            current = (
                type(self.instance)
                .objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != cleaned["loaded_version"]:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this record while you were editing it. Open it "
                        "again to see their changes, then make yours."
                    ),
                    code="conflict",
                )
        return cleaned


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin whose saves and deletes are recorded in the audit trail, in the same transaction,
    and whose text fields drop control characters like the app's forms.

    Records with a `version` (events) are saved as the app's services save them: a form
    loaded before someone else's save is refused, and every save moves the version on, so
    forms and API clients holding the old version get a conflict instead of undoing it.
    """

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if form_class := plain_form_class(db_field):
            kwargs.setdefault("form_class", form_class)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        if _versioned(self.model) and "form" not in kwargs:
            kwargs["form"] = type("VersionedForm", (VersionedAdminForm, self.form), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Many-to-many values are saved after save_model, so the snapshot is finished in
        # save_related; keep the "before" here.
        before = type(obj).objects.get(pk=obj.pk) if change else None
        obj._audit_before = snapshot(before) if before else {}
        if before is not None and _versioned(type(obj)) and form.has_changed():
            obj.version = before.version + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes = diff(getattr(obj, "_audit_before", {}), snapshot(obj))
        if changes or not change:
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
                instance=obj,
                changes=changes,
                source=AuditEvent.Source.ADMIN,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.DELETE,
                instance=obj,
                changes=diff(snapshot(obj), {}),
                source=AuditEvent.Source.ADMIN,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "source", "content_type", "object_repr"]
    list_filter = ["action", "source", "content_type", "at"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
